// Data sources over HTTP: defining one (console admins only), listing, records with
// merge patches, values checked against field types with exact codes and fields, the q
// filter, a pagination walk under inserts, an exact record_count under concurrent inserts,
// and roles and scopes per endpoint.

#include "ApiFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;

namespace {
QJsonArray vendorFields()
{
    auto field = [](const QString &key, const QString &type) {
        return QJsonObject{{u"key"_s, key}, {u"type"_s, type}};
    };
    return {field(u"name"_s, u"text"_s),      field(u"amount"_s, u"number"_s),
            field(u"active"_s, u"boolean"_s), field(u"since"_s, u"date"_s),
            field(u"contact"_s, u"email"_s),  field(u"site"_s, u"url"_s)};
}

QSet<QString> keySet(const QJsonObject &object)
{
    const QStringList keys = object.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
} // namespace

class TestApiDataSources : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void createAndList();
    void invalidCreation_data();
    void invalidCreation();
    void recordsCreateAndMerge();
    void invalidRecords_data();
    void invalidRecords();
    void searchFilter();
    void paginationWalk();
    void concurrentInsertsKeepCountExact();
    void roles_data();
    void roles();
    void apiKeys();
    void unknownIds();

private:
    QString createSource(const QString &name, const QJsonArray &fields);
    QString createRecord(const QString &source, const QJsonObject &values);

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts;
    QString m_vendors;
};

void TestApiDataSources::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts.insert(u"OWNER"_s, m_fx.owner());
    for (Role role : {Role::Admin, Role::Member, Role::Auditor}) {
        const Account account = m_fx.createAccount(role);
        QVERIFY2(account.isValid(), qPrintable(m_fx.lastError()));
        m_accounts.insert(cadenio::roleName(role), account);
    }
    m_vendors = createSource(u"Vendors"_s, vendorFields());
    QVERIFY(!m_vendors.isEmpty());
}

void TestApiDataSources::cleanupTestCase()
{
    m_fx.stop();
}

