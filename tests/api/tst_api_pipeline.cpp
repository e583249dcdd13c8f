// What every request goes through whatever its route: the public endpoints, routing
// misses, the body limit and the shared headers.

#include "ApiFixture.h"

#include "http/Server.h"

#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::test::ApiFixture;
using cadenio::test::ApiHeaders;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;
using cadenio::test::RawHttpConnection;

namespace {

constexpr qsizetype kMiB = 1024 * 1024;

QSet<QByteArray> methodSet(const QByteArray &allow)
{
    QSet<QByteArray> methods;
    for (const QByteArray &method : allow.split(','))
        methods.insert(method.trimmed());
    return methods;
}

// A syntactically valid sign-in body of exactly `size` bytes: JSON allows trailing
// whitespace, so the padding changes nothing but the length.
QByteArray signInBodyOfSize(qsizetype size)
{
    QByteArray body = R"({"email":"nobody@acme.example","password":"not the password"})";
    body.append(QByteArray(size - body.size(), ' '));
    return body;
}

} // namespace

class TestApiPipeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void health_data();
    void health();
    void openApi();
    void requestIdOnEveryResponse_data();
    void requestIdOnEveryResponse();
    void requestIdIsUniquePerRequest();
    void unknownPath_data();
    void unknownPath();
    void wrongMethod_data();
    void wrongMethod();
    void bodyLimit_data();
    void bodyLimit();
    void headIsGetWithoutContent_data();
    void headIsGetWithoutContent();
    void stopClosesThePort();

private:
    ApiFixture m_fx;
};

void TestApiPipeline::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
}

void TestApiPipeline::cleanupTestCase()
{
    m_fx.stop();
}

void TestApiPipeline::health_data()
{
    QTest::addColumn<QByteArray>("authorization");

    // A monitoring probe that carries stale or odd credentials must still see the
    // instance as up: public endpoints never look at them.
    QTest::addRow("no credentials") << QByteArray();
    QTest::addRow("unknown API key") << QByteArray("Bearer sk_live_doesnotexist");
    QTest::addRow("malformed header") << QByteArray("Basic dXNlcjpwYXNz");
}

void TestApiPipeline::health()
{
    QFETCH(QByteArray, authorization);
    ApiHeaders headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});

    const ApiReply reply = m_fx.request("GET", u"/v1/health"_s, {}, headers);

    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.mediaType(), QByteArray("application/json"));
    QVERIFY2(reply.isJsonObject(), qPrintable(reply.describe()));
    const QJsonObject body = reply.json();
    QCOMPARE(body.value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(body.value("version"_L1).toString(), QStringLiteral(CADENIO_VERSION));
}

void TestApiPipeline::openApi()
{
    const ApiReply reply = m_fx.get(u"/v1/openapi.json"_s);

    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.mediaType(), QByteArray("application/json"));
    // The document's content is tested where it is written; here only that it is served.
    QVERIFY2(reply.isJsonObject(), qPrintable(reply.describe()));
}

void TestApiPipeline::requestIdOnEveryResponse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QByteArray json = R"({"email":"owner@acme.example"})";
    QTest::addRow("200 health") << QByteArray("GET") << u"/v1/health"_s << QByteArray() << 200;
    QTest::addRow("200 openapi") << QByteArray("GET") << u"/v1/openapi.json"_s << QByteArray()
                                 << 200;
    QTest::addRow("400 bad request") << QByteArray("POST") << u"/v1/sessions"_s << json << 400;
    QTest::addRow("401 no credentials")
        << QByteArray("GET") << u"/v1/users"_s << QByteArray() << 401;
    QTest::addRow("404 unknown path")
        << QByteArray("GET") << u"/v1/nothing-here"_s << QByteArray() << 404;
    QTest::addRow("405 wrong method") << QByteArray("PUT") << u"/v1/users"_s << QByteArray() << 405;
    QTest::addRow("413 too large")
        << QByteArray("POST") << u"/v1/sessions"_s << QByteArray(kMiB + 1, ' ') << 413;
}

