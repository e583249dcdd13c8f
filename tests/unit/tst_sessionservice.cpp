#include "TestStore.h"

#include "domain/Error.h"
#include "services/LoginThrottle.h"
#include "services/MasterKey.h"
#include "services/PasswordHasher.h"
#include "services/SessionService.h"
#include "store/UserRepository.h"

#include <QTest>

using namespace cadenio;
using namespace cadenio::testing;

namespace {
const QString kEmail = QStringLiteral("owner@acme.example");
const QString kPassword = QStringLiteral("a long enough password");
const QString kAddress = QStringLiteral("192.0.2.10");

// The Error a call throws; INTERNAL_ERROR (which no check below expects) when it throws none.
template<typename F>
Error errorOf(F &&call)
{
    try {
        call();
    } catch (const Error &e) {
        return e;
    }
    return Error(Error::Code::Internal, QStringLiteral("no error thrown"));
}
} // namespace

class TestSessionService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void signInAuthenticateSignOut();
    void emailIsCaseInsensitive();
    void expiredSessionIsRejected();
    void unknownEmailAndWrongPasswordLookAlike();
    void malformedTokens_data();
    void malformedTokens();
    void tokenOfAnotherInstanceIsRejected();
    void repeatedFailuresAreThrottled();

private:
    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<LoginThrottle> m_throttle;
    std::unique_ptr<SessionService> m_sessions;
    QString m_ownerId;
    QString m_ownerHash;
};

void TestSessionService::initTestCase()
{
    // Argon2id is slow on purpose; hash the owner's password once for all tests.
    m_ownerHash = passwords::hash(kPassword);
}

void TestSessionService::init()
{
    m_store = std::make_unique<TestStore>();
    const Org org = insertOrg(m_store->db(), QStringLiteral("Acme"));
    m_ownerId = ids::generate(u"usr_");
    Transaction tx(m_store->db());
    UserRepository(tx.db()).insert(
        User{m_ownerId, org.id, kEmail, QStringLiteral("Olivia"), Role::Owner, timestamps::now()},
        m_ownerHash);
    tx.commit();
    m_throttle = std::make_unique<LoginThrottle>();
    m_sessions = std::make_unique<SessionService>(
        m_store->db(), MasterKey::fromBytes(QByteArray(32, 'k')), *m_throttle);
}

void TestSessionService::cleanup()
{
    m_sessions.reset();
    m_throttle.reset();
    m_store.reset();
}

void TestSessionService::signInAuthenticateSignOut()
{
    const NewSession created = m_sessions->signIn(kEmail, kPassword, kAddress);
    QVERIFY(created.token.startsWith(QStringLiteral("sess_")));
    QVERIFY(SessionService::looksLikeToken(created.token));
    QVERIFY(ids::hasPrefix(created.session.id, u"sess_"));
    QVERIFY(created.session.id != created.token);
    QCOMPARE(created.session.user.id, m_ownerId);
    QCOMPARE(created.session.createdAt.secsTo(created.session.expiresAt),
             SessionService::kLifetimeSeconds);

    // Only a keyed hash is stored: a copy of the database file does not hold usable tokens.
    QCOMPARE(scalar(m_store->db(),
                    QStringLiteral("SELECT COUNT(*) FROM sessions WHERE token_hash = '%1'")
                        .arg(created.token)),
             0);

    const auto session = m_sessions->authenticate(created.token);
    QVERIFY(session.has_value());
    QCOMPARE(session->id, created.session.id);
    QCOMPARE(session->user.id, m_ownerId);
    QCOMPARE(session->user.role, Role::Owner);

    m_sessions->signOut(created.token);
    // Dead at once, and recorded as revoked rather than deleted.
    QVERIFY(!m_sessions->authenticate(created.token).has_value());
    QCOMPARE(scalar(m_store->db(),
                    QStringLiteral("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL")),
             1);
    // Signing out twice is harmless.
    m_sessions->signOut(created.token);
}