QString TestApiDataSources::createSource(const QString &name, const QJsonArray &fields)
{
    const ApiReply reply = m_fx.post(
        u"/v1/data-sources"_s, {{u"name"_s, name}, {u"fields"_s, fields}}, m_fx.owner().token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json().value(u"id"_s).toString();
}

QString TestApiDataSources::createRecord(const QString &source, const QJsonObject &values)
{
    const ApiReply reply = m_fx.post(u"/v1/data-sources/%1/records"_s.arg(source),
                                     {{u"values"_s, values}}, m_fx.owner().token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json().value(u"id"_s).toString();
}

void TestApiDataSources::createAndList()
{
    const QJsonArray fields{QJsonObject{{u"key"_s, u"code"_s}, {u"type"_s, u"text"_s}}};
    const ApiReply created =
        m_fx.post(u"/v1/data-sources"_s, {{u"name"_s, u"Sites"_s}, {u"fields"_s, fields}},
                  m_accounts.value(u"ADMIN"_s).token);
    API_COMPARE_STATUS(created, 201);
    const QJsonObject body = created.json();
    QCOMPARE(keySet(body),
             QSet<QString>({u"id"_s, u"name"_s, u"fields"_s, u"record_count"_s, u"created_at"_s}));
    QVERIFY(body.value(u"id"_s).toString().startsWith(u"ds_"_s));
    QCOMPARE(body.value(u"name"_s).toString(), u"Sites"_s);
    QCOMPARE(body.value(u"fields"_s).toArray(), fields);
    QCOMPARE(body.value(u"record_count"_s).toInteger(), 0);
    QVERIFY(cadenio::test::isUtcTimestamp(body.value(u"created_at"_s).toString()));

    const ApiReply list =
        m_fx.get(u"/v1/data-sources?limit=100"_s, m_accounts.value(u"AUDITOR"_s).token);
    API_COMPARE_STATUS(list, 200);
    const QJsonArray data = list.json().value(u"data"_s).toArray();
    QVERIFY(data.contains(body));
    QVERIFY(list.json().value(u"next_cursor"_s).isNull());
    QCOMPARE(list.json().value(u"has_more"_s).toBool(), false);
}

void TestApiDataSources::invalidCreation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const QByteArray ok = R"("fields":[{"key":"a","type":"text"}])";
    QTest::addRow("no name") << QByteArray("{" + ok + "}") << 400 << u"name"_s;
    QTest::addRow("name number") << QByteArray(R"({"name":1,)" + ok + "}") << 400 << u"name"_s;
    QTest::addRow("no fields") << QByteArray(R"({"name":"X"})") << 400 << u"fields"_s;
    QTest::addRow("fields object")
        << QByteArray(R"({"name":"X","fields":{}})") << 400 << u"fields"_s;
    QTest::addRow("field not object")
        << QByteArray(R"({"name":"X","fields":["a"]})") << 400 << u"fields[0]"_s;
    QTest::addRow("field unknown member")
        << QByteArray(R"({"name":"X","fields":[{"key":"a","type":"text","x":1}]})") << 400
        << u"fields[0].x"_s;
    QTest::addRow("key missing") << QByteArray(R"({"name":"X","fields":[{"type":"text"}]})") << 400
                                 << u"fields[0].key"_s;
    QTest::addRow("unknown member")
        << QByteArray(R"({"name":"X",)" + ok + R"(,"x":1})") << 400 << u"x"_s;
    QTest::addRow("empty fields") << QByteArray(R"({"name":"X","fields":[]})") << 422
                                  << u"fields"_s;
    QTest::addRow("bad key") << QByteArray(
                                    R"({"name":"X","fields":[{"key":"Bad-Key","type":"text"}]})")
                             << 422 << u"fields[0].key"_s;
    QTest::addRow("duplicate key")
        << QByteArray(
               R"({"name":"X","fields":[{"key":"a","type":"text"},{"key":"a","type":"url"}]})")
        << 422 << u"fields[1].key"_s;
    QTest::addRow("unknown type") << QByteArray(
                                         R"({"name":"X","fields":[{"key":"a","type":"money"}]})")
                                  << 422 << u"fields[0].type"_s;
    QTest::addRow("select type") << QByteArray(
                                        R"({"name":"X","fields":[{"key":"a","type":"select"}]})")
                                 << 422 << u"fields[0].type"_s;
}

void TestApiDataSources::invalidCreation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const ApiReply reply = m_fx.request("POST", u"/v1/data-sources"_s, body,
                                        ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
}

void TestApiDataSources::recordsCreateAndMerge()
{
    const QString path = u"/v1/data-sources/%1/records"_s.arg(m_vendors);
    const ApiReply created =
        m_fx.post(path, {{u"values"_s, QJsonObject{{u"name"_s, u"Initech"_s}, {u"amount"_s, 10}}}},
                  m_accounts.value(u"MEMBER"_s).token);
    API_COMPARE_STATUS(created, 201);
    const QJsonObject record = created.json();
    QCOMPARE(keySet(record), QSet<QString>({u"id"_s, u"data_source_id"_s, u"values"_s,
                                            u"created_at"_s, u"updated_at"_s}));
    QVERIFY(record.value(u"id"_s).toString().startsWith(u"rec_"_s));
    QCOMPARE(record.value(u"data_source_id"_s).toString(), m_vendors);
    QVERIFY(cadenio::test::isUtcTimestamp(record.value(u"updated_at"_s).toString()));

    const QString id = record.value(u"id"_s).toString();
    const ApiReply patched =
        m_fx.patch(path + u"/"_s + id,
                   {{u"values"_s, QJsonObject{{u"amount"_s, QJsonValue()}, {u"active"_s, true}}}},
                   m_accounts.value(u"MEMBER"_s).token);
    API_COMPARE_STATUS(patched, 200);
    const QJsonObject merged{{u"name"_s, u"Initech"_s}, {u"active"_s, true}};
    QCOMPARE(patched.json().value(u"values"_s).toObject(), merged);
    QCOMPARE(patched.json().value(u"created_at"_s), record.value(u"created_at"_s));

    const ApiReply list = m_fx.get(path + u"?limit=100"_s, m_accounts.value(u"AUDITOR"_s).token);
    API_COMPARE_STATUS(list, 200);
    bool found = false;
    for (const QJsonValue &item : list.json().value(u"data"_s).toArray()) {
        if (item.toObject().value(u"id"_s).toString() == id) {
            found = true;
            QCOMPARE(item.toObject().value(u"values"_s).toObject(), merged);
        }
    }
    QVERIFY(found);
}

void TestApiDataSources::invalidRecords_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addRow("no values") << QByteArray("{}") << 400 << u"values"_s;
    QTest::addRow("values array") << QByteArray(R"({"values":[]})") << 400 << u"values"_s;
    QTest::addRow("unknown member") << QByteArray(R"({"values":{},"x":1})") << 400 << u"x"_s;
    QTest::addRow("malformed") << QByteArray(R"({"values":)") << 400 << QString();
    QTest::addRow("text as number")
        << QByteArray(R"({"values":{"name":1}})") << 422 << u"values.name"_s;
    QTest::addRow("number as text")
        << QByteArray(R"({"values":{"amount":"1"}})") << 422 << u"values.amount"_s;
    QTest::addRow("boolean as number")
        << QByteArray(R"({"values":{"active":1}})") << 422 << u"values.active"_s;
    QTest::addRow("bad date") << QByteArray(R"({"values":{"since":"2026-13-45x"}})") << 422
                              << u"values.since"_s;
    QTest::addRow("bad email") << QByteArray(R"({"values":{"contact":"a@"}})") << 422
                               << u"values.contact"_s;
    QTest::addRow("bad url") << QByteArray(R"({"values":{"site":"not a url"}})") << 422
                             << u"values.site"_s;
    QTest::addRow("unknown key") << QByteArray(R"({"values":{"colour":"red"}})") << 422
                                 << u"values.colour"_s;
    QTest::addRow("unknown key null")
        << QByteArray(R"({"values":{"colour":null}})") << 422 << u"values.colour"_s;
}

