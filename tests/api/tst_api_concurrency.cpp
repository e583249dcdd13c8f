// Several clients at once, and several requests on one connection: the server runs
// several threads over one store, and QHttpServer 6.4 has mixed up answers on keep-alive
// connections before (QTBUG-105202).

#include "ApiFixture.h"

#include "http/Server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;
using cadenio::test::RawHttpConnection;

namespace {

QJsonObject newUser(const QString &email)
{
    return {{u"email"_s, email},
            {u"name"_s, u"Parallel Person"_s},
            {u"role"_s, u"MEMBER"_s},
            {u"password"_s, ApiFixture::kPassword}};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QStringList idsOf(const ApiReply &reply)
{
    QStringList ids;
    for (const QJsonValue &user : reply.json().value("data"_L1).toArray())
        ids << user["id"_L1].toString();
    return ids;
}

} // namespace

class TestApiConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void simultaneousCreates();
    void simultaneousCreatesOfOneEmail();
    void simultaneousSignIns();
    void simultaneousReadsGetTheirOwnAnswers();
    void sequentialRequestsOnOneConnection();
    void pipelinedRequestsOnOneConnection();

private:
    // What GET <path> must answer, to tell answers apart.
    bool answersMatch(const QString &path, const QJsonObject &body) const;

    ApiFixture m_fx;
};

void TestApiConcurrency::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
}

void TestApiConcurrency::cleanupTestCase()
{
    m_fx.stop();
}

void TestApiConcurrency::simultaneousCreates()
{
    constexpr int kClients = 20;
    QList<ApiRequestSpec> requests;
    QStringList emails;
    for (int i = 0; i < kClients; ++i) {
        emails << m_fx.uniqueEmail(u"parallel"_s);
        requests.append({"POST", u"/v1/users"_s, compact(newUser(emails.last())),
                         ApiFixture::jsonBearer(m_fx.owner().token)});
    }

    // One connection each, so that all twenty are really in flight together and both
    // server threads write to the store at once.
    const QList<ApiReply> replies = m_fx.requestAll(requests, ApiFixture::Connections::PerRequest);

    QSet<QString> created;
    for (int i = 0; i < kClients; ++i) {
        API_COMPARE_STATUS(replies.at(i), 201);
        QCOMPARE(replies.at(i).json().value("email"_L1).toString(), emails.at(i));
        created.insert(replies.at(i).json().value("id"_L1).toString());
    }
    QCOMPARE(created.size(), kClients);
    const ApiReply list = m_fx.get(u"/v1/users?limit=100"_s, m_fx.owner().token);
    API_COMPARE_STATUS(list, 200);
    const QStringList listed = idsOf(list);
    for (const QString &id : std::as_const(created))
        QVERIFY2(listed.contains(id), qPrintable(id));
}

void TestApiConcurrency::simultaneousCreatesOfOneEmail()
{
    constexpr int kClients = 8;
    const QString email = m_fx.uniqueEmail(u"contested"_s);
    const QList<ApiRequestSpec> requests(kClients, {"POST", u"/v1/users"_s, compact(newUser(email)),
                                                    ApiFixture::jsonBearer(m_fx.owner().token)});

    const QList<ApiReply> replies = m_fx.requestAll(requests, ApiFixture::Connections::PerRequest);

    // The check for a taken address and the insert must be one step: exactly one winner,
    // and every loser a clean 409 rather than a 500 from the unique index.
    int winners = 0;
    for (const ApiReply &reply : replies) {
        if (reply.status == 201)
            ++winners;
        else
            API_VERIFY_ERROR(reply, 409, u"CONFLICT"_s);
    }
    QCOMPARE(winners, 1);
    int withEmail = 0;
    for (const QJsonValue &user :
         m_fx.get(u"/v1/users?limit=100"_s, m_fx.owner().token).json()["data"_L1].toArray())
        withEmail += user["email"_L1].toString() == email ? 1 : 0;
    QCOMPARE(withEmail, 1);
}

void TestApiConcurrency::simultaneousSignIns()
{
    constexpr int kClients = 6;
    const QByteArray body =
        compact({{u"email"_s, ApiFixture::kOwnerEmail}, {u"password"_s, ApiFixture::kPassword}});
    const QList<ApiRequestSpec> requests(
        kClients, {"POST", u"/v1/sessions"_s, body, ApiFixture::jsonBearer({})});

    const QList<ApiReply> replies = m_fx.requestAll(requests, ApiFixture::Connections::PerRequest);

    QSet<QString> tokens;
    for (const ApiReply &reply : replies) {
        API_COMPARE_STATUS(reply, 201);
        tokens.insert(reply.json().value("token"_L1).toString());
    }
    QCOMPARE(tokens.size(), kClients);
    for (const QString &token : std::as_const(tokens))
        API_COMPARE_STATUS(m_fx.get(u"/v1/org"_s, token), 200);
}

