// Console users signing in and out over HTTP, and the credentials every protected route
// accepts or refuses.

#include "ApiFixture.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkCookie>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiHeaders;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;

namespace {

QByteArray signInBody(const QString &email, const QString &password)
{
    return QJsonDocument(QJsonObject{{u"email"_s, email}, {u"password"_s, password}})
        .toJson(QJsonDocument::Compact);
}

ApiHeaders withContentType(const QByteArray &type)
{
    return {{"Content-Type", type}};
}

std::optional<QNetworkCookie> sessionCookie(const ApiReply &reply)
{
    for (const QNetworkCookie &cookie : QNetworkCookie::parseCookies(reply.header("Set-Cookie"))) {
        if (cookie.name() == "cadenio_session")
            return cookie;
    }
    return std::nullopt;
}

bool listsUser(const ApiReply &reply, const QString &userId)
{
    const QJsonArray data = reply.json().value("data"_L1).toArray();
    return std::any_of(data.begin(), data.end(),
                       [&](const QJsonValue &user) { return user["id"_L1].toString() == userId; });
}

} // namespace

class TestApiSessions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void signInRejectsBadBodies_data();
    void signInRejectsBadBodies();
    void signInContentType_data();
    void signInContentType();
    void wrongCredentialsLookAlike();
    void signIn_data();
    void signIn();
    void everySignInIsItsOwnSession();
    void credentialsAccepted_data();
    void credentialsAccepted();
    void credentialsRejected_data();
    void credentialsRejected();
    void signOut_data();
    void signOut();
    void signOutNeedsASession();
    void failedSignInsPerEmailAreLimited_data();
    void failedSignInsPerEmailAreLimited();
    void failedSignInsPerAddressAreLimited();
    void simultaneousGuessesStayWithinTheLimit();

private:
    ApiFixture m_fx;
};

void TestApiSessions::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
}

void TestApiSessions::cleanupTestCase()
{
    m_fx.stop();
}

void TestApiSessions::signInRejectsBadBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    const QByteArray email = ApiFixture::kOwnerEmail.toUtf8();
    const QByteArray password = ApiFixture::kPassword.toUtf8();

    QTest::addRow("malformed JSON") << QByteArray(R"({"email": ")" + email) << QString();
    QTest::addRow("empty body") << QByteArray() << QString();
    QTest::addRow("JSON array") << QByteArray(R"([{"email":")" + email + R"(","password":")" +
                                              password + R"("}])")
                                << QString();
    QTest::addRow("JSON string") << QByteArray(R"("hello")") << QString();
    QTest::addRow("JSON null") << QByteArray("null") << QString();
    QTest::addRow("email is a number")
        << QByteArray(R"({"email":5,"password":")" + password + R"("})") << u"email"_s;
    QTest::addRow("email is null")
        << QByteArray(R"({"email":null,"password":")" + password + R"("})") << u"email"_s;
    QTest::addRow("password is a boolean")
        << QByteArray(R"({"email":")" + email + R"(","password":true})") << u"password"_s;
    QTest::addRow("password is an object")
        << QByteArray(R"({"email":")" + email + R"(","password":{"value":"x"}})") << u"password"_s;
    QTest::addRow("email missing")
        << QByteArray(R"({"password":")" + password + R"("})") << u"email"_s;
    QTest::addRow("password missing")
        << QByteArray(R"({"email":")" + email + R"("})") << u"password"_s;
    // A typo in a client must not pass silently, even next to correct credentials.
    QTest::addRow("unknown field") << QByteArray(R"({"email":")" + email + R"(","password":")" +
                                                 password + R"(","remember_me":true})")
                                   << u"remember_me"_s;
}

void TestApiSessions::signInRejectsBadBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);

    const ApiReply reply =
        m_fx.request("POST", u"/v1/sessions"_s, body, withContentType("application/json"));

    API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
    if (!field.isEmpty()) {
        QCOMPARE(reply.field(), field);
        const QString message = reply.json().value("message"_L1).toString();
        QVERIFY2(message.contains(field), qPrintable(message));
    }
    QVERIFY(!reply.hasHeader("Set-Cookie"));
}

void TestApiSessions::signInContentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");

    // Correct credentials throughout: only the declared type decides.
    QTest::addRow("text/plain") << QByteArray("text/plain") << 400;
    QTest::addRow("form-urlencoded") << QByteArray("application/x-www-form-urlencoded") << 400;
    QTest::addRow("a JSON look-alike") << QByteArray("application/jsonp") << 400;
    QTest::addRow("with charset") << QByteArray("application/json; charset=utf-8") << 201;
    // Media types are case-insensitive (RFC 9110, 8.3.1).
    QTest::addRow("upper case") << QByteArray("Application/JSON") << 201;
}