void TestApiPipeline::requestIdOnEveryResponse()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);

    const ApiReply reply = m_fx.request(method, path, body,
                                        body.isEmpty() ? ApiHeaders{} : ApiFixture::jsonBearer({}));

    API_COMPARE_STATUS(reply, status);
    QVERIFY2(!reply.header("X-Request-Id").trimmed().isEmpty(), qPrintable(reply.describe()));
}

void TestApiPipeline::requestIdIsUniquePerRequest()
{
    // In flight together, on several connections and both server threads: an id that is
    // per connection or per thread rather than per request would repeat here.
    QList<ApiRequestSpec> requests;
    for (int i = 0; i < 30; ++i) {
        requests.append(i % 3 == 0   ? ApiRequestSpec{"GET", u"/v1/health"_s, {}, {}}
                        : i % 3 == 1 ? ApiRequestSpec{"GET", u"/v1/nope"_s, {}, {}}
                                     : ApiRequestSpec{"GET", u"/v1/users"_s, {}, {}});
    }
    const QList<ApiReply> replies = m_fx.requestAll(requests);

    QSet<QByteArray> ids;
    for (const ApiReply &reply : replies) {
        QVERIFY2(reply.status != 0, qPrintable(reply.describe()));
        const QByteArray id = reply.header("X-Request-Id");
        QVERIFY2(!id.isEmpty(), qPrintable(reply.describe()));
        ids.insert(id);
    }
    QCOMPARE(ids.size(), requests.size());
}

void TestApiPipeline::unknownPath_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("signedIn");

    QTest::addRow("unknown resource") << QByteArray("GET") << u"/v1/widgets"_s << false;
    QTest::addRow("unknown resource, signed in") << QByteArray("GET") << u"/v1/widgets"_s << true;
    QTest::addRow("unknown version") << QByteArray("GET") << u"/v2/health"_s << false;
    QTest::addRow("root") << QByteArray("GET") << u"/"_s << false;
    QTest::addRow("extra segment") << QByteArray("GET") << u"/v1/health/extra"_s << false;
    QTest::addRow("sub-resource of a list") << QByteArray("GET") << u"/v1/org/members"_s << true;
    // No route answers DELETE on this path, but no route has the path at all either: a
    // 405 would wrongly suggest another method works.
    QTest::addRow("unknown path, unusual method")
        << QByteArray("DELETE") << u"/v1/widgets/1"_s << true;
}

void TestApiPipeline::unknownPath()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, signedIn);

    const ApiReply reply = m_fx.request(
        method, path, {}, ApiFixture::bearer(signedIn ? m_fx.owner().token : QString()));

    API_VERIFY_ERROR(reply, 404, u"NOT_FOUND"_s);
    QVERIFY(!reply.hasHeader("Allow"));
}

void TestApiPipeline::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("allow");

    QTest::addRow("PUT /v1/users")
        << QByteArray("PUT") << u"/v1/users"_s << QByteArray("GET, POST");
    QTest::addRow("DELETE /v1/users")
        << QByteArray("DELETE") << u"/v1/users"_s << QByteArray("GET, POST");
    QTest::addRow("PATCH /v1/users")
        << QByteArray("PATCH") << u"/v1/users"_s << QByteArray("GET, POST");
    QTest::addRow("POST /v1/health") << QByteArray("POST") << u"/v1/health"_s << QByteArray("GET");
    QTest::addRow("PUT /v1/openapi.json")
        << QByteArray("PUT") << u"/v1/openapi.json"_s << QByteArray("GET");
    QTest::addRow("DELETE /v1/org")
        << QByteArray("DELETE") << u"/v1/org"_s << QByteArray("GET, PATCH");
    QTest::addRow("POST /v1/org") << QByteArray("POST") << u"/v1/org"_s << QByteArray("GET, PATCH");
    QTest::addRow("GET /v1/sessions")
        << QByteArray("GET") << u"/v1/sessions"_s << QByteArray("POST");
    QTest::addRow("GET /v1/sessions/current")
        << QByteArray("GET") << u"/v1/sessions/current"_s << QByteArray("DELETE");
}

