#include "ConnectionGuard.h"

#include "ConnectionBudget.h"
#include "domain/Ids.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <sys/socket.h>

namespace cadenio::api {

namespace {

// After an error answer, how long the rest of what the client sends is read and dropped
// before the connection is cut: closing with unread input makes the kernel send a reset,
// and a reset can destroy the answer before the client has read it.
constexpr int kLingerMs = 2000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, QObject *server,
                                 const ConnectionLimits &limits, BodyLimit bodyLimit,
                                 std::shared_ptr<ConnectionBudget> budget, QString client)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
    , m_limits(limits)
    , m_framing(limits, std::move(bodyLimit))
    , m_budget(std::move(budget))
    , m_client(std::move(client))
{
    m_requestTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    connect(&m_requestTimer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    if (!server) {
        // Nobody else knows this socket: it goes when the connection does.
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
    // A connection must say what it wants soon after it is opened.
    m_requestTimer.start(m_limits.headerTimeoutMs);
    m_idleTimer.start(m_limits.idleTimeoutMs);
}

ConnectionGuard::~ConnectionGuard()
{
    if (m_budget)
        m_budget->release(m_client);
}

bool ConnectionGuard::isMidRequest() const
{
    return !m_closing && m_framing.phase() != RequestFraming::Phase::Idle;
}

void ConnectionGuard::onReadyRead()
{
    if (m_closing) {
        m_socket->readAll();
        return;
    }
    m_idleTimer.start(m_limits.idleTimeoutMs);
    // Peek only: the server reads the same bytes right after this slot returns.
    if (const auto rejection = m_framing.feed(m_socket->peek(m_socket->bytesAvailable()))) {
        reject(rejection->status, rejection->code, rejection->message);
        return;
    }
    followPhase();
}

void ConnectionGuard::followPhase()
{
    const RequestFraming::Phase phase = m_framing.phase();
    const int heads = m_framing.headsCompleted();
    if (phase == m_phase && heads == m_heads)
        return;
    m_phase = phase;
    m_heads = heads;
    switch (phase) {
    case RequestFraming::Phase::Idle:
        m_requestTimer.stop();
        break;
    case RequestFraming::Phase::Head:
        m_requestTimer.start(m_limits.headerTimeoutMs);
        break;
    case RequestFraming::Phase::Body:
        m_requestTimer.start(m_limits.bodyTimeoutMs);
        break;
    }
}

void ConnectionGuard::onBytesWritten()
{
    if (!m_closing) {
        m_idleTimer.start(m_limits.idleTimeoutMs);
        return;
    }
    if (!m_shutDown && m_socket->bytesToWrite() == 0 &&
        m_socket->state() == QAbstractSocket::ConnectedState) {
        // The answer is out: end our direction, keep draining theirs until they close.
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        m_shutDown = true;
    }
}

void ConnectionGuard::onTimeout()
{
    if (m_closing) {
        m_socket->abort();
        return;
    }
    if (isMidRequest()) {
        reject(408, "REQUEST_TIMEOUT",
               QStringLiteral("The request did not arrive in time; the connection is closed."));
        return;
    }
    // Nothing started: an idle keep-alive connection, or one that never sent anything.
    m_closing = true;
    m_requestTimer.stop();
    m_idleTimer.start(kLingerMs);
    m_socket->disconnectFromHost();
}

void ConnectionGuard::reject(int status, QByteArrayView code, const QString &message,
                             const QByteArray &extraHeaders)
{
    if (m_closing)
        return;
    m_closing = true;
    m_requestTimer.stop();
    // The server must not parse what follows, nor answer this request a second time.
    if (m_server)
        QObject::disconnect(m_socket, &QTcpSocket::readyRead, m_server, nullptr);
    m_socket->readAll();

    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("code"), QString::fromLatin1(code)},
                                  {QStringLiteral("message"), message}})
            .toJson(QJsonDocument::Compact);
    QByteArray response =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Request-Id: " +
        ids::generate(u"req_").toLatin1() + "\r\n" + extraHeaders + "\r\n" + body;
    m_socket->write(response);
    m_idleTimer.start(kLingerMs);
    m_socket->flush();
    onBytesWritten();
}

} // namespace cadenio::api
