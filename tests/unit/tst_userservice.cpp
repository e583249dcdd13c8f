#include "TestStore.h"

#include "domain/Error.h"
#include "services/UserService.h"
#include "store/UserRepository.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>

Q_DECLARE_METATYPE(cadenio::Role)

using namespace cadenio;
using namespace cadenio::testing;

namespace {
const QString kPassword = QStringLiteral("a long enough password");

Error::Code codeOf(const std::function<void()> &call)
{
    try {
        call();
    } catch (const Error &e) {
        return e.code();
    }
    return Error::Code::Internal; // no error: no row below expects INTERNAL_ERROR
}
} // namespace

class TestUserService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void roleRules_data();
    void roleRules();
    void duplicateEmail_data();
    void duplicateEmail();
    void invalidInput_data();
    void invalidInput();

private:
    Actor actor(Role role) const { return Actor::user(ids::generate(u"usr_"), m_orgId, role); }

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<UserService> m_users;
    QString m_orgId;
};

void TestUserService::init()
{
    m_store = std::make_unique<TestStore>();
    m_orgId = insertOrg(m_store->db(), QStringLiteral("Acme")).id;
    m_users = std::make_unique<UserService>(m_store->db());
}

void TestUserService::cleanup()
{
    m_users.reset();
    m_store.reset();
}

void TestUserService::roleRules_data()
{
    QTest::addColumn<Role>("actorRole");
    QTest::addColumn<Role>("newRole");
    QTest::addColumn<bool>("allowed");
    // OWNER and ADMIN manage members; only an OWNER makes another OWNER (an ADMIN could
    // otherwise promote a friend above themselves).
    QTest::addRow("owner adds owner") << Role::Owner << Role::Owner << true;
    QTest::addRow("owner adds admin") << Role::Owner << Role::Admin << true;
    QTest::addRow("owner adds auditor") << Role::Owner << Role::Auditor << true;
    QTest::addRow("admin adds admin") << Role::Admin << Role::Admin << true;
    QTest::addRow("admin adds member") << Role::Admin << Role::Member << true;
    QTest::addRow("admin adds owner") << Role::Admin << Role::Owner << false;
    QTest::addRow("member adds member") << Role::Member << Role::Member << false;
    QTest::addRow("member adds auditor") << Role::Member << Role::Auditor << false;
    QTest::addRow("auditor adds member") << Role::Auditor << Role::Member << false;
    QTest::addRow("auditor adds auditor") << Role::Auditor << Role::Auditor << false;
}

void TestUserService::roleRules()
{
    QFETCH(Role, actorRole);
    QFETCH(Role, newRole);
    QFETCH(bool, allowed);
    QSignalSpy created(m_users.get(), &UserService::userCreated);
    const UserService::NewUser request{QStringLiteral("new@acme.example"),
                                       QStringLiteral("New Member"), newRole, kPassword};
    const Actor by = actor(actorRole);

    if (allowed) {
        const User user = m_users->create(by, request);
        QCOMPARE(user.role, newRole);
        QCOMPARE(user.orgId, m_orgId);
        const auto stored = m_users->find(by, user.id);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->role, newRole);
        QCOMPARE(created.count(), 1);
        QCOMPARE(created.at(0).at(1).toString(), user.id);
    } else {
        QCOMPARE(codeOf([&] { m_users->create(by, request); }), Error::Code::Forbidden);
        QCOMPARE(rowCount(m_store->db(), QStringLiteral("users")), 0);
        QCOMPARE(created.count(), 0);
    }
}

void TestUserService::duplicateEmail_data()
{
    QTest::addColumn<QString>("existing");
    QTest::addColumn<QString>("attempt");
    QTest::addRow("same") << QStringLiteral("ann@acme.example")
                          << QStringLiteral("ann@acme.example");
    // Emails are one account regardless of case or stray spaces.
    QTest::addRow("upper case") << QStringLiteral("ann@acme.example")
                                << QStringLiteral("ANN@Acme.Example");
    QTest::addRow("mixed case first")
        << QStringLiteral("Ann@Acme.example") << QStringLiteral("ann@acme.EXAMPLE");
    QTest::addRow("surrounding spaces")
        << QStringLiteral("ann@acme.example") << QStringLiteral("  ann@acme.example ");
}

void TestUserService::duplicateEmail()
{
    QFETCH(QString, existing);
    QFETCH(QString, attempt);
    const Actor owner = actor(Role::Owner);
    m_users->create(owner, {existing, QStringLiteral("Ann"), Role::Member, kPassword});
    try {
        m_users->create(owner, {attempt, QStringLiteral("Ann Again"), Role::Admin, kPassword});
        QFAIL("duplicate email accepted");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::Conflict);
        QCOMPARE(e.field(), QStringLiteral("email"));
    }
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("users")), 1);
}

void TestUserService::invalidInput_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("field");
    QTest::addRow("bad email") << QStringLiteral("ann") << QStringLiteral("Ann") << kPassword
                               << QStringLiteral("email");
    QTest::addRow("empty name") << QStringLiteral("ann@acme.example") << QString() << kPassword
                                << QStringLiteral("name");
    QTest::addRow("short password") << QStringLiteral("ann@acme.example") << QStringLiteral("Ann")
                                    << QStringLiteral("short") << QStringLiteral("password");
}

void TestUserService::invalidInput()
{
    QFETCH(QString, email);
    QFETCH(QString, name);
    QFETCH(QString, password);
    QFETCH(QString, field);
    try {
        m_users->create(actor(Role::Owner), {email, name, Role::Member, password});
        QFAIL("invalid input accepted");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::Unprocessable);
        QCOMPARE(e.field(), field);
    }
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("users")), 0);
}

QTEST_GUILESS_MAIN(TestUserService)
#include "tst_userservice.moc"
