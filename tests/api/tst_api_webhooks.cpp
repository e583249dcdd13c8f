// Webhook endpoints over HTTP: validation with exact codes and fields, the secret shown
// once and sealed at rest, who may manage endpoints, and deletion.

#include "ApiFixture.h"

#include "services/Services.h"
#include "store/Database.h"
#include "store/SqlQuery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;

class TestApiWebhooks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void createReturnsTheSecretOnce();
    void givenSecretIsKeptAndSealed();
    void invalidCreation_data();
    void invalidCreation();
    void httpNeedsTheInstanceSetting();
    void access_data();
    void access();
    void deleteRemovesFromTheList();
    void deliveriesOfUnknownWebhook();

private:
    QString createKey(const QStringList &scopes);

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts;
};

void TestApiWebhooks::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts = m_fx.accountsOfEveryRole();
    QVERIFY2(!m_accounts.isEmpty(), qPrintable(m_fx.lastError()));
}

void TestApiWebhooks::cleanupTestCase()
{
    m_fx.stop();
}

QString TestApiWebhooks::createKey(const QStringList &scopes)
{
    const ApiReply reply =
        m_fx.post(u"/v1/api-keys"_s,
                  {{u"name"_s, u"Hooks"_s}, {u"scopes"_s, QJsonArray::fromStringList(scopes)}},
                  m_fx.owner().token);
    return reply.json().value(u"plain_key"_s).toString();
}