void TestApiSessions::signInContentType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);

    const ApiReply reply = m_fx.request("POST", u"/v1/sessions"_s,
                                        signInBody(ApiFixture::kOwnerEmail, ApiFixture::kPassword),
                                        withContentType(contentType));

    API_COMPARE_STATUS(reply, status);
    if (status == 400) {
        API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
        const QString message = reply.json().value("message"_L1).toString();
        QVERIFY2(message.contains("Content-Type"_L1, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY(!reply.hasHeader("Set-Cookie"));
    } else {
        QVERIFY(reply.json().value("token"_L1).toString().startsWith("sess_"_L1));
    }
}

void TestApiSessions::wrongCredentialsLookAlike()
{
    const ApiReply wrongPassword =
        m_fx.signIn(ApiFixture::kOwnerEmail, u"not the password at all"_s);
    const ApiReply unknownEmail = m_fx.signIn(u"nobody@acme.example"_s, ApiFixture::kPassword);

    API_VERIFY_ERROR(wrongPassword, 401, u"UNAUTHORIZED"_s);
    API_VERIFY_ERROR(unknownEmail, 401, u"UNAUTHORIZED"_s);
    // Any difference would tell an attacker which emails have accounts.
    QCOMPARE(unknownEmail.json().value("code"_L1), wrongPassword.json().value("code"_L1));
    QCOMPARE(unknownEmail.json().value("message"_L1), wrongPassword.json().value("message"_L1));
    QCOMPARE(unknownEmail.json().keys(), wrongPassword.json().keys());
    QVERIFY(!wrongPassword.hasHeader("Set-Cookie"));
    QVERIFY(!unknownEmail.hasHeader("Set-Cookie"));
}

void TestApiSessions::signIn_data()
{
    QTest::addColumn<QString>("email");

    QTest::addRow("as registered") << ApiFixture::kOwnerEmail;
    // One account per address, however the user types it.
    QTest::addRow("other case, padded") << u"  Owner@ACME.example "_s;
}

void TestApiSessions::signIn()
{
    QFETCH(QString, email);
    const QDateTime before = QDateTime::currentDateTimeUtc();

    const ApiReply reply = m_fx.signIn(email, ApiFixture::kPassword);

    API_COMPARE_STATUS(reply, 201);
    QCOMPARE(reply.mediaType(), QByteArray("application/json"));
    const QJsonObject body = reply.json();
    const QString token = body.value("token"_L1).toString();
    QVERIFY2(token.startsWith("sess_"_L1), qPrintable(token));
    // 96 random bits are at least 17 base62 digits after the prefix.
    QVERIFY2(token.size() >= 5 + 17, qPrintable(token));
    QCOMPARE(body.value("user_id"_L1).toString(), m_fx.owner().id);
    QCOMPARE(body.value("org_id"_L1).toString(), m_fx.orgId());
    const QString expiresAt = body.value("expires_at"_L1).toString();
    QVERIFY2(cadenio::test::isUtcTimestamp(expiresAt), qPrintable(expiresAt));
    QVERIFY2(QDateTime::fromString(expiresAt, Qt::ISODate) > before.addSecs(60),
             qPrintable(expiresAt));

    const QByteArray setCookie = reply.header("Set-Cookie");
    QVERIFY2(setCookie.startsWith(QByteArray("cadenio_session=" + token.toLatin1() + ';')),
             setCookie.constData());
    const auto cookie = sessionCookie(reply);
    QVERIFY2(cookie, setCookie.constData());
    QCOMPARE(cookie->value(), token.toLatin1());
    QVERIFY(cookie->isHttpOnly());
    QCOMPARE(cookie->sameSitePolicy(), QNetworkCookie::SameSite::Strict);
    QCOMPARE(cookie->path(), u"/"_s);

    // The token is a working credential, not only a well-formed string.
    API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, token), 200);
}

void TestApiSessions::everySignInIsItsOwnSession()
{
    const ApiReply first = m_fx.signIn(ApiFixture::kOwnerEmail, ApiFixture::kPassword);
    const ApiReply second = m_fx.signIn(ApiFixture::kOwnerEmail, ApiFixture::kPassword);
    API_COMPARE_STATUS(first, 201);
    API_COMPARE_STATUS(second, 201);
    const QString firstToken = first.json().value("token"_L1).toString();
    const QString secondToken = second.json().value("token"_L1).toString();

    QVERIFY(firstToken != secondToken);
    API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, firstToken), 200);
    API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, secondToken), 200);
}

void TestApiSessions::credentialsAccepted_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("valueTemplate"); // %1: the session token

    QTest::addRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer %1");
    // Auth schemes are case-insensitive (RFC 9110, 11.1).
    QTest::addRow("bearer, lower case scheme")
        << QByteArray("Authorization") << QByteArray("bearer %1");
    QTest::addRow("cookie") << QByteArray("Cookie") << QByteArray("cadenio_session=%1");
    QTest::addRow("cookie among others")
        << QByteArray("Cookie") << QByteArray("theme=dark; cadenio_session=%1; lang=de");
}

