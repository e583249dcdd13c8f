#pragma once

#include "ConnectionGuard.h"

#include <QTcpServer>

#include <memory>

namespace cadenio::api {

class ConnectionBudget;

// The listening socket of one serving thread. Every accepted connection is counted in the
// shared budget and watched by a ConnectionGuard before QHttpServer sees it; one over the
// connection limits is answered 503 and closed without reaching the server.
class Listener final : public QTcpServer
{
    Q_OBJECT
public:
    Listener(QObject *server, std::shared_ptr<ConnectionBudget> budget,
             ConnectionGuard::BodyLimit bodyLimit);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QObject *m_server;
    std::shared_ptr<ConnectionBudget> m_budget;
    ConnectionGuard::BodyLimit m_bodyLimit;
};

} // namespace cadenio::api
