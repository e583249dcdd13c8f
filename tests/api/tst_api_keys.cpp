// API keys end to end: management by owners and admins, the verification order of the
// API reference, every endpoint against every scope, the per-key rate limit under
// concurrency, and a store that never holds a key in clear.

#include "ApiFixture.h"

#include "domain/KeyMaterial.h"
#include "domain/Scope.h"
#include "endpoints/Endpoints.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/SqlQuery.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;

namespace {

QJsonObject keyRequest(const QStringList &scopes, const QJsonObject &extra = {})
{
    QJsonObject body{{u"name"_s, u"ERP Sync Integration"_s},
                     {u"scopes"_s, QJsonArray::fromStringList(scopes)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

// A path for a route pattern, with made-up ids: the scope check comes before any lookup.
QString concretePath(const QString &pattern)
{
    static const QRegularExpression parameter(u":([A-Za-z_]+)"_s);
    QString path = pattern;
    return path.replace(parameter, u"x_0000000000000000000000"_s);
}

} // namespace

class TestApiKeys : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void createReturnsThePlainKeyOnce();
    void keyAuthenticatesRequests();
    void managementNeedsOwnerOrAdminSession_data();
    void managementNeedsOwnerOrAdminSession();
    void invalidCreation_data();
    void invalidCreation();
    void verificationOrder_data();
    void verificationOrder();
    void revokedKeyFailsOnItsVeryNextRequest();
    void everyEndpointAgainstEveryScope_data();
    void everyEndpointAgainstEveryScope();
    void storeNeverHoldsThePlainKey();
    void lastUsedIsRecorded();

private:
    // Creates a key as the owner; returns the creation response.
    QJsonObject createKey(const QStringList &scopes, const QJsonObject &extra = {});

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts; // by role name
};

void TestApiKeys::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts = m_fx.accountsOfEveryRole();
    QVERIFY2(!m_accounts.isEmpty(), qPrintable(m_fx.lastError()));
}

void TestApiKeys::cleanupTestCase()
{
    m_fx.stop();
}

QJsonObject TestApiKeys::createKey(const QStringList &scopes, const QJsonObject &extra)
{
    const ApiReply reply =
        m_fx.post(u"/v1/api-keys"_s, keyRequest(scopes, extra), m_fx.owner().token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json();
}

void TestApiKeys::createReturnsThePlainKeyOnce()
{
    const ApiReply created = m_fx.post(
        u"/v1/api-keys"_s, keyRequest({u"runs:read"_s, u"runs:execute"_s}), m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    const QJsonObject key = created.json();
    const QString plain = key.value(u"plain_key"_s).toString();
    QVERIFY2(QRegularExpression(u"^sk_live_[0-9A-Za-z]{39}$"_s).match(plain).hasMatch(),
             qPrintable(plain));
    QVERIFY(key.value(u"id"_s).toString().startsWith(u"key_"_s));
    QCOMPARE(key.value(u"key_prefix"_s).toString(), u"sk_live_..."_s + plain.mid(8, 4));
    QCOMPARE(key.value(u"scopes"_s).toArray(), QJsonArray({u"runs:read"_s, u"runs:execute"_s}));
    QCOMPARE(key.value(u"resource_mode"_s).toString(), u"ALL"_s);
    QVERIFY(key.value(u"expires_at"_s).isNull());
    QVERIFY(cadenio::test::isUtcTimestamp(key.value(u"created_at"_s).toString()));

    const ApiReply list = m_fx.get(u"/v1/api-keys?limit=100"_s, m_fx.owner().token);
    API_COMPARE_STATUS(list, 200);
    QVERIFY2(!list.body.contains(plain.toLatin1()), "the plain key came back in a list");
    bool listed = false;
    for (const QJsonValue &item : list.json().value(u"data"_s).toArray()) {
        const QJsonObject listedKey = item.toObject();
        QVERIFY(!listedKey.contains(u"plain_key"_s));
        listed |= listedKey.value(u"id"_s) == key.value(u"id"_s);
    }
    QVERIFY(listed);
}

void TestApiKeys::keyAuthenticatesRequests()
{
    const QString plain = createKey({u"users:read"_s}).value(u"plain_key"_s).toString();
    const ApiReply reply = m_fx.get(u"/v1/users"_s, plain);
    API_COMPARE_STATUS(reply, 200);
    QVERIFY(reply.json().value(u"data"_s).toArray().size() >= 4);
    QCOMPARE(reply.header("X-RateLimit-Limit"), QByteArray("600"));
    QCOMPARE(reply.header("X-RateLimit-Remaining"), QByteArray("599"));
    const qint64 reset = reply.header("X-RateLimit-Reset").toLongLong();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QVERIFY2(reset > now && reset <= now + 61, reply.header("X-RateLimit-Reset").constData());
    // Session answers carry no rate-limit headers: the limit is per key.
    QVERIFY(!m_fx.get(u"/v1/users"_s, m_fx.owner().token).hasHeader("X-RateLimit-Limit"));
}

void TestApiKeys::managementNeedsOwnerOrAdminSession_data()
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
        QTest::addRow("API key %s", method)
            << u"KEY"_s << QByteArray(method) << 403 << u"FORBIDDEN"_s;
    }
}

void TestApiKeys::managementNeedsOwnerOrAdminSession()
{
    QFETCH(QString, who);
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(QString, code);

    QString token = m_accounts.value(who).token;
    if (who == u"KEY"_s)
        token = createKey(cadenio::scopes::all()).value(u"plain_key"_s).toString();
    const QString victim = createKey({u"runs:read"_s}).value(u"id"_s).toString();
    const QString path = method == "DELETE" ? u"/v1/api-keys/"_s + victim : u"/v1/api-keys"_s;
    const QByteArray body =
        method == "POST" ? QJsonDocument(keyRequest({u"runs:read"_s})).toJson() : QByteArray();
    const ApiReply reply = m_fx.request(method, path, body, ApiFixture::jsonBearer(token));
    if (status) {
        API_VERIFY_ERROR(reply, status, code);
        return;
    }
    const int expected = method == "GET" ? 200 : method == "POST" ? 201 : 204;
    API_COMPARE_STATUS(reply, expected);
}

void TestApiKeys::invalidCreation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *json, int status, const char *field) {
        QTest::addRow("%s", tag) << QByteArray(json) << status << QString::fromLatin1(field);
    };
    row("unknown scope", R"({"name":"k","scopes":["runs:read","runs:delete"]})", 422, "scopes[1]");
    row("no scopes", R"({"name":"k","scopes":[]})", 422, "scopes");
    row("scopes not an array", R"({"name":"k","scopes":"runs:read"})", 400, "scopes");
    row("scope not a string", R"({"name":"k","scopes":[5]})", 400, "scopes[0]");
    row("missing scopes", R"({"name":"k"})", 400, "scopes");
    row("missing name", R"({"scopes":["runs:read"]})", 400, "name");
    row("blank name", R"({"name":"  ","scopes":["runs:read"]})", 422, "name");
    row("unknown field", R"({"name":"k","scopes":["runs:read"],"owner":"me"})", 400, "owner");
    row("unknown resource mode", R"({"name":"k","scopes":["runs:read"],"resource_mode":"SOME"})",
        422, "resource_mode");
    row("selected without ids", R"({"name":"k","scopes":["runs:read"],"resource_mode":"SELECTED"})",
        422, "template_ids");
    row("ids with ALL", R"({"name":"k","scopes":["runs:read"],"template_ids":["tmpl_abc"]})", 422,
        "resource_mode");
    row("not a template id",
        R"({"name":"k","scopes":["runs:read"],"resource_mode":"SELECTED","template_ids":["run_abc"]})",
        422, "template_ids[0]");
    row("not a folder id",
        R"({"name":"k","scopes":["runs:read"],"resource_mode":"SELECTED","folder_ids":["tmpl_abc"]})",
        422, "folder_ids[0]");
    row("expiry in the past",
        R"({"name":"k","scopes":["runs:read"],"expires_at":"2020-01-01T00:00:00Z"})", 422,
        "expires_at");
    row("expiry not a date", R"({"name":"k","scopes":["runs:read"],"expires_at":"tomorrow"})", 400,
        "expires_at");
    row("expiry wrong type", R"({"name":"k","scopes":["runs:read"],"expires_at":1760000000})", 400,
        "expires_at");
}