void TestApiPipeline::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, allow);

    // No credentials: a method miss is a fact about the URL, answered before anyone is
    // asked who they are.
    const ApiReply reply = m_fx.request(method, path);

    API_VERIFY_ERROR(reply, 405, u"METHOD_NOT_ALLOWED"_s);
    QVERIFY2(reply.hasHeader("Allow"), qPrintable(reply.describe()));
    QCOMPARE(methodSet(reply.header("Allow")), methodSet(allow));
}

void TestApiPipeline::bodyLimit_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("signedIn");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray oneOver = signInBodyOfSize(kMiB + 1);
    QTest::addRow("sign-in, 1 MiB + 1") << QByteArray("POST") << u"/v1/sessions"_s << oneOver
                                        << false << 413 << u"PAYLOAD_TOO_LARGE"_s;
    // The limit comes before credentials: nobody gets to make the server hold big bodies.
    QTest::addRow("users, 1 MiB + 1, anonymous") << QByteArray("POST") << u"/v1/users"_s << oneOver
                                                 << false << 413 << u"PAYLOAD_TOO_LARGE"_s;
    QTest::addRow("org, 3 MiB, signed in")
        << QByteArray("PATCH") << u"/v1/org"_s << QByteArray(3 * kMiB, ' ') << true << 413
        << u"PAYLOAD_TOO_LARGE"_s;
    // Exactly at the limit is allowed: the body is parsed and the credentials checked.
    QTest::addRow("sign-in, exactly 1 MiB")
        << QByteArray("POST") << u"/v1/sessions"_s << signInBodyOfSize(kMiB) << false << 401
        << u"UNAUTHORIZED"_s;
}

void TestApiPipeline::bodyLimit()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(bool, signedIn);
    QFETCH(int, status);
    QFETCH(QString, code);

    const ApiReply reply = m_fx.request(
        method, path, body, ApiFixture::jsonBearer(signedIn ? m_fx.owner().token : QString()));

    API_VERIFY_ERROR(reply, status, code);
}

void TestApiPipeline::headIsGetWithoutContent_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("signedIn");

    QTest::addRow("public") << u"/v1/health"_s << false;
    QTest::addRow("signed in") << u"/v1/users"_s << true;
}

void TestApiPipeline::headIsGetWithoutContent()
{
    QFETCH(QString, path);
    QFETCH(bool, signedIn);
    const QString token = signedIn ? m_fx.owner().token : QString();
    RawHttpConnection connection;
    QVERIFY(connection.connectTo(m_fx.server().port()));

    // RFC 9110, 9.1 and 9.3.2: a general-purpose server supports HEAD, and answers it as it
    // would GET but without content. Content sent anyway is read by a keep-alive client as
    // the start of the next response, so the GET behind it shows whether framing held.
    connection.send(RawHttpConnection::request("HEAD", path, token) +
                    RawHttpConnection::request("GET", path, token));
    const auto head = connection.readResponse(true);
    const auto get = connection.readResponse();

    QVERIFY2(head, connection.unread().constData());
    QVERIFY2(get, connection.unread().constData());
    QVERIFY2(get->head.startsWith("HTTP/1.1 "), get->head.constData());
    QCOMPARE(get->status, 200);
    QCOMPARE(head->status, 200);
    QCOMPARE(head->header("Content-Type"), get->header("Content-Type"));
    QVERIFY(!head->header("X-Request-Id").isEmpty());
}

void TestApiPipeline::stopClosesThePort()
{
    ApiFixture fx;
    QString error;
    QVERIFY2(fx.start(&error), qPrintable(error));
    QSignalSpy listening(&fx.server(), &cadenio::api::Server::listeningChanged);

    fx.server().stop();
    fx.server().stop();

    QCOMPARE(listening.count(), 1);
    QCOMPARE(listening.first().first().toBool(), false);
    QVERIFY(!fx.server().isListening());
    const ApiReply after = fx.request("GET", u"/v1/health"_s);
    QCOMPARE(after.status, 0);
    QCOMPARE(after.networkError, QNetworkReply::ConnectionRefusedError);
}

QTEST_GUILESS_MAIN(TestApiPipeline)
#include "tst_api_pipeline.moc"
