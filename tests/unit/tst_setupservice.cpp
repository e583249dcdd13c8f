#include "TestStore.h"

#include "domain/Error.h"
#include "services/PasswordHasher.h"
#include "services/SetupService.h"
#include "store/UserRepository.h"

#include <QSignalSpy>
#include <QTest>

using namespace cadenio;
using namespace cadenio::testing;

namespace {
const QString kPassword = QStringLiteral("a long enough password");

SetupService::Request validRequest()
{
    return {QStringLiteral("Acme Robotics"), Plan::Team, QStringLiteral("  Owner@Acme.Example "),
            QStringLiteral("Olivia Owner"), kPassword};
}
} // namespace

class TestSetupService : public QObject
{
    Q_OBJECT

private slots:
    void initializeCreatesOrgAndOwner();
    void ownerNameDefaultsToEmailLocalPart();
    void initializeTwiceIsConflict();
    void invalidInput_data();
    void invalidInput();
};

void TestSetupService::initializeCreatesOrgAndOwner()
{
    TestStore store;
    SetupService setup(store.db());
    QSignalSpy initialized(&setup, &SetupService::initialized);
    QVERIFY(!setup.isInitialized());

    const SetupService::Result result = setup.initialize(validRequest());

    QVERIFY(setup.isInitialized());
    QCOMPARE(initialized.count(), 1);
    QCOMPARE(initialized.at(0).at(0).toString(), result.org.id);
    QVERIFY(ids::hasPrefix(result.org.id, u"org_"));
    QVERIFY(ids::hasPrefix(result.owner.id, u"usr_"));
    QCOMPARE(result.org.name, QStringLiteral("Acme Robotics"));
    QCOMPARE(result.org.plan, Plan::Team);
    QCOMPARE(result.owner.role, Role::Owner);
    QCOMPARE(result.owner.orgId, result.org.id);
    // Emails are stored trimmed and lower-cased: that is what makes them unique.
    QCOMPARE(result.owner.email, QStringLiteral("owner@acme.example"));

    // What the store holds, read back through the repositories.
    const auto org = OrgRepository(store.db().connection()).find(result.org.id);
    QVERIFY(org.has_value());
    QCOMPARE(org->plan, Plan::Team);
    const auto credentials =
        UserRepository(store.db().connection()).findActiveByEmail(result.owner.email);
    QVERIFY(credentials.has_value());
    QCOMPARE(credentials->user.id, result.owner.id);
    QCOMPARE(credentials->user.role, Role::Owner);
    QVERIFY(credentials->passwordHash != kPassword);
    QVERIFY(passwords::verify(credentials->passwordHash, kPassword));
}

void TestSetupService::ownerNameDefaultsToEmailLocalPart()
{
    TestStore store;
    SetupService setup(store.db());
    SetupService::Request request = validRequest();
    request.ownerName = QStringLiteral("   ");
    QCOMPARE(setup.initialize(request).owner.name, QStringLiteral("owner"));
}

void TestSetupService::initializeTwiceIsConflict()
{
    TestStore store;
    SetupService setup(store.db());
    const SetupService::Result first = setup.initialize(validRequest());
    QSignalSpy initialized(&setup, &SetupService::initialized);

    SetupService::Request second = validRequest();
    second.orgName = QStringLiteral("Intruder Inc");
    second.ownerEmail = QStringLiteral("intruder@example.org");
    try {
        setup.initialize(second);
        QFAIL("a second initialize() succeeded");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::Conflict);
    }

    // Nothing half-written: neither the second org nor its owner, and the first untouched.
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 1);
    QCOMPARE(rowCount(store.db(), QStringLiteral("users")), 1);
    QCOMPARE(OrgRepository(store.db().connection()).first()->name, first.org.name);
    QVERIFY(!UserRepository(store.db().connection())
                 .emailTaken(QStringLiteral("intruder@example.org")));
    QCOMPARE(initialized.count(), 0);

    // A second process (or console) on the same store is refused the same way.
    Database other(DatabaseUrl::sqliteFile(store.path()));
    other.open();
    QVERIFY(SetupService(other).isInitialized());
    QVERIFY_THROWS_EXCEPTION(Error, SetupService(other).initialize(second));
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 1);
}

void TestSetupService::invalidInput_data()
{
    QTest::addColumn<QString>("orgName");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("ownerName");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("field");

    const QString org = QStringLiteral("Acme");
    const QString email = QStringLiteral("owner@acme.example");
    const QString name = QStringLiteral("Olivia");
    // Field names are the `init` options' (--org, --owner-email, --owner-name), so the
    // command line can point at the argument that is wrong.
    QTest::addRow("empty org") << QString() << email << name << kPassword << QStringLiteral("org");
    QTest::addRow("blank org") << QStringLiteral("   ") << email << name << kPassword
                               << QStringLiteral("org");
    QTest::addRow("org too long") << QString(201, QLatin1Char('x')) << email << name << kPassword
                                  << QStringLiteral("org");
    QTest::addRow("empty email") << org << QString() << name << kPassword
                                 << QStringLiteral("owner_email");
    QTest::addRow("email without @") << org << QStringLiteral("owner.acme.example") << name
                                     << kPassword << QStringLiteral("owner_email");
    QTest::addRow("email without domain dot") << org << QStringLiteral("owner@localhost") << name
                                              << kPassword << QStringLiteral("owner_email");
    QTest::addRow("email with space") << org << QStringLiteral("ow ner@acme.example") << name
                                      << kPassword << QStringLiteral("owner_email");
    QTest::addRow("email too long")
        << org << QString(250, QLatin1Char('a')) + QStringLiteral("@b.co") << name << kPassword
        << QStringLiteral("owner_email");
    QTest::addRow("owner name too long") << org << email << QString(201, QLatin1Char('n'))
                                         << kPassword << QStringLiteral("owner_name");
    QTest::addRow("password too short")
        << org << email << name << QStringLiteral("elevenchars") << QStringLiteral("password");
    QTest::addRow("password empty")
        << org << email << name << QString() << QStringLiteral("password");
    QTest::addRow("password too long")
        << org << email << name << QString(1025, QLatin1Char('p')) << QStringLiteral("password");
}

void TestSetupService::invalidInput()
{
    QFETCH(QString, orgName);
    QFETCH(QString, email);
    QFETCH(QString, ownerName);
    QFETCH(QString, password);
    QFETCH(QString, field);

    TestStore store;
    SetupService setup(store.db());
    try {
        setup.initialize({orgName, Plan::Enterprise, email, ownerName, password});
        QFAIL("invalid input accepted");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::Unprocessable);
        QCOMPARE(e.field(), field);
        QVERIFY2(e.message().contains(field), qPrintable(e.message()));
    }
    // The store stays uninitialized, so the administrator can simply run init again.
    QVERIFY(!setup.isInitialized());
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 0);
    QCOMPARE(rowCount(store.db(), QStringLiteral("users")), 0);
}

QTEST_GUILESS_MAIN(TestSetupService)
#include "tst_setupservice.moc"