void TestSessionService::emailIsCaseInsensitive()
{
    const NewSession created =
        m_sessions->signIn(QStringLiteral("  OWNER@Acme.Example "), kPassword, kAddress);
    QCOMPARE(created.session.user.id, m_ownerId);
}

void TestSessionService::expiredSessionIsRejected()
{
    const NewSession created = m_sessions->signIn(kEmail, kPassword, kAddress);
    const qint64 now = timestamps::toStored(timestamps::now());
    const auto setExpiry = [&](qint64 at) {
        execute(m_store->db(), QStringLiteral("UPDATE sessions SET expires_at = %1").arg(at));
    };

    // Control: moved but still in the future, the same UPDATE leaves it valid.
    setExpiry(now + 60 * 1000);
    QVERIFY(m_sessions->authenticate(created.token).has_value());
    setExpiry(now - 1);
    QVERIFY(!m_sessions->authenticate(created.token).has_value());
}

void TestSessionService::unknownEmailAndWrongPasswordLookAlike()
{
    // Answering differently would tell an attacker which emails have accounts.
    const Error unknown = errorOf(
        [&] { m_sessions->signIn(QStringLiteral("nobody@acme.example"), kPassword, kAddress); });
    const Error wrong =
        errorOf([&] { m_sessions->signIn(kEmail, QStringLiteral("wrong password!"), kAddress); });
    QCOMPARE(unknown.code(), Error::Code::Unauthorized);
    QCOMPARE(wrong.code(), Error::Code::Unauthorized);
    QCOMPARE(unknown.message(), wrong.message());
    QCOMPARE(unknown.field(), wrong.field());
    QCOMPARE(unknown.details(), wrong.details());
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("sessions")), 0);
}

void TestSessionService::malformedTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addRow("empty") << QString();
    QTest::addRow("prefix only") << QStringLiteral("sess_");
    QTest::addRow("no prefix") << QStringLiteral("abcdef");
    QTest::addRow("api key shape") << QStringLiteral("key_abcdef");
    QTest::addRow("overlong") << QStringLiteral("sess_") + QString(300, QLatin1Char('a'));
    QTest::addRow("well-formed but unknown") << QStringLiteral("sess_") + ids::randomBase62(32);
}

void TestSessionService::malformedTokens()
{
    QFETCH(QString, token);
    m_sessions->signIn(kEmail, kPassword, kAddress); // a live session exists, just not this one
    QVERIFY(!m_sessions->authenticate(token).has_value());
}

void TestSessionService::tokenOfAnotherInstanceIsRejected()
{
    // The stored hash is keyed by the instance's master secret; the same database under a
    // different secret must not accept the token.
    const NewSession created = m_sessions->signIn(kEmail, kPassword, kAddress);
    LoginThrottle throttle;
    const SessionService otherKey(m_store->db(), MasterKey::fromBytes(QByteArray(32, 'x')),
                                  throttle);
    QVERIFY(!otherKey.authenticate(created.token).has_value());
    QVERIFY(m_sessions->authenticate(created.token).has_value());
}

void TestSessionService::repeatedFailuresAreThrottled()
{
    // Default limits: five failures per email within the window.
    for (int i = 0; i < 5; ++i) {
        const Error e = errorOf(
            [&] { m_sessions->signIn(kEmail, QStringLiteral("guess %1").arg(i), kAddress); });
        QCOMPARE(e.code(), Error::Code::Unauthorized);
    }
    // Now even the right password is refused, so guessing cannot continue.
    const Error limited = errorOf([&] { m_sessions->signIn(kEmail, kPassword, kAddress); });
    QCOMPARE(limited.code(), Error::Code::RateLimited);
    QVERIFY(limited.retryAfterSeconds() >= 1);
    // The count is per email: another member (unknown here) is merely unauthorized.
    const Error other = errorOf(
        [&] { m_sessions->signIn(QStringLiteral("else@acme.example"), kPassword, kAddress); });
    QCOMPARE(other.code(), Error::Code::Unauthorized);
}

QTEST_GUILESS_MAIN(TestSessionService)
#include "tst_sessionservice.moc"
