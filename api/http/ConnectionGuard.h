#pragma once

#include "ConnectionLimits.h"
#include "RequestFraming.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace cadenio::api {

class ConnectionBudget;

// Watches one connection from in front of QHttpServer: it sees every byte first (its
// readyRead slot is connected before the server's), follows the framing of each request
// (head, then Content-Length bytes of body) and enforces the ConnectionLimits. A request
// over a limit is answered here, with the API's JSON error body and `Connection: close`,
// before the server buffers any more of it; then the connection is closed gracefully
// (write side first, the rest of what the client sends is discarded), so the client reads
// the answer instead of a reset.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    using BodyLimit = RequestFraming::BodyLimit;

    // Becomes a child of `socket`. `server` is the QHttpServer reading the socket; with a
    // `budget`, the connection is counted there until the guard is destroyed.
    ConnectionGuard(QTcpSocket *socket, QObject *server, const ConnectionLimits &limits,
                    BodyLimit bodyLimit, std::shared_ptr<ConnectionBudget> budget = {},
                    QString client = {});
    ~ConnectionGuard() override;

    // Answers with an error and closes. Also for a connection the server never saw (e.g.
    // refused for the connection limits): the guard then deletes the socket when done.
    void reject(int status, QByteArrayView code, const QString &message,
                const QByteArray &extraHeaders = {});

    // A request is partly received: a graceful stop waits for it.
    bool isMidRequest() const;

private:
    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    // Starts the deadline of what the connection now waits for, when that changed.
    void followPhase();

    QTcpSocket *m_socket;
    QObject *m_server;
    ConnectionLimits m_limits;
    RequestFraming m_framing;
    std::shared_ptr<ConnectionBudget> m_budget;
    QString m_client;
    RequestFraming::Phase m_phase = RequestFraming::Phase::Idle;
    int m_heads = 0;
    bool m_closing = false;
    QTimer m_requestTimer; // header or body deadline of the current request
    QTimer m_idleTimer;
    bool m_shutDown = false;
};

} // namespace cadenio::api
