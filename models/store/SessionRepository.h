#pragma once

#include "domain/Session.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

class SessionRepository
{
public:
    explicit SessionRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    // A live session (not revoked, not expired at `now`, user still active).
    std::optional<Session> findLive(const QString &tokenHash, qint64 now) const;
    void insert(const Session &session, const QString &tokenHash);
    void revoke(const QString &tokenHash, qint64 now);

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