void TestApiSessions::credentialsAccepted()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, valueTemplate);
    const QByteArray value = QByteArray(valueTemplate).replace("%1", m_fx.owner().token.toLatin1());

    const ApiReply reply = m_fx.request("GET", u"/v1/users"_s, {}, {{header, value}});

    API_COMPARE_STATUS(reply, 200);
    QVERIFY2(listsUser(reply, m_fx.owner().id), qPrintable(reply.describe()));
}

void TestApiSessions::credentialsRejected_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");

    const QByteArray token = m_fx.owner().token.toLatin1();
    QTest::addRow("none") << QByteArray() << QByteArray();
    QTest::addRow("basic scheme") << QByteArray("Authorization") << QByteArray("Basic xyz");
    QTest::addRow("bearer without token") << QByteArray("Authorization") << QByteArray("Bearer");
    QTest::addRow("token without scheme") << QByteArray("Authorization") << token;
    QTest::addRow("token with trailing garbage")
        << QByteArray("Authorization") << "Bearer " + token + " x";
    QTest::addRow("unknown session token")
        << QByteArray("Authorization") << QByteArray("Bearer sess_4Qx7bWm2ZkPq9LrT8vNc3YhJ");
    QTest::addRow("bare session prefix")
        << QByteArray("Authorization") << QByteArray("Bearer sess_");
    QTest::addRow("unknown API key")
        << QByteArray("Authorization") << QByteArray("Bearer sk_live_4Qx7bWm2ZkPq9LrT8vNc3YhJ");
    QTest::addRow("random string") << QByteArray("Authorization") << QByteArray("Bearer hunter2");
    QTest::addRow("unknown session cookie")
        << QByteArray("Cookie") << QByteArray("cadenio_session=sess_4Qx7bWm2ZkPq9LrT8vNc3YhJ");
    QTest::addRow("token in another cookie") << QByteArray("Cookie") << "session=" + token;
}

void TestApiSessions::credentialsRejected()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    ApiHeaders headers;
    if (!header.isEmpty())
        headers.append({header, value});

    const ApiReply reply = m_fx.request("GET", u"/v1/users"_s, {}, headers);

    API_VERIFY_ERROR(reply, 401, u"UNAUTHORIZED"_s);
    QVERIFY(!reply.json().contains("data"_L1));
}

void TestApiSessions::signOut_data()
{
    QTest::addColumn<bool>("viaCookie");

    QTest::addRow("bearer") << false;
    QTest::addRow("cookie") << true;
}

void TestApiSessions::signOut()
{
    QFETCH(bool, viaCookie);
    const ApiReply session = m_fx.signIn(ApiFixture::kOwnerEmail, ApiFixture::kPassword);
    API_COMPARE_STATUS(session, 201);
    const QByteArray token = session.json().value("token"_L1).toString().toLatin1();
    const ApiHeaders credentials = viaCookie ? ApiHeaders{{"Cookie", "cadenio_session=" + token}}
                                             : ApiHeaders{{"Authorization", "Bearer " + token}};

    const ApiReply out = m_fx.request("DELETE", u"/v1/sessions/current"_s, {}, credentials);

    API_COMPARE_STATUS(out, 204);
    QVERIFY2(out.body.isEmpty(), qPrintable(out.describe()));
    // A browser must drop the cookie too, or it would keep sending a dead token.
    const auto cleared = sessionCookie(out);
    QVERIFY2(cleared, out.header("Set-Cookie").constData());
    QVERIFY(cleared->value().isEmpty());
    QVERIFY(cleared->isHttpOnly());

    for (const ApiHeaders &again : {ApiHeaders{{"Authorization", "Bearer " + token}},
                                    ApiHeaders{{"Cookie", "cadenio_session=" + token}}}) {
        API_VERIFY_ERROR(m_fx.request("GET", u"/v1/users"_s, {}, again), 401, u"UNAUTHORIZED"_s);
    }
    API_VERIFY_ERROR(m_fx.request("DELETE", u"/v1/sessions/current"_s, {}, credentials), 401,
                     u"UNAUTHORIZED"_s);
    // Only that session ends: the user's other sign-ins stay valid.
    API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, m_fx.owner().token), 200);
}

void TestApiSessions::signOutNeedsASession()
{
    API_VERIFY_ERROR(m_fx.del(u"/v1/sessions/current"_s), 401, u"UNAUTHORIZED"_s);
    API_VERIFY_ERROR(m_fx.del(u"/v1/sessions/current"_s, u"sess_4Qx7bWm2ZkPq9LrT8vNc3YhJ"_s), 401,
                     u"UNAUTHORIZED"_s);
}