void TestApiWebhooks::createReturnsTheSecretOnce()
{
    const ApiReply created =
        m_fx.post(u"/v1/webhooks"_s,
                  {{u"url"_s, u"https://erp.example.com/hooks/cadenio"_s},
                   {u"events"_s, QJsonArray{u"run.completed"_s, u"run.overdue"_s}},
                   {u"description"_s, u"Sync to ERP"_s}},
                  m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    const QJsonObject hook = created.json();
    QVERIFY(hook.value(u"id"_s).toString().startsWith(u"wh_"_s));
    QCOMPARE(hook.value(u"url"_s).toString(), u"https://erp.example.com/hooks/cadenio"_s);
    QCOMPARE(hook.value(u"events"_s).toArray(), QJsonArray({u"run.completed"_s, u"run.overdue"_s}));
    QCOMPARE(hook.value(u"description"_s).toString(), u"Sync to ERP"_s);
    QVERIFY(cadenio::test::isUtcTimestamp(hook.value(u"created_at"_s).toString()));
    const QString secret = hook.value(u"secret"_s).toString();
    QVERIFY2(QRegularExpression(u"^whsec_[0-9A-Za-z]{40,}$"_s).match(secret).hasMatch(),
             qPrintable(secret));

    const ApiReply list = m_fx.get(u"/v1/webhooks?limit=100"_s, m_fx.owner().token);
    API_COMPARE_STATUS(list, 200);
    QVERIFY2(!list.body.contains(secret.toLatin1()), "the secret came back in a list");
    bool listed = false;
    for (const QJsonValue &item : list.json().value(u"data"_s).toArray()) {
        QVERIFY(!item.toObject().contains(u"secret"_s));
        listed |= item.toObject().value(u"id"_s) == hook.value(u"id"_s);
    }
    QVERIFY(listed);
    QVERIFY(list.json().contains(u"has_more"_s));
}

void TestApiWebhooks::givenSecretIsKeptAndSealed()
{
    const QString secret = u"my-own-signing-secret-123"_s;
    const ApiReply created = m_fx.post(u"/v1/webhooks"_s,
                                       {{u"url"_s, u"https://hooks.example.com/a"_s},
                                        {u"events"_s, QJsonArray{u"*"_s, u"run.created"_s}},
                                        {u"secret"_s, secret}},
                                       m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    QCOMPARE(created.json().value(u"secret"_s).toString(), secret);
    QCOMPARE(created.json().value(u"events"_s).toArray(), QJsonArray({u"*"_s}));
    cadenio::SqlQuery q(m_fx.database().connection(),
                        u"SELECT secret_sealed FROM webhooks WHERE id = :id"_s);
    q.bind(u":id"_s, created.json().value(u"id"_s).toString()).exec();
    QVERIFY(q.next());
    QVERIFY(!q.text(0).isEmpty());
    QVERIFY2(!q.text(0).contains(secret), "the secret is stored in clear");
    QVERIFY(!QByteArray::fromBase64(q.text(0).toLatin1()).contains(secret.toUtf8()));
}

void TestApiWebhooks::invalidCreation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *json, int status, const char *code,
                        const char *field) {
        QTest::addRow("%s", tag) << QByteArray(json) << status << QString::fromLatin1(code)
                                 << QString::fromLatin1(field);
    };
    row("http url", R"({"url":"http://x.example.com/h","events":["*"]})", 422, "UNPROCESSABLE",
        "url");
    row("ftp url", R"({"url":"ftp://x.example.com/h","events":["*"]})", 422, "UNPROCESSABLE",
        "url");
    row("relative url", R"({"url":"/hooks","events":["*"]})", 422, "UNPROCESSABLE", "url");
    row("url with credentials", R"({"url":"https://u:p@x.example.com/h","events":["*"]})", 422,
        "UNPROCESSABLE", "url");
    row("unknown event", R"({"url":"https://x.example.com/h","events":["run.created","run.x"]})",
        422, "UNPROCESSABLE", "events[1]");
    row("internal event", R"({"url":"https://x.example.com/h","events":["run.updated"]})", 422,
        "UNPROCESSABLE", "events[0]");
    row("no events", R"({"url":"https://x.example.com/h","events":[]})", 422, "UNPROCESSABLE",
        "events");
    row("events not array", R"({"url":"https://x.example.com/h","events":"*"})", 400,
        "INVALID_REQUEST", "events");
    row("event not string", R"({"url":"https://x.example.com/h","events":[1]})", 400,
        "INVALID_REQUEST", "events[0]");
    row("missing url", R"({"events":["*"]})", 400, "INVALID_REQUEST", "url");
    row("missing events", R"({"url":"https://x.example.com/h"})", 400, "INVALID_REQUEST", "events");
    row("short secret", R"({"url":"https://x.example.com/h","events":["*"],"secret":"abc"})", 422,
        "UNPROCESSABLE", "secret");
    row("unknown field", R"({"url":"https://x.example.com/h","events":["*"],"active":true})", 400,
        "INVALID_REQUEST", "active");
}

void TestApiWebhooks::invalidCreation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const ApiReply reply =
        m_fx.request("POST", u"/v1/webhooks"_s, body, ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, code);
    QCOMPARE(reply.field(), field);
}

void TestApiWebhooks::httpNeedsTheInstanceSetting()
{
    const QJsonObject body{{u"url"_s, u"http://127.0.0.1:9/h"_s},
                           {u"events"_s, QJsonArray{u"task.completed"_s}}};
    API_VERIFY_ERROR(m_fx.post(u"/v1/webhooks"_s, body, m_fx.owner().token), 422,
                     u"UNPROCESSABLE"_s);
    m_fx.services().webhooks().setAllowHttp(true);
    const ApiReply allowed = m_fx.post(u"/v1/webhooks"_s, body, m_fx.owner().token);
    m_fx.services().webhooks().setAllowHttp(false);
    API_COMPARE_STATUS(allowed, 201);
}