void TestApiKeys::invalidCreation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const ApiReply reply =
        m_fx.request("POST", u"/v1/api-keys"_s, body, ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
}

void TestApiKeys::verificationOrder_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addRow("malformed") << u"malformed"_s << 401 << u"UNAUTHORIZED"_s;
    QTest::addRow("well-formed but unknown") << u"unknown"_s << 401 << u"UNAUTHORIZED"_s;
    QTest::addRow("revoked") << u"revoked"_s << 401 << u"KEY_REVOKED"_s;
    QTest::addRow("revoked and expired") << u"revoked+expired"_s << 401 << u"KEY_REVOKED"_s;
    QTest::addRow("expired") << u"expired"_s << 401 << u"KEY_EXPIRED"_s;
    QTest::addRow("expired on a TEAM plan") << u"expired+team"_s << 401 << u"KEY_EXPIRED"_s;
    QTest::addRow("TEAM plan") << u"team"_s << 403 << u"PLAN_REQUIRED"_s;
    QTest::addRow("FREE plan, missing scope") << u"free+noscope"_s << 403 << u"PLAN_REQUIRED"_s;
    QTest::addRow("missing scope") << u"noscope"_s << 403 << u"MISSING_SCOPE"_s;
}

void TestApiKeys::verificationOrder()
{
    QFETCH(QString, state);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QJsonObject key =
        createKey({state.contains(u"noscope"_s) ? u"runs:read"_s : u"users:read"_s});
    QString plain = key.value(u"plain_key"_s).toString();
    const QString id = key.value(u"id"_s).toString();
    if (state == u"malformed"_s)
        plain = u"sk_live_a1b2c3d4e5f6"_s;
    if (state == u"unknown"_s) {
        // Same shape and checksum, but never issued: another instance's key.
        plain = cadenio::keymaterial::generate();
    }
    if (state.contains(u"expired"_s)) {
        cadenio::SqlQuery(m_fx.database().connection(),
                          u"UPDATE api_keys SET expires_at = 1000 WHERE id = :id"_s)
            .bind(u":id"_s, id)
            .exec();
    }
    if (state.contains(u"revoked"_s))
        API_COMPARE_STATUS(m_fx.del(u"/v1/api-keys/"_s + id, m_fx.owner().token), 204);
    const QString plan = state.contains(u"team"_s)   ? u"TEAM"_s
                         : state.contains(u"free"_s) ? u"FREE"_s
                                                     : QString();
    if (!plan.isEmpty())
        API_COMPARE_STATUS(m_fx.patch(u"/v1/org"_s, {{u"plan"_s, plan}}, m_fx.owner().token), 200);

    const ApiReply reply = m_fx.get(u"/v1/users"_s, plain);

    if (!plan.isEmpty()) // restore for the next rows
        API_COMPARE_STATUS(
            m_fx.patch(u"/v1/org"_s, {{u"plan"_s, u"ENTERPRISE"_s}}, m_fx.owner().token), 200);
    API_VERIFY_ERROR(reply, status, code);
    if (code == u"MISSING_SCOPE"_s) {
        QCOMPARE(reply.json().value(u"required_scope"_s).toString(), u"users:read"_s);
        QVERIFY(reply.json().value(u"message"_s).toString().contains(u"'users:read'"_s));
    }
    if (code == u"PLAN_REQUIRED"_s && plan == u"TEAM"_s) {
        // Creating a key is refused on that plan too.
        API_COMPARE_STATUS(m_fx.patch(u"/v1/org"_s, {{u"plan"_s, plan}}, m_fx.owner().token), 200);
        const ApiReply create =
            m_fx.post(u"/v1/api-keys"_s, keyRequest({u"runs:read"_s}), m_fx.owner().token);
        API_COMPARE_STATUS(
            m_fx.patch(u"/v1/org"_s, {{u"plan"_s, u"ENTERPRISE"_s}}, m_fx.owner().token), 200);
        API_VERIFY_ERROR(create, 403, u"PLAN_REQUIRED"_s);
    }
}

