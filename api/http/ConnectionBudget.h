#pragma once

#include "ConnectionLimits.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace cadenio::api {

// Counts open connections over all serving threads, in total and per client address,
// against the limits. Thread-safe: every serving thread accepts through the same budget.
class ConnectionBudget
{
public:
    enum class Refusal
    {
        None,
        TooManyFromClient,
        TooMany,
    };

    ConnectionLimits limits() const;
    void setLimits(const ConnectionLimits &limits);

    // Counts a connection from `client` unless a limit is reached; each successful call is
    // balanced by exactly one release().
    Refusal acquire(const QString &client);
    void release(const QString &client);

    int openConnections() const;

private:
    mutable QMutex m_mutex;
    ConnectionLimits m_limits;
    QHash<QString, int> m_perClient;
    int m_total = 0;
};

} // namespace cadenio::api
