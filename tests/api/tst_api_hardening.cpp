// The connection layer in front of the pipeline: what a client that never finishes its
// request, opens too many connections, or sends oversized heads gets, over raw sockets,
// since a client library would refuse to misbehave this way.

#include "ApiFixture.h"

#include "http/ConnectionLimits.h"
#include "http/RequestFraming.h"
#include "http/Server.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <thread>

#include <sys/socket.h>

using namespace Qt::StringLiterals;
using cadenio::api::ConnectionLimits;
using cadenio::test::ApiFixture;
using cadenio::test::RawResponse;

namespace {

constexpr int kWaitMs = 10000;

// Short limits, so every timeout is seen within about a second.
ConnectionLimits testLimits()
{
    ConnectionLimits limits;
    limits.headerTimeoutMs = 600;
    limits.bodyTimeoutMs = 900;
    limits.idleTimeoutMs = 1500;
    limits.maxUrlBytes = 1024;
    limits.maxHeaderBytes = 4096;
    return limits;
}

// One raw connection, optionally from another loopback address, read until it closes.
class Client
{
public:
    explicit Client(quint16 port, const QHostAddress &from = QHostAddress::LocalHost)
    {
        m_socket.setProxy(QNetworkProxy::NoProxy);
        m_socket.bind(from);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_connected = m_socket.waitForConnected(kWaitMs);
    }

    bool isConnected() const { return m_connected; }
    QTcpSocket &socket() { return m_socket; }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(kWaitMs);
    }

    // Everything the server sends until it closes the connection; false on timeout.
    bool readUntilClosed(int timeoutMs = kWaitMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
            m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            m_received += m_socket.readAll();
        }
        m_received += m_socket.readAll();
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

    // The first complete response received so far (or after waiting for one).
    std::optional<RawResponse> response(int timeoutMs = kWaitMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            m_received += m_socket.readAll();
            const qsizetype headEnd = m_received.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                RawResponse r;
                r.head = m_received.left(headEnd);
                r.status = r.head.left(r.head.indexOf("\r\n")).split(' ').value(1).toInt();
                const qsizetype length = r.header("Content-Length").toLongLong();
                if (m_received.size() >= headEnd + 4 + length) {
                    r.body = m_received.mid(headEnd + 4, length);
                    m_received.remove(0, headEnd + 4 + length);
                    return r;
                }
            }
            if (deadline.hasExpired() || m_socket.state() == QAbstractSocket::UnconnectedState ||
                !m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
                m_received += m_socket.readAll();
                if (m_received.indexOf("\r\n\r\n") < 0)
                    return std::nullopt;
            }
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_connected = false;
};

QByteArray get(const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

// An empty string when `response` is the JSON error `status`/`code` that closes the
// connection; otherwise what differs.
QString mismatch(const std::optional<RawResponse> &response, int status, const QString &code)
{
    if (!response)
        return u"no response at all"_s;
    const QJsonObject body = QJsonDocument::fromJson(response->body).object();
    if (response->status != status || body.value("code"_L1).toString() != code ||
        body.value("message"_L1).toString().isEmpty() ||
        response->header("X-Request-Id").isEmpty() ||
        response->header("Content-Type") != "application/json")
        return u"expected %1 %2, got:\n%3\n\n%4"_s.arg(status).arg(
            code, QString::fromLatin1(response->head), QString::fromUtf8(response->body));
    return {};
}

#define VERIFY_REJECTED(response, status, code)                                                    \
    do {                                                                                           \
        const QString why_ = mismatch((response), (status), (code));                               \
        QVERIFY2(why_.isEmpty(), qPrintable(why_));                                                \
    } while (false)

} // namespace

class TestApiHardening : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void framingAtTheLimits_data();
    void framingAtTheLimits();
    void slowlorisHeadersAreCutOff();
    void silentConnectionIsClosed();
    void idleKeepAliveIsClosed();
    void stalledBodyIsCutOff();
    void longUrl_data();
    void longUrl();
    void hugeHeaders_data();
    void hugeHeaders();
    void oversizeBodyRefusedBeforeItIsSent();
    void chunkedBodyNeedsLength();
    void conflictingLengthsRefused();
    void pipelinedRequestsAllAnswered();
    void tooManyConnections();
    void stopFinishesRequestInFlight();

