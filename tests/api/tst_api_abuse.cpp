// What an attacker with network access, or a curious reader of the logs, learns: no
// secret (password, API key, session token, webhook secret) ever appears in a log line or
// an error body, and guessed keys of every shape get one indistinguishable answer.

#include "ApiFixture.h"

#include "domain/KeyMaterial.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutex>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::test::ApiFixture;
using cadenio::test::ApiHeaders;
using cadenio::test::ApiReply;

namespace {

// Every message any thread logs while the test runs, at every level.
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log << QString::fromLatin1(context.category ? context.category : "") + u": "_s + message;
    }
    if (type != QtDebugMsg && g_previousHandler)
        g_previousHandler(type, context, message);
}

QString randomText(int length)
{
    static const QString alphabet =
        u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"_s;
    QString text;
    for (int i = 0; i < length; ++i)
        text += alphabet.at(QRandomGenerator::global()->bounded(alphabet.size()));
    return text;
}

} // namespace

class TestApiAbuse : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void guessedKeysLookAlike_data();
    void guessedKeysLookAlike();
    void noSecretInLogsOrErrorBodies();

private:
    // Remembers a secret to look for, and an exchange whose error body must not hold one.
    void secret(const QString &value) { m_secrets << value; }
    ApiReply keep(ApiReply reply)
    {
        m_replies << reply;
        return reply;
    }

    ApiFixture m_fx;
    QStringList m_secrets;
    QList<ApiReply> m_replies;
};

void TestApiAbuse::initTestCase()
{
    // Debug output too: a secret in a debug line leaks as soon as someone turns it on.
    QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    g_previousHandler = qInstallMessageHandler(captureMessage);
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
}

void TestApiAbuse::cleanupTestCase()
{
    m_fx.stop();
    qInstallMessageHandler(g_previousHandler);
}

void TestApiAbuse::guessedKeysLookAlike_data()
{
    QTest::addColumn<QString>("token");
    const QString real = m_fx.createApiKey({u"runs:read"_s});
    QVERIFY(!real.isEmpty());
    QString badChecksum = real;
    badChecksum[badChecksum.size() - 1] = badChecksum.endsWith(u'a') ? u'b' : u'a';
    // Same prefix as a real key: nothing in the answer may reward a partial match.
    const QString samePrefix = real.left(14) + cadenio::keymaterial::generate().mid(14);
    QTest::addRow("well-formed, unknown") << cadenio::keymaterial::generate();
    QTest::addRow("real key's prefix") << samePrefix;
    QTest::addRow("checksum off by one") << badChecksum;
    QTest::addRow("truncated") << real.left(real.size() - 3);
    QTest::addRow("not a key at all") << u"hunter2"_s;
}

void TestApiAbuse::guessedKeysLookAlike()
{
    QFETCH(QString, token);
    static const ApiReply reference = m_fx.get(u"/v1/runs"_s, cadenio::keymaterial::generate());
    const ApiReply reply = m_fx.get(u"/v1/runs"_s, token);
    API_VERIFY_ERROR(reply, 401, u"UNAUTHORIZED"_s);
    QCOMPARE(reply.json(), reference.json());
    QVERIFY(!reply.hasHeader("X-RateLimit-Limit")); // no key, so nothing counted against one
    QVERIFY(!reply.body.contains(token.toLatin1()));
}

