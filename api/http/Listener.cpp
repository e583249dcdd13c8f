#include "Listener.h"

#include "ConnectionBudget.h"

#include <QTcpSocket>

#include <unistd.h>

namespace cadenio::api {

Listener::Listener(QObject *server, std::shared_ptr<ConnectionBudget> budget,
                   ConnectionGuard::BodyLimit bodyLimit)
    : QTcpServer(server)
    , m_server(server)
    , m_budget(std::move(budget))
    , m_bodyLimit(std::move(bodyLimit))
{}

void Listener::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(int(descriptor));
        delete socket;
        return;
    }
    const QString client = socket->peerAddress().toString();
    const ConnectionLimits limits = m_budget->limits();
    const ConnectionBudget::Refusal refusal = m_budget->acquire(client);
    if (refusal != ConnectionBudget::Refusal::None) {
        auto *guard = new ConnectionGuard(socket, nullptr, limits, m_bodyLimit);
        guard->reject(503, "TOO_MANY_CONNECTIONS",
                      refusal == ConnectionBudget::Refusal::TooManyFromClient
                          ? QStringLiteral("Too many open connections from your address (at most "
                                           "%1); close some and retry.")
                                .arg(limits.maxConnectionsPerClient)
                          : QStringLiteral("The server has too many open connections (at most "
                                           "%1); retry shortly.")
                                .arg(limits.maxConnections),
                      "Retry-After: 1\r\n");
        return;
    }
    // Connected before QHttpServer connects its own slots, so the guard sees bytes first.
    new ConnectionGuard(socket, m_server, limits, m_bodyLimit, m_budget, client);
    addPendingConnection(socket);
}

} // namespace cadenio::api