private:
    // Closes the fixture client's keep-alive connections and waits until the server has
    // counted them out, so a test starts from zero open connections.
    bool quiesce();

    ApiFixture m_fx;
};

void TestApiHardening::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_fx.server().setConnectionLimits(testLimits());
}

void TestApiHardening::cleanupTestCase()
{
    m_fx.stop();
}

void TestApiHardening::init()
{
    m_fx.server().setConnectionLimits(testLimits());
}

bool TestApiHardening::quiesce()
{
    m_fx.network().clearConnectionCache();
    QDeadlineTimer deadline(kWaitMs);
    while (m_fx.server().openConnections() != 0 && !deadline.hasExpired())
        QTest::qWait(20);
    return m_fx.server().openConnections() == 0;
}

void TestApiHardening::framingAtTheLimits_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("status"); // 0: accepted
    QTest::addColumn<int>("heads");

    // testLimits(): target 1024 bytes, head 4096 bytes; JSON bodies 1 MiB.
    const QByteArray atLimit = "/" + QByteArray(1023, 'a');
    QTest::addRow("target at the limit") << get(atLimit) << 0 << 1;
    QTest::addRow("target one over") << get(atLimit + "a") << 414 << 0;
    const QByteArray line = "GET / HTTP/1.1\r\n";
    const QByteArray filler = "X: " + QByteArray(4096 - line.size() - 2 - 5, 'v') + "\r\n";
    QTest::addRow("head at the limit") << QByteArray(line + filler + "\r\n") << 0 << 1;
    QTest::addRow("head one over")
        << QByteArray(line + "X: v" + filler.mid(3) + "\r\n") << 431 << 0;
    QTest::addRow("body at the limit")
        << QByteArray("POST /v1/sessions HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n") << 0 << 1;
    QTest::addRow("body one over")
        << QByteArray("POST /v1/sessions HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n") << 413 << 0;
    QTest::addRow("upload over the JSON limit")
        << QByteArray("POST /v1/files HTTP/1.1\r\nContent-Type: multipart/form-data; "
                      "boundary=x\r\nContent-Length: 2000000\r\n\r\n")
        << 0 << 1;
    QTest::addRow("length not a number")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400 << 0;
    QTest::addRow("a body hides no request")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 18\r\n\r\nGET / HTTP/1.1\r\n\r\n" +
                      get("/"))
        << 0 << 2;
    QTest::addRow("bare LF and blank lines between requests")
        << QByteArray("GET / HTTP/1.1\n\n\r\n\r\nGET / HTTP/1.1\nHost: a\n\n") << 0 << 2;
}

void TestApiHardening::framingAtTheLimits()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, status);
    QFETCH(int, heads);
    const auto bodyLimit = [](QByteArrayView type) -> qint64 {
        return type.startsWith("multipart/form-data") ? 25 * 1024 * 1024 : 1024 * 1024;
    };
    // Whole and byte by byte: the same decision.
    for (const bool byteByByte : {false, true}) {
        cadenio::api::RequestFraming framing(testLimits(), bodyLimit);
        std::optional<cadenio::api::RequestFraming::Rejection> rejection;
        if (byteByByte) {
            for (qsizetype i = 0; i < stream.size() && !rejection; ++i)
                rejection = framing.feed(QByteArrayView(stream).sliced(i, 1));
        } else {
            rejection = framing.feed(stream);
        }
        QCOMPARE(rejection ? rejection->status : 0, status);
        QCOMPARE(framing.headsCompleted(), heads);
    }
}

