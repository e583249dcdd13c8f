// The organization itself: everyone reads it, only an owner changes it.

#include "ApiFixture.h"

#include "services/Services.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::OrgService;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiHeaders;
using cadenio::test::ApiReply;

class TestApiOrg : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void readableByEveryRole_data();
    void readableByEveryRole();
    void needsASession();
    void ownerChanges_data();
    void ownerChanges();
    void invalidChanges_data();
    void invalidChanges();
    void othersMayNotChange_data();
    void othersMayNotChange();

private:
    QJsonObject currentOrg();

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts; // by role name
};

void TestApiOrg::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts = m_fx.accountsOfEveryRole();
    QVERIFY2(!m_accounts.isEmpty(), qPrintable(m_fx.lastError()));
}

void TestApiOrg::cleanupTestCase()
{
    m_fx.stop();
}

QJsonObject TestApiOrg::currentOrg()
{
    return m_fx.get(u"/v1/org"_s, m_fx.owner().token).json();
}

void TestApiOrg::readableByEveryRole_data()
{
    QTest::addColumn<QString>("role");

    for (const char *role : {"OWNER", "ADMIN", "MEMBER", "AUDITOR"})
        QTest::addRow("%s", role) << QString::fromLatin1(role);
}

void TestApiOrg::readableByEveryRole()
{
    QFETCH(QString, role);

    const ApiReply reply = m_fx.get(u"/v1/org"_s, m_accounts.value(role).token);

    API_COMPARE_STATUS(reply, 200);
    const QJsonObject org = reply.json();
    QStringList keys = org.keys();
    keys.sort();
    QCOMPARE(keys, QStringList({u"id"_s, u"name"_s, u"plan"_s}));
    QCOMPARE(org.value("id"_L1).toString(), m_fx.orgId());
    QVERIFY(org.value("id"_L1).toString().startsWith("org_"_L1));
    QVERIFY(!org.value("name"_L1).toString().isEmpty());
    const QString plan = org.value("plan"_L1).toString();
    QVERIFY2(QStringList({u"FREE"_s, u"TEAM"_s, u"ENTERPRISE"_s}).contains(plan), qPrintable(plan));
}

void TestApiOrg::needsASession()
{
    API_VERIFY_ERROR(m_fx.get(u"/v1/org"_s), 401, u"UNAUTHORIZED"_s);
    API_VERIFY_ERROR(m_fx.patch(u"/v1/org"_s, {{u"name"_s, u"Hijacked"_s}}), 401,
                     u"UNAUTHORIZED"_s);
    QVERIFY(currentOrg().value("name"_L1).toString() != u"Hijacked"_s);
}

void TestApiOrg::ownerChanges_data()
{
    QTest::addColumn<QJsonObject>("changes");
    QTest::addColumn<QString>("name"); // expected afterwards; empty: unchanged
    QTest::addColumn<QString>("plan");

    QTest::addRow("plan FREE") << QJsonObject{{u"plan"_s, u"FREE"_s}} << QString() << u"FREE"_s;
    QTest::addRow("plan TEAM") << QJsonObject{{u"plan"_s, u"TEAM"_s}} << QString() << u"TEAM"_s;
    QTest::addRow("plan ENTERPRISE")
        << QJsonObject{{u"plan"_s, u"ENTERPRISE"_s}} << QString() << u"ENTERPRISE"_s;
    QTest::addRow("name only") << QJsonObject{{u"name"_s, u"Acme Freight"_s}} << u"Acme Freight"_s
                               << QString();
    QTest::addRow("name trimmed") << QJsonObject{{u"name"_s, u"  Acme Rail  "_s}} << u"Acme Rail"_s
                                  << QString();
    QTest::addRow("both") << QJsonObject{{u"name"_s, u"Acme Global"_s}, {u"plan"_s, u"TEAM"_s}}
                          << u"Acme Global"_s << u"TEAM"_s;
    QTest::addRow("nothing") << QJsonObject{} << QString() << QString();
}

