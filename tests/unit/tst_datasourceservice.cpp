// DataSourceService against a real store: schema rules, who may do what, values checked
// against field types, merge patches, the search filter, exact record counts and the
// record lookup that data_source task fields use.

#include "TestStore.h"

#include "domain/Error.h"
#include "services/DataSourceService.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace cadenio;
using cadenio::testing::TestStore;

using Fields = QList<DataSourceService::NewField>;

Q_DECLARE_METATYPE(Fields)

namespace {
Fields vendorFields()
{
    return {{u"name"_s, u"text"_s},      {u"amount"_s, u"number"_s}, {u"active"_s, u"boolean"_s},
            {u"since"_s, u"date"_s},     {u"contact"_s, u"email"_s}, {u"site"_s, u"url"_s},
            {u"notes"_s, u"long_text"_s}};
}

// Runs `f`, which must throw `code` naming `field`; an empty string when it did.
template<typename F>
QString expectError(F f, Error::Code code, const QString &field)
{
    try {
        f();
    } catch (const Error &e) {
        if (e.code() != code || e.field() != field)
            return u"got %1 field '%2': %3"_s.arg(e.codeName(), e.field(), e.message());
        return {};
    }
    return u"no error"_s;
}
} // namespace

class TestDataSourceService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndList();
    void invalidSchemas_data();
    void invalidSchemas();
    void onlyAdminsDefine_data();
    void onlyAdminsDefine();
    void writersOnlyWriteRecords();
    void valuesCheckedAgainstTypes_data();
    void valuesCheckedAgainstTypes();
    void mergePatch();
    void searchFilter();
    void recordCountIsExact();
    void otherOrgsSeeNothing();
    void recordLookup();
    void signalsAfterCommit();

private:
    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<DataSourceService> m_service;
    Actor m_owner;
    Actor m_admin;
    DataSource m_vendors;
};

void TestDataSourceService::init()
{
    m_store = std::make_unique<TestStore>();
    m_service = std::make_unique<DataSourceService>(m_store->db());
    const Org org = testing::insertOrg(m_store->db(), u"Acme"_s);
    m_owner = Actor::user(u"usr_owner"_s, org.id, Role::Owner);
    m_admin = Actor::user(u"usr_admin"_s, org.id, Role::Admin);
    m_vendors = m_service->create(m_owner, u"Vendors"_s, vendorFields());
}

void TestDataSourceService::cleanup()
{
    m_service.reset();
    m_store.reset();
}

void TestDataSourceService::createAndList()
{
    QVERIFY(m_vendors.id.startsWith(u"ds_"_s));
    QCOMPARE(m_vendors.fields.size(), 7);
    QCOMPARE(m_vendors.fields.at(1), (DataSourceField{u"amount"_s, FieldSpec::Type::Number}));
    QCOMPARE(m_vendors.recordCount, 0);

    const DataSource sites = m_service->create(m_admin, u"Sites"_s, {{u"code"_s, u"text"_s}});
    const Page<DataSource> page = m_service->list(m_owner, PageRequest{1, std::nullopt});
    QCOMPARE(page.items.size(), 1);
    QVERIFY(page.next.has_value());
    const Page<DataSource> rest = m_service->list(m_owner, PageRequest{10, page.next});
    QCOMPARE(rest.items.size(), 1);
    QVERIFY(!rest.next.has_value());
    QCOMPARE(QSet<QString>({page.items.at(0).id, rest.items.at(0).id}),
             QSet<QString>({m_vendors.id, sites.id}));

    const DataSource read = m_service->get(m_owner, m_vendors.id);
    QCOMPARE(read.fields, m_vendors.fields);
    QCOMPARE(read.name, u"Vendors"_s);
}

void TestDataSourceService::invalidSchemas_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("field");
    const int unprocessable = int(Error::Code::Unprocessable);
    QTest::addRow("no fields") << u"X"_s << Fields{} << unprocessable << u"fields"_s;
    QTest::addRow("key uppercase")
        << u"X"_s << Fields{{u"Name"_s, u"text"_s}} << unprocessable << u"fields[0].key"_s;
    QTest::addRow("key digit first")
        << u"X"_s << Fields{{u"1a"_s, u"text"_s}} << unprocessable << u"fields[0].key"_s;
    QTest::addRow("key empty") << u"X"_s << Fields{{u""_s, u"text"_s}} << unprocessable
                               << u"fields[0].key"_s;
    QTest::addRow("key too long") << u"X"_s << Fields{{u"a"_s + QString(64, u'b'), u"text"_s}}
                                  << unprocessable << u"fields[0].key"_s;
    QTest::addRow("key duplicate") << u"X"_s << Fields{{u"a"_s, u"text"_s}, {u"a"_s, u"number"_s}}
                                   << unprocessable << u"fields[1].key"_s;
    QTest::addRow("type unknown") << u"X"_s << Fields{{u"a"_s, u"money"_s}} << unprocessable
                                  << u"fields[0].type"_s;
    for (const QString &type : {u"select"_s, u"multi_select"_s, u"file"_s, u"data_source"_s})
        QTest::addRow("type %s", qPrintable(type))
            << u"X"_s << Fields{{u"ok"_s, u"text"_s}, {u"a"_s, type}} << unprocessable
            << u"fields[1].type"_s;
    QTest::addRow("name empty") << u""_s << Fields{{u"a"_s, u"text"_s}} << unprocessable
                                << u"name"_s;
}