void TestApiWebhooks::access_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    for (const char *method : {"GET", "POST", "DELETE"}) {
        QTest::addRow("ADMIN %s", method) << u"ADMIN"_s << QByteArray(method) << 0 << QString();
        QTest::addRow("MEMBER %s", method)
            << u"MEMBER"_s << QByteArray(method) << 403 << u"FORBIDDEN"_s;
        QTest::addRow("AUDITOR %s", method)
            << u"AUDITOR"_s << QByteArray(method) << 403 << u"FORBIDDEN"_s;
        QTest::addRow("key with webhooks:manage %s", method)
            << u"KEY"_s << QByteArray(method) << 0 << QString();
        QTest::addRow("key without webhooks:manage %s", method)
            << u"KEY-"_s << QByteArray(method) << 403 << u"MISSING_SCOPE"_s;
        QTest::addRow("no credentials %s", method)
            << u"NONE"_s << QByteArray(method) << 401 << u"UNAUTHORIZED"_s;
    }
}

void TestApiWebhooks::access()
{
    QFETCH(QString, who);
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(QString, code);

    QString token = m_accounts.value(who).token;
    if (who == u"KEY"_s)
        token = createKey({u"webhooks:manage"_s});
    else if (who == u"KEY-"_s)
        token = createKey({u"runs:read"_s, u"users:read"_s});
    const QString victim =
        m_fx.post(u"/v1/webhooks"_s,
                  {{u"url"_s, u"https://x.example.com/h"_s}, {u"events"_s, QJsonArray{u"*"_s}}},
                  m_fx.owner().token)
            .json()
            .value(u"id"_s)
            .toString();
    QVERIFY(!victim.isEmpty());
    const QString path = method == "DELETE" ? u"/v1/webhooks/"_s + victim : u"/v1/webhooks"_s;
    const QByteArray body = method == "POST"
                                ? QByteArray(R"({"url":"https://y.example.com/h","events":["*"]})")
                                : QByteArray();
    const ApiReply reply = m_fx.request(
        method, path, body,
        token.isEmpty() ? cadenio::test::ApiHeaders{{"Content-Type", "application/json"}}
                        : ApiFixture::jsonBearer(token));
    if (status) {
        API_VERIFY_ERROR(reply, status, code);
        if (code == u"MISSING_SCOPE"_s)
            QCOMPARE(reply.json().value(u"required_scope"_s).toString(), u"webhooks:manage"_s);
        return;
    }
    const int expected = method == "GET" ? 200 : method == "POST" ? 201 : 204;
    API_COMPARE_STATUS(reply, expected);
}

void TestApiWebhooks::deleteRemovesFromTheList()
{
    const QString id = m_fx.post(u"/v1/webhooks"_s,
                                 {{u"url"_s, u"https://gone.example.com/h"_s},
                                  {u"events"_s, QJsonArray{u"run.created"_s}}},
                                 m_fx.owner().token)
                           .json()
                           .value(u"id"_s)
                           .toString();
    QVERIFY(id.startsWith(u"wh_"_s));
    API_COMPARE_STATUS(m_fx.del(u"/v1/webhooks/"_s + id, m_fx.owner().token), 204);
    API_VERIFY_ERROR(m_fx.del(u"/v1/webhooks/"_s + id, m_fx.owner().token), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/webhooks/%1/deliveries"_s.arg(id), m_fx.owner().token), 404,
                     u"NOT_FOUND"_s);
    const ApiReply list = m_fx.get(u"/v1/webhooks?limit=100"_s, m_fx.owner().token);
    API_COMPARE_STATUS(list, 200);
    QVERIFY2(!list.body.contains(id.toLatin1()), "a deleted webhook is still listed");
}

void TestApiWebhooks::deliveriesOfUnknownWebhook()
{
    API_VERIFY_ERROR(m_fx.get(u"/v1/webhooks/wh_nope/deliveries"_s, m_fx.owner().token), 404,
                     u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.request("POST", u"/v1/webhooks/wh_nope/deliveries/whd_nope/redeliver"_s,
                                  {}, ApiFixture::bearer(m_fx.owner().token)),
                     404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/webhooks?limit=0"_s, m_fx.owner().token), 400,
                     u"INVALID_REQUEST"_s);
}

QTEST_MAIN(TestApiWebhooks)
#include "tst_api_webhooks.moc"