void TestApiDataSources::invalidRecords()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const QString code = status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s;
    const QString path = u"/v1/data-sources/%1/records"_s.arg(m_vendors);
    const auto count = [&] {
        for (const QJsonValue &item : m_fx.get(u"/v1/data-sources?limit=100"_s, m_fx.owner().token)
                                          .json()
                                          .value(u"data"_s)
                                          .toArray()) {
            if (item.toObject().value(u"id"_s).toString() == m_vendors)
                return item.toObject().value(u"record_count"_s).toInteger();
        }
        return qint64(-1);
    };
    const qint64 before = count();

    const ApiReply reply =
        m_fx.request("POST", path, body, ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, code);
    if (!field.isEmpty())
        QCOMPARE(reply.field(), field);
    QCOMPARE(count(), before);

    // A patch takes the same body and answers the same way.
    const QString id = createRecord(m_vendors, {{u"name"_s, u"Patch target"_s}});
    QVERIFY(!id.isEmpty());
    const ApiReply patched =
        m_fx.request("PATCH", path + u"/"_s + id, body, ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(patched, status, code);
    if (!field.isEmpty())
        QCOMPARE(patched.field(), field);
}

void TestApiDataSources::searchFilter()
{
    const QString source =
        createSource(u"Search"_s, {QJsonObject{{u"key"_s, u"name"_s}, {u"type"_s, u"text"_s}},
                                   QJsonObject{{u"key"_s, u"amount"_s}, {u"type"_s, u"number"_s}}});
    createRecord(source, {{u"name"_s, u"Müller & Söhne"_s}, {u"amount"_s, 1250}});
    createRecord(source, {{u"name"_s, u"MUELLER Trading"_s}});
    createRecord(source, {{u"name"_s, u"Globex"_s}});

    auto names = [&](const QString &q) {
        const ApiReply reply =
            m_fx.get(u"/v1/data-sources/%1/records?q=%2"_s.arg(
                         source, QString::fromLatin1(QUrl::toPercentEncoding(q))),
                     m_fx.owner().token);
        QStringList result;
        if (reply.status != 200)
            return QStringList{reply.describe()};
        for (const QJsonValue &item : reply.json().value(u"data"_s).toArray())
            result << item.toObject().value(u"values"_s).toObject().value(u"name"_s).toString();
        result.sort();
        return result;
    };
    QCOMPARE(names(u"mueller"_s), QStringList({u"MUELLER Trading"_s}));
    QCOMPARE(names(u"MÜLLER"_s), QStringList({u"Müller & Söhne"_s}));
    QCOMPARE(names(u"& s"_s), QStringList({u"Müller & Söhne"_s}));
    QCOMPARE(names(u"1250"_s), QStringList({u"Müller & Söhne"_s}));
    QCOMPARE(names(u"nothing like it"_s), QStringList());
    QCOMPARE(names(QString()).size(), 3);
}