void TestApiSessions::failedSignInsPerEmailAreLimited_data()
{
    QTest::addColumn<bool>("knownEmail");

    QTest::addRow("known email") << true;
    // The lock-out must not reveal whether the address has an account.
    QTest::addRow("unknown email") << false;
}

void TestApiSessions::failedSignInsPerEmailAreLimited()
{
    QFETCH(bool, knownEmail);
    // Its own server: the throttle's counts must start from zero and must not leak into
    // the other tests of this class.
    ApiFixture fx;
    QString error;
    QVERIFY2(fx.start(&error), qPrintable(error));
    const Account member = fx.createAccount(Role::Member);
    QVERIFY2(member.isValid(), qPrintable(fx.lastError()));
    const QString email = knownEmail ? ApiFixture::kOwnerEmail : u"ghost@acme.example"_s;

    for (int attempt = 1; attempt <= 5; ++attempt) {
        const ApiReply failed = fx.signIn(email, u"wrong password #%1"_s.arg(attempt));
        API_VERIFY_ERROR(failed, 401, u"UNAUTHORIZED"_s);
    }
    const ApiReply blocked = fx.signIn(email, ApiFixture::kPassword);

    API_VERIFY_ERROR(blocked, 429, u"RATE_LIMITED"_s);
    bool numeric = false;
    const int retryAfter = blocked.header("Retry-After").toInt(&numeric);
    QVERIFY2(numeric, blocked.header("Retry-After").constData());
    QVERIFY2(retryAfter >= 1, blocked.header("Retry-After").constData());
    QVERIFY(!blocked.hasHeader("Set-Cookie"));
    // The limit is per email: the next user on the same machine can still sign in, and
    // sessions that already exist keep working.
    API_COMPARE_STATUS(fx.signIn(member.email, member.password), 201);
    API_COMPARE_STATUS(fx.get(u"/v1/users"_s, fx.owner().token), 200);
}

void TestApiSessions::failedSignInsPerAddressAreLimited()
{
    ApiFixture fx;
    QString error;
    QVERIFY2(fx.start(&error), qPrintable(error));

    // A spray over many addresses, one guess each, so that no per-email count fills up.
    // The per-address limit is not part of the contract; only that one exists. Stop at the
    // first refusal, and fail if none comes within a generous bound.
    int refusedAt = 0;
    for (int attempt = 1; attempt <= 60 && refusedAt == 0; ++attempt) {
        const ApiReply reply =
            fx.signIn(u"spray-%1@acme.example"_s.arg(attempt), u"guess number one"_s);
        if (reply.status == 429) {
            API_VERIFY_ERROR(reply, 429, u"RATE_LIMITED"_s);
            QVERIFY(reply.header("Retry-After").toInt() >= 1);
            refusedAt = attempt;
        } else {
            API_VERIFY_ERROR(reply, 401, u"UNAUTHORIZED"_s);
        }
    }
    QVERIFY2(refusedAt > 1, "no sign-in from this address was ever refused");
    // Right credentials from the same address are refused as well while the limit holds.
    API_VERIFY_ERROR(fx.signIn(ApiFixture::kOwnerEmail, ApiFixture::kPassword), 429,
                     u"RATE_LIMITED"_s);
}

void TestApiSessions::simultaneousGuessesStayWithinTheLimit()
{
    // More server threads than usual, so that several guesses are checked at once.
    ApiFixture::Options options;
    options.serverThreads = 4;
    ApiFixture fx(options);
    QString error;
    QVERIFY2(fx.start(&error), qPrintable(error));
    QList<ApiRequestSpec> guesses;
    for (int i = 0; i < 12; ++i) {
        guesses.append({"POST", u"/v1/sessions"_s,
                        signInBody(ApiFixture::kOwnerEmail, u"guess #%1"_s.arg(i)),
                        withContentType("application/json")});
    }

    const QList<ApiReply> replies = fx.requestAll(guesses, ApiFixture::Connections::PerRequest);

    // A 401 means the password was actually tried. Five tries per email is the budget
    // however the guesses are spread over connections: a check that is not one step with
    // the count lets every server thread slip one more guess in.
    int tried = 0;
    for (const ApiReply &reply : replies) {
        if (reply.status == 401)
            ++tried;
        else
            API_VERIFY_ERROR(reply, 429, u"RATE_LIMITED"_s);
    }
    QVERIFY2(tried <= 5, qPrintable(u"%1 passwords were tried"_s.arg(tried)));
    API_VERIFY_ERROR(fx.signIn(ApiFixture::kOwnerEmail, ApiFixture::kPassword), 429,
                     u"RATE_LIMITED"_s);
}

QTEST_GUILESS_MAIN(TestApiSessions)
#include "tst_api_sessions.moc"
