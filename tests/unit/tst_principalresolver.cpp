#include "TestStore.h"

#include "auth/PrincipalResolver.h"
#include "domain/Error.h"
#include "http/ApiRequest.h"
#include "services/KeyService.h"
#include "services/LoginThrottle.h"
#include "services/MasterKey.h"
#include "services/PasswordHasher.h"
#include "services/SessionService.h"
#include "store/UserRepository.h"

#include <QTest>

using namespace cadenio;
using namespace cadenio::api;
using namespace cadenio::testing;

namespace {
ApiRequest requestWith(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    ApiRequest request;
    request.method = "GET";
    request.path = QStringLiteral("/v1/users");
    request.headers = headers;
    return request;
}
} // namespace

class TestPrincipalResolver : public QObject
{
    Q_OBJECT

private slots:
    void bearerToken_data();
    void bearerToken();
    void resolve();
};

void TestPrincipalResolver::bearerToken_data()
{
    QTest::addColumn<QByteArray>("authorization"); // null: header not sent
    QTest::addColumn<QByteArray>("cookie");        // null: header not sent
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("rejected");

    const QByteArray none;
    QTest::addRow("Bearer") << QByteArray("Bearer sess_abc") << none << QStringLiteral("sess_abc")
                            << false;
    // RFC 9110 §11.1: the auth scheme is case-insensitive.
    QTest::addRow("bearer") << QByteArray("bearer sess_abc") << none << QStringLiteral("sess_abc")
                            << false;
    QTest::addRow("BEARER") << QByteArray("BEARER sess_abc") << none << QStringLiteral("sess_abc")
                            << false;
    QTest::addRow("extra spaces") << QByteArray("  Bearer    sess_abc  ") << none
                                  << QStringLiteral("sess_abc") << false;
    QTest::addRow("API key") << QByteArray("Bearer key_live_abc") << none
                             << QStringLiteral("key_live_abc") << false;
    QTest::addRow("nothing sent") << none << none << QString() << false;
    QTest::addRow("cookie only") << none << QByteArray("cadenio_session=sess_cookie")
                                 << QStringLiteral("sess_cookie") << false;
    // An explicit header wins over an ambient cookie (scripts run inside a browser).
    QTest::addRow("header beats cookie")
        << QByteArray("Bearer sess_header") << QByteArray("cadenio_session=sess_cookie")
        << QStringLiteral("sess_header") << false;
    QTest::addRow("empty header falls back to cookie")
        << QByteArray("") << QByteArray("cadenio_session=sess_cookie")
        << QStringLiteral("sess_cookie") << false;

    // Malformed headers are 401, not "anonymous": a client bug should be loud.
    QTest::addRow("Basic") << QByteArray("Basic dXNlcjpwYXNz") << none << QString() << true;
    QTest::addRow("Token scheme") << QByteArray("Token sess_abc") << none << QString() << true;
    QTest::addRow("scheme only") << QByteArray("Bearer") << none << QString() << true;
    QTest::addRow("scheme and space") << QByteArray("Bearer ") << none << QString() << true;
    QTest::addRow("no space") << QByteArray("Bearersess_abc") << none << QString() << true;
    QTest::addRow("two tokens") << QByteArray("Bearer sess_a sess_b") << none << QString() << true;
    QTest::addRow("token only") << QByteArray("sess_abc") << none << QString() << true;
    QTest::addRow("malformed header, valid cookie")
        << QByteArray("Basic x") << QByteArray("cadenio_session=sess_cookie") << QString() << true;
}

void TestPrincipalResolver::bearerToken()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, cookie);
    QFETCH(QString, expected);
    QFETCH(bool, rejected);

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isNull())
        headers.append({QByteArray("Authorization"), authorization});
    if (!cookie.isNull())
        headers.append({QByteArray("Cookie"), cookie});
    try {
        const QString token = PrincipalResolver::bearerToken(requestWith(headers));
        QVERIFY2(!rejected, qPrintable(QStringLiteral("accepted as '%1'").arg(token)));
        QCOMPARE(token, expected);
    } catch (const Error &e) {
        QVERIFY2(rejected, qPrintable(e.message()));
        QCOMPARE(e.code(), Error::Code::Unauthorized);
        QVERIFY2(e.message().contains(QStringLiteral("Bearer")), qPrintable(e.message()));
    }
}

void TestPrincipalResolver::resolve()
{
    TestStore store;
    const Org org = insertOrg(store.db(), QStringLiteral("Acme"));
    const User admin{ids::generate(u"usr_"), org.id,      QStringLiteral("admin@acme.example"),
                     QStringLiteral("Ada"),  Role::Admin, timestamps::now()};
    const QString password = QStringLiteral("a long enough password");
    UserRepository(store.db().connection()).insert(admin, passwords::hash(password));
    LoginThrottle throttle;
    SessionService sessions(store.db(), MasterKey::fromBytes(QByteArray(32, 'k')), throttle);
    KeyService keys(store.db(), MasterKey::fromBytes(QByteArray(32, 'k')));
    const QString token = sessions.signIn(admin.email, password, QStringLiteral("127.0.0.1")).token;
    const PrincipalResolver resolver(sessions, keys);

    const auto bearer = [](const QString &t) {
        return requestWith({{QByteArray("Authorization"), QByteArray("Bearer ") + t.toLatin1()}});
    };
    const auto codeOf = [&](const ApiRequest &request) {
        try {
            resolver.resolve(request);
        } catch (const Error &e) {
            return e.code();
        }
        return Error::Code::Internal;
    };

    // A live session becomes a user actor carrying its role, by header or by cookie.
    for (const ApiRequest &request :
         {bearer(token), requestWith({{QByteArray("Cookie"),
                                       QByteArray("cadenio_session=") + token.toLatin1()}})}) {
        const Principal principal = resolver.resolve(request);
        QCOMPARE(principal.kind, Principal::Kind::Session);
        QCOMPARE(principal.actor.type, Actor::Type::User);
        QCOMPARE(principal.actor.id, admin.id);
        QCOMPARE(principal.actor.orgId, org.id);
        QCOMPARE(principal.actor.role, std::optional<Role>(Role::Admin));
        QCOMPARE(principal.token, token);
    }

    QCOMPARE(codeOf(requestWith({})), Error::Code::Unauthorized);
    QCOMPARE(codeOf(bearer(QStringLiteral("sess_") + ids::randomBase62(32))),
             Error::Code::Unauthorized);
    QCOMPARE(codeOf(bearer(QStringLiteral("key_unknown"))), Error::Code::Unauthorized);
    // Nothing cached: signed out, the very next request fails.
    sessions.signOut(token);
    QCOMPARE(codeOf(bearer(token)), Error::Code::Unauthorized);
}

QTEST_GUILESS_MAIN(TestPrincipalResolver)
#include "tst_principalresolver.moc"