void TestApiDataSources::paginationWalk()
{
    const QString source =
        createSource(u"Walk"_s, {QJsonObject{{u"key"_s, u"n"_s}, {u"type"_s, u"number"_s}}});
    QSet<QString> expected;
    for (int i = 0; i < 23; ++i)
        expected.insert(createRecord(source, {{u"n"_s, i}}));
    QCOMPARE(expected.size(), 23);

    QStringList seen;
    QString cursor;
    bool insertedDuringWalk = false;
    for (int pages = 0; pages < 100; ++pages) {
        QString url = u"/v1/data-sources/%1/records?limit=5"_s.arg(source);
        if (!cursor.isEmpty())
            url += u"&cursor="_s + cursor;
        const ApiReply reply = m_fx.get(url, m_fx.owner().token);
        API_COMPARE_STATUS(reply, 200);
        for (const QJsonValue &item : reply.json().value(u"data"_s).toArray())
            seen << item.toObject().value(u"id"_s).toString();
        // A record inserted mid-walk is newer than every page still to come: it must not
        // appear, nor push anything into a repeat.
        if (!insertedDuringWalk) {
            createRecord(source, {{u"n"_s, 99}});
            insertedDuringWalk = true;
        }
        const QJsonObject page = reply.json();
        QCOMPARE(page.value(u"has_more"_s).toBool(), !page.value(u"next_cursor"_s).isNull());
        if (!page.value(u"has_more"_s).toBool())
            break;
        cursor = page.value(u"next_cursor"_s).toString();
    }
    QCOMPARE(seen.size(), 23);
    QCOMPARE(QSet<QString>(seen.begin(), seen.end()), expected);

    for (const QString &bad : {u"limit=0"_s, u"limit=101"_s, u"cursor=cur_bogus"_s}) {
        const ApiReply reply =
            m_fx.get(u"/v1/data-sources/%1/records?"_s.arg(source) + bad, m_fx.owner().token);
        API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
    }
}

void TestApiDataSources::concurrentInsertsKeepCountExact()
{
    const QString source =
        createSource(u"Busy"_s, {QJsonObject{{u"key"_s, u"n"_s}, {u"type"_s, u"number"_s}}});
    QList<ApiRequestSpec> requests;
    const QString path = u"/v1/data-sources/%1/records"_s.arg(source);
    for (int i = 0; i < 40; ++i) {
        // Every fifth is invalid: a rolled-back insert must not count either.
        const QJsonObject values{{u"n"_s, i % 5 == 0 ? QJsonValue(u"x"_s) : QJsonValue(i)}};
        requests.append({"POST", path, compact({{u"values"_s, values}}),
                         ApiFixture::jsonBearer(m_fx.owner().token)});
    }
    const QList<ApiReply> replies = m_fx.requestAll(requests, ApiFixture::Connections::PerRequest);
    int createdCount = 0;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        API_COMPARE_STATUS(replies.at(i), i % 5 == 0 ? 422 : 201);
        createdCount += replies.at(i).status == 201;
    }
    QCOMPARE(createdCount, 32);

    qint64 count = -1;
    for (const QJsonValue &item : m_fx.get(u"/v1/data-sources?limit=100"_s, m_fx.owner().token)
                                      .json()
                                      .value(u"data"_s)
                                      .toArray()) {
        if (item.toObject().value(u"id"_s).toString() == source)
            count = item.toObject().value(u"record_count"_s).toInteger();
    }
    QCOMPARE(count, 32);
    const ApiReply all = m_fx.get(path + u"?limit=100"_s, m_fx.owner().token);
    QCOMPARE(all.json().value(u"data"_s).toArray().size(), 32);
}

void TestApiDataSources::roles_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<int>("createSource");
    QTest::addColumn<int>("readRecords");
    QTest::addColumn<int>("writeRecord");
    QTest::addRow("OWNER") << u"OWNER"_s << 201 << 200 << 201;
    QTest::addRow("ADMIN") << u"ADMIN"_s << 201 << 200 << 201;
    QTest::addRow("MEMBER") << u"MEMBER"_s << 403 << 200 << 201;
    QTest::addRow("AUDITOR") << u"AUDITOR"_s << 403 << 200 << 403;
}