void TestApiHardening::slowlorisHeadersAreCutOff()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    QElapsedTimer timer;
    timer.start();
    client.send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // One header byte every 100 ms: each keeps the connection busy, none completes the head.
    for (int i = 0; i < 30 && client.socket().state() == QAbstractSocket::ConnectedState; ++i) {
        client.send("X");
        QTest::qWait(100);
    }
    QVERIFY2(client.readUntilClosed(), "the server kept a slowloris connection open");
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 550, qPrintable(u"closed after %1 ms, before the timeout"_s.arg(elapsed)));
    QVERIFY2(elapsed < 5000, qPrintable(u"closed only after %1 ms"_s.arg(elapsed)));
    VERIFY_REJECTED(client.response(0), 408, u"REQUEST_TIMEOUT"_s);
}

void TestApiHardening::silentConnectionIsClosed()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(client.readUntilClosed(), "a connection that never sent anything stayed open");
    QVERIFY(timer.elapsed() >= 400);
    QVERIFY(!client.response(0)); // nothing asked, nothing answered
}

void TestApiHardening::idleKeepAliveIsClosed()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    client.send(get("/v1/health"));
    const auto first = client.response();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    // Still usable within the idle timeout…
    QTest::qWait(400);
    client.send(get("/v1/health"));
    const auto second = client.response();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    // …and closed once idle for longer.
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(client.readUntilClosed(), "an idle keep-alive connection stayed open");
    QVERIFY2(timer.elapsed() >= 1000, qPrintable(QString::number(timer.elapsed())));
}

void TestApiHardening::stalledBodyIsCutOff()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    client.send("POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nContent-Length: 100\r\n\r\n{\"email\":");
    QVERIFY2(client.readUntilClosed(), "a connection with a stalled body stayed open");
    VERIFY_REJECTED(client.response(0), 408, u"REQUEST_TIMEOUT"_s);
}

void TestApiHardening::longUrl_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<bool>("inPieces");
    const QByteArray over = "/v1/health?pad=" + QByteArray(1024, 'a');
    QTest::addRow("at once") << over << false;
    QTest::addRow("in pieces, refused before the line ends")
        << over + QByteArray(4000, 'b') << true;
    QTest::addRow("path only") << "/v1/" + QByteArray(2000, 'p') << false;
}

void TestApiHardening::longUrl()
{
    QFETCH(QByteArray, target);
    QFETCH(bool, inPieces);
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    const QByteArray request = get(target);
    if (inPieces) {
        // The request line never ends: the guard must judge it from what it has.
        for (qsizetype at = 0; at < 2048; at += 512)
            client.send(request.mid(at, 512));
    } else {
        client.send(request);
    }
    const auto response = client.response();
    VERIFY_REJECTED(response, 414, u"URI_TOO_LONG"_s);
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QVERIFY(client.readUntilClosed());
}

void TestApiHardening::hugeHeaders_data()
{
    QTest::addColumn<QByteArray>("headers");
    QByteArray many;
    for (int i = 0; i < 200; ++i)
        many += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(20, 'v') + "\r\n";
    QTest::addRow("many headers") << many;
    QTest::addRow("one huge cookie") << "Cookie: a=" + QByteArray(5000, 'c') + "\r\n";
}

void TestApiHardening::hugeHeaders()
{
    QFETCH(QByteArray, headers);
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    client.send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
    VERIFY_REJECTED(client.response(), 431, u"HEADERS_TOO_LARGE"_s);
    QVERIFY(client.readUntilClosed());
}

void TestApiHardening::oversizeBodyRefusedBeforeItIsSent()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    // Only the head is sent: the answer comes from the declared length alone.
    client.send("POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nContent-Length: 2000000\r\n\r\n");
    VERIFY_REJECTED(client.response(), 413, u"PAYLOAD_TOO_LARGE"_s);
    QVERIFY(client.readUntilClosed());
}

void TestApiHardening::chunkedBodyNeedsLength()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    client.send("POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    VERIFY_REJECTED(client.response(), 411, u"LENGTH_REQUIRED"_s);
}

void TestApiHardening::conflictingLengthsRefused()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    // Request smuggling needs two readers to disagree on the length; nobody gets to try.
    client.send("POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}");
    VERIFY_REJECTED(client.response(), 400, u"INVALID_REQUEST"_s);
}