void TestApiAbuse::noSecretInLogsOrErrorBodies()
{
    const QString owner = m_fx.owner().token;
    secret(m_fx.owner().password);
    secret(owner);

    // Sign-ins: a wrong password, an unknown user, a body with the password and a typo.
    const QString wrongPassword = u"wrong-"_s + randomText(16);
    secret(wrongPassword);
    keep(m_fx.post(u"/v1/sessions"_s,
                   {{u"email"_s, ApiFixture::kOwnerEmail}, {u"password"_s, wrongPassword}}));
    keep(m_fx.post(u"/v1/sessions"_s,
                   {{u"email"_s, u"nobody@acme.example"_s}, {u"password"_s, wrongPassword}}));
    keep(m_fx.post(u"/v1/sessions"_s, {{u"email"_s, ApiFixture::kOwnerEmail},
                                       {u"password"_s, m_fx.owner().password},
                                       {u"pasword"_s, wrongPassword}}));
    keep(m_fx.request("POST", u"/v1/sessions"_s,
                      "{\"email\":\"x\",\"password\":\"" + wrongPassword.toUtf8() + "\"",
                      {{"Content-Type", "application/json"}}));

    // A second session: used by cookie, signed out, then used again.
    const ApiReply second = m_fx.signIn(ApiFixture::kOwnerEmail, m_fx.owner().password);
    API_COMPARE_STATUS(second, 201);
    const QString token = second.json().value("token"_L1).toString();
    secret(token);
    keep(m_fx.request("GET", u"/v1/users"_s, {},
                      {{"Cookie", "cadenio_session=" + token.toLatin1()}}));
    API_COMPARE_STATUS(keep(m_fx.del(u"/v1/sessions/current"_s, token)), 204);
    keep(m_fx.get(u"/v1/users"_s, token));

    // Members: a password in a body, and a too-short one refused.
    const QString memberPassword = u"member-"_s + randomText(20);
    secret(memberPassword);
    keep(m_fx.post(u"/v1/users"_s,
                   {{u"email"_s, m_fx.uniqueEmail()},
                    {u"name"_s, u"Mia"_s},
                    {u"role"_s, u"MEMBER"_s},
                    {u"password"_s, memberPassword}},
                   owner));
    keep(m_fx.post(u"/v1/users"_s,
                   {{u"email"_s, m_fx.uniqueEmail()},
                    {u"name"_s, u"Max"_s},
                    {u"role"_s, u"MEMBER"_s},
                    {u"password"_s, wrongPassword.left(5)}},
                   owner));

    // Keys: used, misused, revoked and used again.
    const QString key = m_fx.createApiKey({u"runs:read"_s, u"webhooks:manage"_s});
    QVERIFY(!key.isEmpty());
    secret(key);
    secret(key.mid(cadenio::keymaterial::kPrefix.size())); // the random part alone
    API_COMPARE_STATUS(keep(m_fx.get(u"/v1/runs"_s, key)), 200);
    keep(m_fx.get(u"/v1/users"_s, key)); // missing scope
    keep(m_fx.request("GET", u"/v1/runs"_s, {}, {{"Authorization", "Token " + key.toLatin1()}}));
    keep(m_fx.request("GET", u"/v1/runs"_s, {},
                      {{"Authorization", "Bearer " + key.toLatin1() + " x"}}));
    const QString revoked = m_fx.createApiKey({u"runs:read"_s});
    secret(revoked);
    const ApiReply list = m_fx.get(u"/v1/api-keys"_s, owner);
    for (const QJsonValue &item : list.json().value("data"_L1).toArray()) {
        if (revoked.startsWith(item.toObject().value("key_prefix"_L1).toString().remove(u"..."_s)))
            keep(m_fx.del(u"/v1/api-keys/"_s + item.toObject().value("id"_L1).toString(), owner));
    }
    API_VERIFY_ERROR(keep(m_fx.get(u"/v1/runs"_s, revoked)), 401, u"KEY_REVOKED"_s);

    // Webhooks: a chosen secret, and one refused for its length.
    const QString webhookSecret = u"whsec_"_s + randomText(32);
    secret(webhookSecret);
    const ApiReply hook = keep(m_fx.post(u"/v1/webhooks"_s,
                                         {{u"url"_s, u"https://hooks.example/cadenio"_s},
                                          {u"events"_s, QJsonArray{u"*"_s}},
                                          {u"secret"_s, webhookSecret}},
                                         key));
    API_COMPARE_STATUS(hook, 201);
    keep(m_fx.post(u"/v1/webhooks"_s,
                   {{u"url"_s, u"http://hooks.example/cadenio"_s},
                    {u"events"_s, QJsonArray{u"*"_s}},
                    {u"secret"_s, QString(webhookSecret + QString(300, u'x'))}},
                   key));
    API_COMPARE_STATUS(keep(m_fx.get(u"/v1/webhooks"_s, key)), 200);

    // Error bodies: none may echo a secret back.
    int errors = 0;
    for (const ApiReply &reply : std::as_const(m_replies)) {
        if (reply.status < 400 && reply.path != "/v1/webhooks"_L1)
            continue;
        errors += reply.status >= 400;
        for (const QString &value : std::as_const(m_secrets)) {
            if (reply.status >= 400 || reply.method == "GET")
                QVERIFY2(!reply.body.contains(value.toUtf8()),
                         qPrintable(u"a secret in %1"_s.arg(reply.describe())));
        }
    }
    QVERIFY2(errors >= 10, "the run did not exercise the error paths it means to");

    // Logs: none may hold a secret, at any level, from any thread.
    const QStringList log = [] {
        QMutexLocker lock(&g_logMutex);
        return g_log;
    }();
    QVERIFY2(!log.isEmpty(), "nothing was logged: the capture does not work");
    for (const QString &line : log) {
        for (const QString &value : std::as_const(m_secrets))
            QVERIFY2(!line.contains(value), qPrintable(u"a secret in the log: "_s + line));
    }
    qInfo("%lld log lines and %lld exchanges checked for %lld secrets", qlonglong(log.size()),
          qlonglong(m_replies.size()), qlonglong(m_secrets.size()));
}

QTEST_MAIN(TestApiAbuse)
#include "tst_api_abuse.moc"
