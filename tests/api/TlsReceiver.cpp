#include "TlsReceiver.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QProcess>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace cadenio::test {

namespace {
// Far above any webhook body; a request claiming more is a broken test, not a big event.
constexpr qsizetype kMaxRequestBytes = 4 * 1024 * 1024;

QByteArray readAllOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

std::optional<TestCertificate> TestCertificate::create(const QString &dir, QString *error)
{
    TestCertificate result;
    result.certificateFile = QDir(dir).filePath(u"cert.pem"_s);
    result.keyFile = QDir(dir).filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s,
                   u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-days"_s,
                   u"2"_s, u"-keyout"_s, result.keyFile, u"-out"_s, result.certificateFile});
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        *error =
            u"openssl failed: %1"_s.arg(QString::fromLocal8Bit(openssl.readAllStandardError()));
        return std::nullopt;
    }
    result.certificate = QSslCertificate(readAllOf(result.certificateFile), QSsl::Pem);
    result.key = QSslKey(readAllOf(result.keyFile), QSsl::Rsa, QSsl::Pem);
    if (result.certificate.isNull() || result.key.isNull()) {
        *error = u"openssl wrote no usable certificate or key in %1"_s.arg(dir);
        return std::nullopt;
    }
    return result;
}

QString ReceivedRequest::eventId() const
{
    return QJsonDocument::fromJson(body).object().value(QLatin1String("id")).toString();
}

TlsReceiver::TlsReceiver(TestCertificate certificate, QObject *parent)
    : QTcpServer(parent)
    , m_certificate(std::move(certificate))
{}

TlsReceiver::~TlsReceiver()
{
    shutDown();
}

void TlsReceiver::setStatuses(const QByteArray &path, const QList<int> &statuses)
{
    m_statuses.insert(path, statuses);
}

void TlsReceiver::setHeld(const QByteArray &path, bool held)
{
    m_held.insert(path, held);
    if (held)
        return;
    const QList<Held> waiting = std::exchange(m_waiting, {});
    for (const Held &entry : waiting) {
        if (entry.path != path)
            m_waiting << entry;
        else if (entry.socket)
            answer(entry.socket, entry.path, nextStatus(entry.path));
    }
}

void TlsReceiver::reset()
{
    m_statuses.clear();
    for (const QByteArray &path : m_held.keys())
        setHeld(path, false);
}

void TlsReceiver::shutDown()
{
    close();
    for (const QPointer<QSslSocket> &socket : std::exchange(m_sockets, {})) {
        if (socket) {
            forgetHeld(socket);
            socket->abort();
            socket->deleteLater();
        }
    }
}

void TlsReceiver::setCountOnly(bool countOnly)
{
    m_countOnly = countOnly;
}

QList<ReceivedRequest> TlsReceiver::received() const
{
    const QMutexLocker lock(&m_mutex);
    return m_received;
}

QList<ReceivedRequest> TlsReceiver::receivedOn(const QByteArray &path) const
{
    QList<ReceivedRequest> result;
    const QMutexLocker lock(&m_mutex);
    for (const ReceivedRequest &request : m_received) {
        if (request.path == path)
            result << request;
    }
    return result;
}

int TlsReceiver::count() const
{
    const QMutexLocker lock(&m_mutex);
    return m_count;
}

int TlsReceiver::openNow(const QByteArray &path) const
{
    const QMutexLocker lock(&m_mutex);
    return m_open.value(path);
}

int TlsReceiver::maxOpen(const QByteArray &path) const
{
    const QMutexLocker lock(&m_mutex);
    return m_maxOpen.value(path);
}

void TlsReceiver::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    m_sockets << socket;
    socket->setLocalCertificate(m_certificate.certificate);
    socket->setPrivateKey(m_certificate.key);
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QSslSocket::readyRead, this,
            [this, socket, buffer] { readRequests(socket, *buffer); });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] {
        // A client that gave up on a held request no longer counts as open.
        forgetHeld(socket);
        m_sockets.removeAll(socket);
        socket->deleteLater();
    });
    socket->startServerEncryption();
}

void TlsReceiver::readRequests(QSslSocket *socket, QByteArray &buffer)
{
    buffer += socket->readAll();
    // Keep-alive: several requests may arrive on one connection, one after the other.
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        ReceivedRequest request;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (length < 0 || length > kMaxRequestBytes) {
            socket->abort();
            return;
        }
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);

        {
            const QMutexLocker lock(&m_mutex);
            ++m_count;
            const int open = ++m_open[request.path];
            m_maxOpen[request.path] = std::max(m_maxOpen.value(request.path), open);
            if (!m_countOnly)
                m_received << request;
        }
        if (m_held.value(request.path))
            m_waiting << Held{socket, request.path};
        else
            answer(socket, request.path, nextStatus(request.path));
    }
}

void TlsReceiver::answer(QSslSocket *socket, const QByteArray &path, int status)
{
    {
        const QMutexLocker lock(&m_mutex);
        --m_open[path];
    }
    socket->write("HTTP/1.1 " + QByteArray::number(status) + " Test\r\nContent-Length: 0\r\n\r\n");
}

int TlsReceiver::nextStatus(const QByteArray &path)
{
    QList<int> &script = m_statuses[path];
    return script.isEmpty() ? 200 : script.takeFirst();
}

void TlsReceiver::forgetHeld(QSslSocket *socket)
{
    for (qsizetype i = m_waiting.size() - 1; i >= 0; --i) {
        const Held &entry = m_waiting.at(i);
        if (entry.socket && entry.socket != socket)
            continue;
        {
            const QMutexLocker lock(&m_mutex);
            --m_open[entry.path];
        }
        m_waiting.removeAt(i);
    }
}

} // namespace cadenio::test
