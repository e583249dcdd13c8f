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
// " HTTP/1.1" after the request target, not yet received when the line is incomplete.
constexpr int kVersionSuffix = 9;

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

// Index just past the empty line that ends a head, searching from `from`; -1 while there
// is none yet. Bare LF line ends count too, as QHttpServer's parser accepts them.
qsizetype headEnd(const QByteArray &head, qsizetype from)
{
    for (qsizetype i = head.indexOf('\n', from); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i + 1 < head.size() && head.at(i + 1) == '\n')
            return i + 2;
        if (i + 2 < head.size() && head.at(i + 1) == '\r' && head.at(i + 2) == '\n')
            return i + 3;
    }
    return -1;
}

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, QObject *server,
                                 const ConnectionLimits &limits, BodyLimit bodyLimit,
                                 std::shared_ptr<ConnectionBudget> budget, QString client)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
    , m_limits(limits)
    , m_bodyLimit(std::move(bodyLimit))
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
    return m_state == State::Body || (m_state == State::Head && !m_head.isEmpty());
}

void ConnectionGuard::onReadyRead()
{
    if (m_state == State::Closing) {
        m_socket->readAll();
        return;
    }
    m_idleTimer.start(m_limits.idleTimeoutMs);
    // Peek only: the server reads the same bytes right after this slot returns.
    scan(m_socket->peek(m_socket->bytesAvailable()));
}

void ConnectionGuard::onBytesWritten()
{
    if (m_state != State::Closing) {
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
    if (m_state == State::Closing) {
        m_socket->abort();
        return;
    }
    if (isMidRequest()) {
        reject(408, "REQUEST_TIMEOUT",
               QStringLiteral("The request did not arrive in time; the connection is closed."));
        return;
    }
    // Nothing started: an idle keep-alive connection, or one that never sent anything.
    m_state = State::Closing;
    m_requestTimer.stop();
    m_idleTimer.start(kLingerMs);
    m_socket->disconnectFromHost();
}

bool ConnectionGuard::scan(QByteArrayView bytes)
{
    qsizetype i = 0;
    while (i < bytes.size()) {
        if (m_state == State::Body) {
            const qsizetype take = qsizetype(qMin<qint64>(m_bodyLeft, bytes.size() - i));
            m_bodyLeft -= take;
            i += take;
            if (m_bodyLeft == 0) {
                m_state = State::Head;
                m_requestTimer.stop();
            }
            continue;
        }
        if (m_head.isEmpty()) {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            if (bytes[i] == '\r' || bytes[i] == '\n') {
                ++i;
                continue;
            }
            m_requestTimer.start(m_limits.headerTimeoutMs);
        }
        const qsizetype old = m_head.size();
        // One byte over the limit is enough to know it is over.
        const qsizetype take = qMin(qsizetype(m_limits.maxHeaderBytes) + 1 - old, bytes.size() - i);
        m_head.append(bytes.sliced(i, take));
        const qsizetype end = headEnd(m_head, qMax<qsizetype>(0, old - 2));
        if (end < 0) {
            i += take;
            if (!checkHead())
                return false;
            continue;
        }
        i += end - old;
        m_head.truncate(end);
        if (!checkHead() || !headComplete())
            return false;
        m_head.clear();
    }
    return true;
}

bool ConnectionGuard::checkHead()
{
    const qsizetype lineEnd = m_head.indexOf('\n');
    const QByteArrayView line =
        lineEnd < 0 ? QByteArrayView(m_head) : QByteArrayView(m_head).first(lineEnd);
    const qsizetype firstSpace = line.indexOf(' ');
    qsizetype target = 0;
    if (lineEnd >= 0) {
        const qsizetype lastSpace = line.lastIndexOf(' ');
        target = lastSpace > firstSpace ? lastSpace - firstSpace - 1 : line.size();
    } else {
        target = line.size() - (firstSpace + 1) - kVersionSuffix;
    }
    if (target > m_limits.maxUrlBytes) {
        reject(414, "URI_TOO_LONG",
               QStringLiteral("The request target exceeds %1 bytes.").arg(m_limits.maxUrlBytes));
        return false;
    }
    if (m_head.size() > m_limits.maxHeaderBytes) {
        reject(431, "HEADERS_TOO_LARGE",
               QStringLiteral("The request line and headers exceed %1 bytes.")
                   .arg(m_limits.maxHeaderBytes));
        return false;
    }
    return true;
}

bool ConnectionGuard::headComplete()
{
    QByteArray contentType;
    std::optional<qint64> length;
    const QList<QByteArray> lines = m_head.split('\n');
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QByteArray &line = lines.at(n);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue; // the empty last line; anything malformed is the server parser's to refuse
        const QByteArray name = line.first(colon).trimmed().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            // Without a declared length no limit can be enforced before the body is
            // buffered, so a length is required (RFC 9110 §15.5.12).
            reject(411, "LENGTH_REQUIRED",
                   QStringLiteral("Send the body with Content-Length; Transfer-Encoding is not "
                                  "accepted."));
            return false;
        }
        if (name == "content-length") {
            const qint64 declared = value.size() <= 18 && isDigits(value) ? value.toLongLong() : -1;
            if (declared < 0 || (length && *length != declared)) {
                reject(400, "INVALID_REQUEST",
                       QStringLiteral("'Content-Length' must be one non-negative integer."));
                return false;
            }
            length = declared;
        } else if (name == "content-type") {
            contentType = value;
        }
    }
    const qint64 limit = m_bodyLimit(contentType);
    if (length.value_or(0) > limit) {
        reject(413, "PAYLOAD_TOO_LARGE",
               QStringLiteral("The request body exceeds %1 bytes.").arg(limit));
        return false;
    }
    m_bodyLeft = length.value_or(0);
    if (m_bodyLeft > 0) {
        m_state = State::Body;
        m_requestTimer.start(m_limits.bodyTimeoutMs);
    } else {
        m_requestTimer.stop();
    }
    return true;
}

void ConnectionGuard::reject(int status, QByteArrayView code, const QString &message,
                             const QByteArray &extraHeaders)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
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