bool TestApiConcurrency::answersMatch(const QString &path, const QJsonObject &body) const
{
    if (path == "/v1/health"_L1)
        return body.value("status"_L1).toString() == "ok"_L1 && body.contains("version"_L1);
    if (path == "/v1/org"_L1)
        return body.value("id"_L1).toString() == m_fx.orgId() && !body.contains("data"_L1);
    if (path.startsWith("/v1/users?limit="_L1)) {
        const int limit = path.mid(path.indexOf(u'=') + 1).toInt();
        return body.value("data"_L1).toArray().size() == limit;
    }
    return false;
}

void TestApiConcurrency::simultaneousReadsGetTheirOwnAnswers()
{
    // Enough members that every limit below gives an answer of its own size.
    while (idsOf(m_fx.get(u"/v1/users?limit=100"_s, m_fx.owner().token)).size() < 12)
        API_COMPARE_STATUS(
            m_fx.post(u"/v1/users"_s, newUser(m_fx.uniqueEmail(u"reader"_s)), m_fx.owner().token),
            201);
    QList<ApiRequestSpec> requests;
    for (int round = 0; round < 6; ++round) {
        for (int limit = 1; limit <= 12; ++limit)
            requests.append({"GET",
                             u"/v1/users?limit=%1"_s.arg(limit),
                             {},
                             ApiFixture::bearer(m_fx.owner().token)});
        requests.append({"GET", u"/v1/health"_s, {}, {}});
        requests.append({"GET", u"/v1/org"_s, {}, ApiFixture::bearer(m_fx.owner().token)});
    }

    // One client: its handful of keep-alive connections each carry many of these.
    const QList<ApiReply> replies = m_fx.requestAll(requests, ApiFixture::Connections::Shared);

    QSet<QByteArray> requestIds;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const ApiReply &reply = replies.at(i);
        API_COMPARE_STATUS(reply, 200);
        QVERIFY2(answersMatch(requests.at(i).path, reply.json()), qPrintable(reply.describe()));
        requestIds.insert(reply.header("X-Request-Id"));
    }
    QCOMPARE(requestIds.size(), replies.size());
}

void TestApiConcurrency::sequentialRequestsOnOneConnection()
{
    RawHttpConnection connection;
    QVERIFY(connection.connectTo(m_fx.server().port()));
    const QStringList paths{u"/v1/health"_s, u"/v1/org"_s, u"/v1/users?limit=3"_s, u"/v1/nope"_s,
                            u"/v1/users?limit=1"_s};

    for (const QString &path : paths) {
        connection.send(RawHttpConnection::request("GET", path, m_fx.owner().token));
        const auto response = connection.readResponse();
        QVERIFY2(response, qPrintable(u"no answer to %1 on the kept-alive connection"_s.arg(path)));
        const QJsonObject body = QJsonDocument::fromJson(response->body).object();
        if (path == "/v1/nope"_L1) {
            QCOMPARE(response->status, 404);
            QCOMPARE(body.value("code"_L1).toString(), u"NOT_FOUND"_s);
        } else {
            QCOMPARE(response->status, 200);
            QVERIFY2(answersMatch(path, body), response->body.constData());
        }
    }
    QVERIFY(connection.isConnected());
    QVERIFY(connection.unread().isEmpty());
}

void TestApiConcurrency::pipelinedRequestsOnOneConnection()
{
    RawHttpConnection connection;
    QVERIFY(connection.connectTo(m_fx.server().port()));
    const QStringList paths{u"/v1/users?limit=2"_s, u"/v1/health"_s, u"/v1/users?limit=1"_s,
                            u"/v1/org"_s};

    // All requests in one write, before any answer: answers must come back complete and in
    // request order (RFC 9112, 9.3.2).
    QByteArray all;
    for (const QString &path : paths)
        all += RawHttpConnection::request("GET", path, m_fx.owner().token);
    connection.send(all);

    for (const QString &path : paths) {
        const auto response = connection.readResponse();
        QVERIFY2(response, qPrintable(u"no answer to pipelined %1"_s.arg(path)));
        QCOMPARE(response->status, 200);
        QVERIFY2(answersMatch(path, QJsonDocument::fromJson(response->body).object()),
                 response->body.constData());
    }
}

QTEST_GUILESS_MAIN(TestApiConcurrency)
#include "tst_api_concurrency.moc"