void TestApiKeys::revokedKeyFailsOnItsVeryNextRequest()
{
    const QJsonObject key = createKey({u"users:read"_s});
    const QString plain = key.value(u"plain_key"_s).toString();
    // Warm every server thread with the key first, so nothing could be cached cold.
    QList<ApiRequestSpec> warm;
    for (int i = 0; i < 8; ++i)
        warm.append({"GET", u"/v1/users"_s, {}, ApiFixture::bearer(plain)});
    for (const ApiReply &reply : m_fx.requestAll(warm, ApiFixture::Connections::PerRequest))
        API_COMPARE_STATUS(reply, 200);

    API_COMPARE_STATUS(
        m_fx.del(u"/v1/api-keys/"_s + key.value(u"id"_s).toString(), m_fx.owner().token), 204);
    for (const ApiReply &reply : m_fx.requestAll(warm, ApiFixture::Connections::PerRequest))
        API_VERIFY_ERROR(reply, 401, u"KEY_REVOKED"_s);
    // Gone from the list, and a second revocation finds nothing.
    QVERIFY(!m_fx.get(u"/v1/api-keys?limit=100"_s, m_fx.owner().token)
                 .body.contains(key.value(u"id"_s).toString().toLatin1()));
    API_VERIFY_ERROR(
        m_fx.del(u"/v1/api-keys/"_s + key.value(u"id"_s).toString(), m_fx.owner().token), 404,
        u"NOT_FOUND"_s);
}