void TestDataSourceService::invalidSchemas()
{
    QFETCH(QString, name);
    QFETCH(Fields, fields);
    QFETCH(int, code);
    QFETCH(QString, field);
    const QString name_ = name;
    QString problem;
    try {
        m_service->create(m_owner, name_, fields);
        problem = u"no error"_s;
    } catch (const Error &e) {
        if (int(e.code()) != code || e.field() != field)
            problem = u"got %1 field '%2': %3"_s.arg(e.codeName(), e.field(), e.message());
    }
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestDataSourceService::onlyAdminsDefine_data()
{
    QTest::addColumn<int>("role");
    QTest::addRow("MEMBER") << int(Role::Member);
    QTest::addRow("AUDITOR") << int(Role::Auditor);
}

void TestDataSourceService::onlyAdminsDefine()
{
    QFETCH(int, role);
    const Actor user = Actor::user(u"usr_x"_s, m_owner.orgId, Role(role));
    const QString problem = expectError(
        [&] {
            m_service->create(user, u"X"_s, {{u"a"_s, u"text"_s}});
        },
        Error::Code::Forbidden, {});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const Actor key = Actor::apiKey(u"key_x"_s, m_owner.orgId, std::nullopt);
    const QString keyProblem = expectError(
        [&] {
            m_service->create(key, u"X"_s, {{u"a"_s, u"text"_s}});
        },
        Error::Code::Forbidden, {});
    QVERIFY2(keyProblem.isEmpty(), qPrintable(keyProblem));
    QCOMPARE(m_service->list(m_owner, {}).items.size(), 1);
}

void TestDataSourceService::writersOnlyWriteRecords()
{
    const Actor auditor = Actor::user(u"usr_a"_s, m_owner.orgId, Role::Auditor);
    const QJsonObject values{{u"name"_s, u"Initech"_s}};
    QString problem = expectError([&] { m_service->createRecord(auditor, m_vendors.id, values); },
                                  Error::Code::Forbidden, {});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const Actor member = Actor::user(u"usr_m"_s, m_owner.orgId, Role::Member);
    const DataSourceRecord record = m_service->createRecord(member, m_vendors.id, values);
    problem =
        expectError([&] { m_service->updateRecord(auditor, m_vendors.id, record.id, values); },
                    Error::Code::Forbidden, {});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Scopes are checked at the route; the service lets a key through.
    const Actor key = Actor::apiKey(u"key_x"_s, m_owner.orgId, std::nullopt);
    m_service->createRecord(key, m_vendors.id, values);
    QCOMPARE(m_service->get(m_owner, m_vendors.id).recordCount, 2);
}

void TestDataSourceService::valuesCheckedAgainstTypes_data()
{
    QTest::addColumn<QJsonObject>("values");
    QTest::addColumn<QString>("field"); // empty: accepted
    QTest::addRow("all types") << QJsonObject{{u"name"_s, u"Initech"_s},
                                              {u"amount"_s, 12.5},
                                              {u"active"_s, true},
                                              {u"since"_s, u"2026-05-01"_s},
                                              {u"contact"_s, u"ap@initech.example"_s},
                                              {u"site"_s, u"https://initech.example"_s},
                                              {u"notes"_s, u"Net 30"_s}}
                               << QString();
    QTest::addRow("empty") << QJsonObject{} << QString();
    QTest::addRow("null is absent") << QJsonObject{{u"amount"_s, QJsonValue()}} << QString();
    QTest::addRow("text as number") << QJsonObject{{u"name"_s, 3}} << u"values.name"_s;
    QTest::addRow("number as text") << QJsonObject{{u"amount"_s, u"12"_s}} << u"values.amount"_s;
    QTest::addRow("boolean as text") << QJsonObject{{u"active"_s, u"yes"_s}} << u"values.active"_s;
    QTest::addRow("bad date") << QJsonObject{{u"since"_s, u"May 1"_s}} << u"values.since"_s;
    QTest::addRow("bad email") << QJsonObject{{u"contact"_s, u"nobody"_s}} << u"values.contact"_s;
    QTest::addRow("bad url") << QJsonObject{{u"site"_s, u"ftp://x.example"_s}} << u"values.site"_s;
    QTest::addRow("text too long")
        << QJsonObject{{u"name"_s, QString(100000, u'x')}} << u"values.name"_s;
    QTest::addRow("array") << QJsonObject{{u"name"_s, QJsonArray{u"a"_s}}} << u"values.name"_s;
    QTest::addRow("unknown key") << QJsonObject{{u"nope"_s, u"x"_s}} << u"values.nope"_s;
    QTest::addRow("unknown key null") << QJsonObject{{u"nope"_s, QJsonValue()}} << u"values.nope"_s;
}

void TestDataSourceService::valuesCheckedAgainstTypes()
{
    QFETCH(QJsonObject, values);
    QFETCH(QString, field);
    if (field.isEmpty()) {
        const DataSourceRecord record = m_service->createRecord(m_owner, m_vendors.id, values);
        QVERIFY(record.id.startsWith(u"rec_"_s));
        QVERIFY(!record.values.contains(u"amount"_s) ||
                record.values.value(u"amount"_s).isDouble());
        QCOMPARE(m_service->get(m_owner, m_vendors.id).recordCount, 1);
        return;
    }
    const QString problem =
        expectError([&] { m_service->createRecord(m_owner, m_vendors.id, values); },
                    Error::Code::Unprocessable, field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The failed insert leaves neither a record nor a count behind.
    QCOMPARE(m_service->get(m_owner, m_vendors.id).recordCount, 0);
    QCOMPARE(testing::rowCount(m_store->db(), u"data_source_records"_s), 0);

    // The same rules for a patch.
    const DataSourceRecord record = m_service->createRecord(m_owner, m_vendors.id, {});
    const QString patchProblem =
        expectError([&] { m_service->updateRecord(m_owner, m_vendors.id, record.id, values); },
                    Error::Code::Unprocessable, field);
    QVERIFY2(patchProblem.isEmpty(), qPrintable(patchProblem));
}

void TestDataSourceService::mergePatch()
{
    const DataSourceRecord created = m_service->createRecord(
        m_owner, m_vendors.id, {{u"name"_s, u"Initech"_s}, {u"amount"_s, 10}, {u"active"_s, true}});
    QTest::qWait(1100); // updated_at has second precision in the API; the store keeps ms
    const DataSourceRecord patched = m_service->updateRecord(
        m_owner, m_vendors.id, created.id,
        {{u"amount"_s, 20}, {u"active"_s, QJsonValue()}, {u"notes"_s, u"renegotiated"_s}});
    const QJsonObject expected{
        {u"name"_s, u"Initech"_s}, {u"amount"_s, 20}, {u"notes"_s, u"renegotiated"_s}};
    QCOMPARE(patched.values, expected);
    QCOMPARE(patched.createdAt, created.createdAt);
    QVERIFY(patched.updatedAt > created.updatedAt);

    const Page<DataSourceRecord> page = m_service->listRecords(m_owner, m_vendors.id, {}, {});
    QCOMPARE(page.items.size(), 1);
    QCOMPARE(page.items.at(0).values, expected);
    QCOMPARE(m_service->get(m_owner, m_vendors.id).recordCount, 1);

    // Removing a key the schema does not have is still a mistake.
    const QString problem = expectError(
        [&] {
            m_service->updateRecord(m_owner, m_vendors.id, created.id, {{u"nope"_s, QJsonValue()}});
        },
        Error::Code::Unprocessable, u"values.nope"_s);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString missing =
        expectError([&] { m_service->updateRecord(m_owner, m_vendors.id, u"rec_missing"_s, {}); },
                    Error::Code::NotFound, {});
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

void TestDataSourceService::searchFilter()
{
    m_service->createRecord(m_owner, m_vendors.id, {{u"name"_s, u"Initech Ltd"_s}});
    m_service->createRecord(m_owner, m_vendors.id,
                            {{u"name"_s, u"Globex"_s}, {u"notes"_s, u"50% off INITIAL order"_s}});
    const DataSourceRecord third =
        m_service->createRecord(m_owner, m_vendors.id, {{u"name"_s, u"Umbrella_Co"_s}});

    auto names = [&](const QString &q) {
        QStringList result;
        for (const DataSourceRecord &r : m_service->listRecords(m_owner, m_vendors.id, q, {}).items)
            result << r.values.value(u"name"_s).toString();
        result.sort();
        return result;
    };
    QCOMPARE(names(u"INIT"_s), QStringList({u"Globex"_s, u"Initech Ltd"_s}));
    QCOMPARE(names(u"initech"_s), QStringList({u"Initech Ltd"_s}));
    // Wildcards are characters to LIKE here, not patterns.
    QCOMPARE(names(u"50%"_s), QStringList({u"Globex"_s}));
    QCOMPARE(names(u"%"_s), QStringList({u"Globex"_s}));
    QCOMPARE(names(u"a_c"_s), QStringList({u"Umbrella_Co"_s}));
    QCOMPARE(names(u"ella_"_s), QStringList({u"Umbrella_Co"_s}));
    QCOMPARE(names(u"zzz"_s), QStringList());
    QCOMPARE(names({}).size(), 3);

    // The search follows a patch.
    m_service->updateRecord(m_owner, m_vendors.id, third.id, {{u"name"_s, u"Acme"_s}});
    QCOMPARE(names(u"umbrella"_s), QStringList());
    QCOMPARE(names(u"acme"_s), QStringList({u"Acme"_s}));
}

void TestDataSourceService::recordCountIsExact()
{
    for (int i = 0; i < 5; ++i)
        m_service->createRecord(m_owner, m_vendors.id, {{u"amount"_s, i}});
    try {
        m_service->createRecord(m_owner, m_vendors.id, {{u"amount"_s, u"x"_s}});
    } catch (const Error &) {
    }
    QCOMPARE(m_service->get(m_owner, m_vendors.id).recordCount, 5);
    QCOMPARE(testing::rowCount(m_store->db(), u"data_source_records"_s), 5);
}

void TestDataSourceService::otherOrgsSeeNothing()
{
    const Org other = testing::insertOrg(m_store->db(), u"Other"_s);
    const Actor stranger = Actor::user(u"usr_s"_s, other.id, Role::Owner);
    const DataSourceRecord record = m_service->createRecord(m_owner, m_vendors.id, {});
    QVERIFY(m_service->list(stranger, {}).items.isEmpty());
    for (const auto &attempt : QList<std::function<void()>>{
             [&] { m_service->get(stranger, m_vendors.id); },
             [&] { m_service->listRecords(stranger, m_vendors.id, {}, {}); },
             [&] { m_service->createRecord(stranger, m_vendors.id, {}); },
             [&] { m_service->updateRecord(stranger, m_vendors.id, record.id, {}); },
         }) {
        const QString problem = expectError(attempt, Error::Code::NotFound, {});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    QCOMPARE(m_service->get(m_owner, m_vendors.id).recordCount, 1);
}

void TestDataSourceService::recordLookup()
{
    const DataSourceRecord record = m_service->createRecord(m_owner, m_vendors.id, {});
    const DataSource sites = m_service->create(m_owner, u"Sites"_s, {{u"code"_s, u"text"_s}});
    QVERIFY(m_service->recordExists(m_owner.orgId, m_vendors.id, record.id));
    QVERIFY(!m_service->recordExists(m_owner.orgId, sites.id, record.id));
    QVERIFY(!m_service->recordExists(u"org_other"_s, m_vendors.id, record.id));
    QVERIFY(!m_service->recordExists(m_owner.orgId, m_vendors.id, u"rec_missing"_s));

    const QSqlDatabase db = m_store->db().connection();
    DataSourceService::requireRecord(db, m_owner.orgId, m_vendors.id, record.id, u"value"_s);
    DataSourceService::requireRecord(db, m_owner.orgId, m_vendors.id, QJsonValue(), u"value"_s);
    for (const QJsonValue &bad : {QJsonValue(u"rec_missing"_s), QJsonValue(3)}) {
        const QString problem = expectError(
            [&] { DataSourceService::requireRecord(db, m_owner.orgId, sites.id, bad, u"value"_s); },
            Error::Code::Unprocessable, u"value"_s);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

void TestDataSourceService::signalsAfterCommit()
{
    QSignalSpy created(m_service.get(), &DataSourceService::dataSourceCreated);
    QSignalSpy changed(m_service.get(), &DataSourceService::recordChanged);
    // A slot that reads the store sees the committed row: the signal comes after commit.
    qint64 countSeen = -1;
    connect(m_service.get(), &DataSourceService::recordChanged, this,
            [&](const QString &, const QString &id) {
                countSeen = m_service->get(m_owner, id).recordCount;
            });
    const DataSource sites = m_service->create(m_owner, u"Sites"_s, {{u"code"_s, u"text"_s}});
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.at(0).at(1).toString(), sites.id);
    const DataSourceRecord record = m_service->createRecord(m_owner, sites.id, {});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(2).toString(), record.id);
    QCOMPARE(countSeen, 1);
    try {
        m_service->createRecord(m_owner, sites.id, {{u"code"_s, 1}});
    } catch (const Error &) {
    }
    QCOMPARE(changed.size(), 1);
}

QTEST_GUILESS_MAIN(TestDataSourceService)
#include "tst_datasourceservice.moc"