void TestApiHardening::pipelinedRequestsAllAnswered()
{
    Client client(m_fx.server().port());
    QVERIFY(client.isConnected());
    const QByteArray body = R"({"email":"nobody@acme.example","password":"not it"})";
    // A body in the middle: the guard must follow the framing to see the third request.
    client.send(get("/v1/health") +
                "POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body + get("/v1/health"));
    const auto first = client.response();
    const auto second = client.response();
    const auto third = client.response();
    QVERIFY(first && second && third);
    QCOMPARE(first->status, 200);
    QCOMPARE(second->status, 401);
    QCOMPARE(third->status, 200);
}

void TestApiHardening::tooManyConnections()
{
    ConnectionLimits limits = testLimits();
    limits.idleTimeoutMs = 20000; // the held connections must stay while the test counts
    limits.headerTimeoutMs = 20000;
    limits.maxConnectionsPerClient = 3;
    limits.maxConnections = 4;
    m_fx.server().setConnectionLimits(limits);
    QVERIFY2(quiesce(), "connections of earlier tests are still counted");

    std::vector<std::unique_ptr<Client>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<Client>(m_fx.server().port()));
        held.back()->send(get("/v1/health"));
        const auto reply = held.back()->response();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }
    QTRY_COMPARE(m_fx.server().openConnections(), 3);

    // A fourth from the same address: over the per-client limit.
    Client fourth(m_fx.server().port());
    QVERIFY(fourth.isConnected());
    const auto refused = fourth.response();
    VERIFY_REJECTED(refused, 503, u"TOO_MANY_CONNECTIONS"_s);
    QCOMPARE(refused->header("Retry-After"), QByteArray("1"));
    QVERIFY(fourth.readUntilClosed());

    // Another address still gets one, up to the total.
    const QHostAddress other(u"127.0.0.2"_s);
    Client fifth(m_fx.server().port(), other);
    QVERIFY(fifth.isConnected());
    fifth.send(get("/v1/health"));
    const auto fifthReply = fifth.response();
    QVERIFY(fifthReply);
    QCOMPARE(fifthReply->status, 200);
    Client sixth(m_fx.server().port(), other);
    QVERIFY(sixth.isConnected());
    VERIFY_REJECTED(sixth.response(), 503, u"TOO_MANY_CONNECTIONS"_s);
    QCOMPARE(m_fx.server().openConnections(), 4);

    // A closed connection frees its place.
    held.front()->socket().disconnectFromHost();
    held.erase(held.begin());
    QTRY_COMPARE(m_fx.server().openConnections(), 3);
    Client again(m_fx.server().port());
    again.send(get("/v1/health"));
    const auto againReply = again.response();
    QVERIFY(againReply);
    QCOMPARE(againReply->status, 200);

    held.clear();
    fifth.socket().disconnectFromHost();
    again.socket().disconnectFromHost();
    QTRY_COMPARE(m_fx.server().openConnections(), 0);
}

void TestApiHardening::stopFinishesRequestInFlight()
{
    ApiFixture fx;
    QString error;
    QVERIFY2(fx.start(&error), qPrintable(error));
    Client client(fx.server().port());
    QVERIFY(client.isConnected());
    const QByteArray body = R"({"email":"nobody@acme.example","password":"not the password"})";
    client.send("POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body.left(10));
    QTest::qWait(200); // the server has the head and part of the body
    // The rest arrives while stop() waits on this thread: written from another one, on
    // the socket's descriptor directly.
    const int fd = int(client.socket().socketDescriptor());
    const QByteArray rest = body.mid(10);
    std::thread late([fd, rest] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::send(fd, rest.constData(), size_t(rest.size()), MSG_NOSIGNAL);
    });
    fx.server().stop();
    late.join();
    const auto reply = client.response();
    QVERIFY2(reply, "the request in flight was cut off by the stop");
    QCOMPARE(reply->status, 401);
    QVERIFY(client.readUntilClosed());
}

QTEST_MAIN(TestApiHardening)
#include "tst_api_hardening.moc"