void TestApiOrg::ownerChanges()
{
    QFETCH(QJsonObject, changes);
    QFETCH(QString, name);
    QFETCH(QString, plan);
    const QJsonObject before = currentOrg();
    const QString expectedName = name.isEmpty() ? before.value("name"_L1).toString() : name;
    const QString expectedPlan = plan.isEmpty() ? before.value("plan"_L1).toString() : plan;
    QSignalSpy changed(&m_fx.services().org(), &OrgService::orgChanged);

    const ApiReply reply = m_fx.patch(u"/v1/org"_s, changes, m_fx.owner().token);

    API_COMPARE_STATUS(reply, 200);
    const QJsonObject org = reply.json();
    QCOMPARE(org.value("id"_L1).toString(), m_fx.orgId());
    QCOMPARE(org.value("name"_L1).toString(), expectedName);
    QCOMPARE(org.value("plan"_L1).toString(), expectedPlan);
    // Stored, not only echoed.
    QCOMPARE(currentOrg(), org);
    // The console's panes refresh from this signal. Whether an empty change announces
    // itself is left open.
    if (!changes.isEmpty()) {
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toString(), m_fx.orgId());
    }
}

void TestApiOrg::invalidChanges_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");

    const QByteArray json = "application/json";
    QTest::addRow("unknown plan") << QByteArray(R"({"plan":"GOLD"})") << json << 422 << u"plan"_s;
    QTest::addRow("plan in lower case")
        << QByteArray(R"({"plan":"free"})") << json << 422 << u"plan"_s;
    QTest::addRow("empty name") << QByteArray(R"({"name":""})") << json << 422 << u"name"_s;
    QTest::addRow("name of 201") << QByteArray(R"({"name":")" + QByteArray(201, 'n') + R"("})")
                                 << json << 422 << u"name"_s;
    // A valid change next to an invalid one must not half-apply.
    QTest::addRow("valid name, unknown plan")
        << QByteArray(R"({"name":"Half Applied","plan":"GOLD"})") << json << 422 << u"plan"_s;
    QTest::addRow("plan is a number") << QByteArray(R"({"plan":5})") << json << 400 << u"plan"_s;
    QTest::addRow("name is null") << QByteArray(R"({"name":null})") << json << 400 << u"name"_s;
    QTest::addRow("unknown field")
        << QByteArray(R"({"name":"Acme","billing_email":"x@acme.example"})") << json << 400
        << u"billing_email"_s;
    QTest::addRow("not an object") << QByteArray(R"(["TEAM"])") << json << 400 << QString();
    QTest::addRow("malformed") << QByteArray(R"({"plan":)") << json << 400 << QString();
    QTest::addRow("not JSON") << QByteArray("plan=TEAM")
                              << QByteArray("application/x-www-form-urlencoded") << 400
                              << QString();
}

void TestApiOrg::invalidChanges()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, field);
    const QJsonObject before = currentOrg();
    QSignalSpy changed(&m_fx.services().org(), &OrgService::orgChanged);

    const ApiReply reply = m_fx.request("PATCH", u"/v1/org"_s, body,
                                        ApiHeaders{{"Content-Type", contentType}} +
                                            ApiFixture::bearer(m_fx.owner().token));

    API_VERIFY_ERROR(reply, status, status == 422 ? u"UNPROCESSABLE"_s : u"INVALID_REQUEST"_s);
    if (!field.isEmpty())
        QCOMPARE(reply.field(), field);
    QCOMPARE(currentOrg(), before);
    QCOMPARE(changed.count(), 0);
}

void TestApiOrg::othersMayNotChange_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QJsonObject>("changes");

    for (const char *role : {"ADMIN", "MEMBER", "AUDITOR"}) {
        const QString name = QString::fromLatin1(role);
        QTest::addRow("%s renames", role)
            << name << QJsonObject{{u"name"_s, QString(u"Renamed by "_s + name)}};
        // Downgrading the plan would cut every API key off: an owner's decision alone.
        QTest::addRow("%s changes plan", role) << name << QJsonObject{{u"plan"_s, u"FREE"_s}};
    }
}

void TestApiOrg::othersMayNotChange()
{
    QFETCH(QString, role);
    QFETCH(QJsonObject, changes);
    QVERIFY(m_fx.patch(u"/v1/org"_s, {{u"plan"_s, u"ENTERPRISE"_s}}, m_fx.owner().token).status ==
            200);
    const QJsonObject before = currentOrg();
    QSignalSpy changed(&m_fx.services().org(), &OrgService::orgChanged);

    const ApiReply reply = m_fx.patch(u"/v1/org"_s, changes, m_accounts.value(role).token);

    API_VERIFY_ERROR(reply, 403, u"FORBIDDEN"_s);
    QCOMPARE(currentOrg(), before);
    QCOMPARE(changed.count(), 0);
}

QTEST_GUILESS_MAIN(TestApiOrg)
#include "tst_api_org.moc"