void TestApiDataSources::roles()
{
    QFETCH(QString, role);
    QFETCH(int, createSource);
    QFETCH(int, readRecords);
    QFETCH(int, writeRecord);
    const QString token = m_accounts.value(role).token;
    const QJsonArray fields{QJsonObject{{u"key"_s, u"a"_s}, {u"type"_s, u"text"_s}}};

    const ApiReply created =
        m_fx.post(u"/v1/data-sources"_s, {{u"name"_s, role}, {u"fields"_s, fields}}, token);
    if (createSource == 403)
        API_VERIFY_ERROR(created, 403, u"FORBIDDEN"_s);
    else
        API_COMPARE_STATUS(created, createSource);

    const QString records = u"/v1/data-sources/%1/records"_s.arg(m_vendors);
    API_COMPARE_STATUS(m_fx.get(records, token), readRecords);
    API_COMPARE_STATUS(m_fx.get(u"/v1/data-sources"_s, token), 200);

    const ApiReply written =
        m_fx.post(records, {{u"values"_s, QJsonObject{{u"name"_s, role}}}}, token);
    const QString existing = createRecord(m_vendors, {{u"name"_s, u"x"_s}});
    const ApiReply patched = m_fx.patch(records + u"/"_s + existing,
                                        {{u"values"_s, QJsonObject{{u"name"_s, role}}}}, token);
    if (writeRecord == 403) {
        API_VERIFY_ERROR(written, 403, u"FORBIDDEN"_s);
        API_VERIFY_ERROR(patched, 403, u"FORBIDDEN"_s);
    } else {
        API_COMPARE_STATUS(written, writeRecord);
        API_COMPARE_STATUS(patched, 200);
    }
}

void TestApiDataSources::apiKeys()
{
    const QString everything = m_fx.createApiKey({u"data-sources:read"_s, u"data-sources:write"_s});
    const QString readOnly = m_fx.createApiKey({u"data-sources:read"_s});
    const QString unrelated = m_fx.createApiKey({u"runs:read"_s});
    QVERIFY(!everything.isEmpty() && !readOnly.isEmpty() && !unrelated.isEmpty());

    const QJsonArray fields{QJsonObject{{u"key"_s, u"a"_s}, {u"type"_s, u"text"_s}}};
    const ApiReply define = m_fx.post(u"/v1/data-sources"_s,
                                      {{u"name"_s, u"Key"_s}, {u"fields"_s, fields}}, everything);
    API_VERIFY_ERROR(define, 403, u"FORBIDDEN"_s);

    const QString records = u"/v1/data-sources/%1/records"_s.arg(m_vendors);
    API_COMPARE_STATUS(m_fx.get(u"/v1/data-sources"_s, readOnly), 200);
    API_COMPARE_STATUS(m_fx.get(records, readOnly), 200);
    const ApiReply created =
        m_fx.post(records, {{u"values"_s, QJsonObject{{u"name"_s, u"By key"_s}}}}, everything);
    API_COMPARE_STATUS(created, 201);
    const QString id = created.json().value(u"id"_s).toString();
    API_COMPARE_STATUS(m_fx.patch(records + u"/"_s + id,
                                  {{u"values"_s, QJsonObject{{u"amount"_s, 3}}}}, everything),
                       200);

    struct Case
    {
        ApiReply reply;
        QString scope;
    };
    const QList<Case> refused{
        {m_fx.get(u"/v1/data-sources"_s, unrelated), u"data-sources:read"_s},
        {m_fx.get(records, unrelated), u"data-sources:read"_s},
        {m_fx.post(records, {{u"values"_s, QJsonObject{}}}, readOnly), u"data-sources:write"_s},
        {m_fx.patch(records + u"/"_s + id, {{u"values"_s, QJsonObject{}}}, readOnly),
         u"data-sources:write"_s},
    };
    for (const Case &c : refused) {
        API_VERIFY_ERROR(c.reply, 403, u"MISSING_SCOPE"_s);
        QCOMPARE(c.reply.json().value(u"required_scope"_s).toString(), c.scope);
    }
}

void TestApiDataSources::unknownIds()
{
    const QString token = m_fx.owner().token;
    API_VERIFY_ERROR(m_fx.get(u"/v1/data-sources/ds_missing/records"_s, token), 404,
                     u"NOT_FOUND"_s);
    API_VERIFY_ERROR(
        m_fx.post(u"/v1/data-sources/ds_missing/records"_s, {{u"values"_s, QJsonObject{}}}, token),
        404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.patch(u"/v1/data-sources/%1/records/rec_missing"_s.arg(m_vendors),
                                {{u"values"_s, QJsonObject{}}}, token),
                     404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.request("DELETE", u"/v1/data-sources"_s, {}, ApiFixture::bearer(token)),
                     405, u"METHOD_NOT_ALLOWED"_s);
}

QTEST_GUILESS_MAIN(TestApiDataSources)
#include "tst_api_data_sources.moc"