void TestApiKeys::everyEndpointAgainstEveryScope_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("scope"); // empty: session-only
    const cadenio::api::Router router = cadenio::api::allRoutes();
    for (const cadenio::api::Route &route : router.routes()) {
        if (route.access == cadenio::api::Access::Public)
            continue;
        QTest::addRow("%s %s", route.method.constData(), qPrintable(route.pattern))
            << route.method << concretePath(route.pattern) << route.scope;
    }
}

void TestApiKeys::everyEndpointAgainstEveryScope()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, scope);
    const QByteArray body =
        (method == "POST" || method == "PATCH") ? QByteArray("{}") : QByteArray();

    if (scope.isEmpty()) {
        const QString everything =
            createKey(cadenio::scopes::all()).value(u"plain_key"_s).toString();
        API_VERIFY_ERROR(m_fx.request(method, path, body, ApiFixture::jsonBearer(everything)), 403,
                         u"FORBIDDEN"_s);
        return;
    }
    QVERIFY2(cadenio::scopes::isKnown(scope), qPrintable(scope));
    QStringList allButOne = cadenio::scopes::all();
    allButOne.removeAll(scope);
    const QString lacking = createKey(allButOne).value(u"plain_key"_s).toString();
    const ApiReply refused = m_fx.request(method, path, body, ApiFixture::jsonBearer(lacking));
    API_VERIFY_ERROR(refused, 403, u"MISSING_SCOPE"_s);
    QCOMPARE(refused.json().value(u"required_scope"_s).toString(), scope);

    const QString only = createKey({scope}).value(u"plain_key"_s).toString();
    const ApiReply admitted = m_fx.request(method, path, body, ApiFixture::jsonBearer(only));
    QVERIFY2(admitted.status != 403 && admitted.status != 401, qPrintable(admitted.describe()));
}

void TestApiKeys::storeNeverHoldsThePlainKey()
{
    const QString plain = createKey({u"runs:read"_s}).value(u"plain_key"_s).toString();
    QVERIFY(!plain.isEmpty());
    // The main file and the write-ahead log: a committed row may still sit in the latter.
    const QString dbPath = m_fx.database().url().sqlitePath();
    for (const QString &file : QStringList{dbPath, dbPath + u"-wal"_s}) {
        QFile f(file);
        if (!f.exists())
            continue;
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(!bytes.contains(plain.toLatin1()), qPrintable(file));
        QVERIFY2(!bytes.contains(plain.mid(8, 30).toLatin1()), qPrintable(file));
    }
    // Every value of every table, as the engine returns it (the files above exist only for
    // SQLite; on PostgreSQL this is the whole check).
    const QSqlDatabase db = m_fx.database().connection();
    const QStringList tables = db.tables();
    QVERIFY(tables.contains(u"api_keys"_s));
    for (const QString &table : tables) {
        cadenio::SqlQuery rows(db, u"SELECT * FROM %1"_s.arg(table));
        rows.exec();
        while (rows.next()) {
            for (int column = 0; column < rows.columnCount(); ++column)
                QVERIFY2(!rows.text(column).contains(plain.mid(8, 30)), qPrintable(table));
        }
    }
}

void TestApiKeys::lastUsedIsRecorded()
{
    const QJsonObject key = createKey({u"users:read"_s});
    const auto listed = [&] {
        for (const QJsonValue &item : m_fx.get(u"/v1/api-keys?limit=100"_s, m_fx.owner().token)
                                          .json()
                                          .value(u"data"_s)
                                          .toArray()) {
            if (item.toObject().value(u"id"_s) == key.value(u"id"_s))
                return item.toObject();
        }
        return QJsonObject();
    };
    QVERIFY(listed().value(u"last_used_at"_s).isNull());
    API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, key.value(u"plain_key"_s).toString()), 200);
    QVERIFY(cadenio::test::isUtcTimestamp(listed().value(u"last_used_at"_s).toString()));
}

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_api_keys.moc"
