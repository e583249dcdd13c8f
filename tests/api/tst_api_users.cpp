// The organization's members over HTTP: who may add whom, what a new member must look
// like, and how the list pages.

#include "ApiFixture.h"

#include "services/Services.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::UserService;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;

namespace {

QJsonObject newUser(const QString &email, const QString &role = u"MEMBER"_s)
{
    return {{u"email"_s, email},
            {u"name"_s, u"Nora New"_s},
            {u"role"_s, role},
            {u"password"_s, ApiFixture::kPassword}};
}

QStringList idsOf(const ApiReply &reply)
{
    QStringList ids;
    for (const QJsonValue &user : reply.json().value("data"_L1).toArray())
        ids << user["id"_L1].toString();
    return ids;
}

// Every id in the list, following next_cursor page by page. Stops with `error` set at the
// first page that is not a well-formed 200.
struct Walk
{
    QStringList ids;
    QList<int> pageSizes;
    QString error;
};

Walk walkUsers(ApiFixture &fx, int limit)
{
    Walk walk;
    QString cursor;
    for (int page = 0; page < 100; ++page) {
        QString path = u"/v1/users?limit=%1"_s.arg(limit);
        if (!cursor.isEmpty())
            path += u"&cursor="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const ApiReply reply = fx.get(path, fx.owner().token);
        if (reply.status != 200) {
            walk.error = reply.describe();
            return walk;
        }
        const QJsonObject body = reply.json();
        const QStringList ids = idsOf(reply);
        walk.ids += ids;
        walk.pageSizes << int(ids.size());
        const bool hasMore = body.value("has_more"_L1).toBool();
        const QJsonValue next = body.value("next_cursor"_L1);
        if (!body.value("has_more"_L1).isBool() || hasMore != next.isString()) {
            walk.error = u"has_more and next_cursor disagree: "_s + reply.describe();
            return walk;
        }
        if (!hasMore)
            return walk;
        cursor = next.toString();
        if (!cursor.startsWith("cur_"_L1)) {
            walk.error = u"cursor without its prefix: "_s + reply.describe();
            return walk;
        }
    }
    walk.error = u"the list never ended"_s;
    return walk;
}

} // namespace

class TestApiUsers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void listIsReadableByEveryRole_data();
    void listIsReadableByEveryRole();
    void create_data();
    void create();
    void duplicateEmail_data();
    void duplicateEmail();
    void invalidValues_data();
    void invalidValues();
    void malformedBodies_data();
    void malformedBodies();

    void pagesNewestFirst_data();
    void pagesNewestFirst();
    void pagesStayStableWhileMembersJoin();
    void limitBoundaries_data();
    void limitBoundaries();
    void badListQueries_data();
    void badListQueries();

private:
    enum Spelling
    {
        SameSpelling,
        UpperCase,
        Padded
    };

    QString tokenOf(const QString &role) const;

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts; // by role name
    // A second organization of exactly 26 members, for the list tests to count on.
    std::unique_ptr<ApiFixture> m_paged;
    QStringList m_pagedCreated; // ids, oldest first
};

void TestApiUsers::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts = m_fx.accountsOfEveryRole();
    QVERIFY2(!m_accounts.isEmpty(), qPrintable(m_fx.lastError()));

    m_paged = std::make_unique<ApiFixture>();
    QVERIFY2(m_paged->start(&error), qPrintable(error));
    m_pagedCreated << m_paged->owner().id;
    for (int i = 0; i < 25; ++i) {
        const ApiReply reply = m_paged->post(
            u"/v1/users"_s, newUser(m_paged->uniqueEmail(u"page"_s)), m_paged->owner().token);
        API_COMPARE_STATUS(reply, 201);
        m_pagedCreated << reply.json().value("id"_L1).toString();
    }
}

void TestApiUsers::cleanupTestCase()
{
    m_paged.reset();
    m_fx.stop();
}

QString TestApiUsers::tokenOf(const QString &role) const
{
    return m_accounts.value(role).token;
}

void TestApiUsers::listIsReadableByEveryRole_data()
{
    QTest::addColumn<QString>("role");

    for (const char *role : {"OWNER", "ADMIN", "MEMBER", "AUDITOR"})
        QTest::addRow("%s", role) << QString::fromLatin1(role);
}

void TestApiUsers::listIsReadableByEveryRole()
{
    QFETCH(QString, role);

    const ApiReply reply = m_fx.get(u"/v1/users?limit=100"_s, tokenOf(role));

    API_COMPARE_STATUS(reply, 200);
    const QStringList ids = idsOf(reply);
    for (const Account &account : std::as_const(m_accounts))
        QVERIFY2(ids.contains(account.id), qPrintable(account.email));
    for (const QJsonValue &user : reply.json().value("data"_L1).toArray()) {
        QStringList keys = user.toObject().keys();
        keys.sort();
        QCOMPARE(keys, QStringList({u"created_at"_s, u"email"_s, u"id"_s, u"name"_s, u"role"_s}));
        QVERIFY(cadenio::test::isUtcTimestamp(user["created_at"_L1].toString()));
    }
    // Whatever else a member may see, password hashes never leave the store.
    QVERIFY(!reply.body.contains("argon2"));
}

void TestApiUsers::create_data()
{
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("role");
    QTest::addColumn<int>("status");

    QTest::addRow("OWNER adds MEMBER") << u"OWNER"_s << u"MEMBER"_s << 201;
    QTest::addRow("OWNER adds ADMIN") << u"OWNER"_s << u"ADMIN"_s << 201;
    QTest::addRow("OWNER adds OWNER") << u"OWNER"_s << u"OWNER"_s << 201;
    QTest::addRow("ADMIN adds MEMBER") << u"ADMIN"_s << u"MEMBER"_s << 201;
    QTest::addRow("ADMIN adds AUDITOR") << u"ADMIN"_s << u"AUDITOR"_s << 201;
    QTest::addRow("ADMIN adds ADMIN") << u"ADMIN"_s << u"ADMIN"_s << 201;
    // An admin must not be able to promote anyone, themselves included, above admin.
    QTest::addRow("ADMIN adds OWNER") << u"ADMIN"_s << u"OWNER"_s << 403;
    QTest::addRow("MEMBER adds MEMBER") << u"MEMBER"_s << u"MEMBER"_s << 403;
    QTest::addRow("AUDITOR adds MEMBER") << u"AUDITOR"_s << u"MEMBER"_s << 403;
    QTest::addRow("AUDITOR adds AUDITOR") << u"AUDITOR"_s << u"AUDITOR"_s << 403;
}

void TestApiUsers::create()
{
    QFETCH(QString, actor);
    QFETCH(QString, role);
    QFETCH(int, status);
    const QString email = m_fx.uniqueEmail(u"new"_s);
    QSignalSpy created(&m_fx.services().users(), &UserService::userCreated);

    const ApiReply reply = m_fx.post(u"/v1/users"_s, newUser(email, role), tokenOf(actor));

    if (status == 201) {
        API_COMPARE_STATUS(reply, 201);
        const QJsonObject user = reply.json();
        const QString id = user.value("id"_L1).toString();
        QVERIFY2(id.startsWith("usr_"_L1), qPrintable(id));
        QCOMPARE(user.value("email"_L1).toString(), email);
        QCOMPARE(user.value("name"_L1).toString(), u"Nora New"_s);
        QCOMPARE(user.value("role"_L1).toString(), role);
        QVERIFY(cadenio::test::isUtcTimestamp(user.value("created_at"_L1).toString()));
        QVERIFY(!user.contains("password"_L1));
        QCOMPARE(created.count(), 1);
        QCOMPARE(created.first().at(0).toString(), m_fx.orgId());
        QCOMPARE(created.first().at(1).toString(), id);
        QVERIFY(idsOf(m_fx.get(u"/v1/users?limit=100"_s, m_fx.owner().token)).contains(id));
        // The password given is the one stored.
        const ApiReply session = m_fx.signIn(email, ApiFixture::kPassword);
        API_COMPARE_STATUS(session, 201);
        QCOMPARE(session.json().value("user_id"_L1).toString(), id);
    } else {
        API_VERIFY_ERROR(reply, status, u"FORBIDDEN"_s);
        QCOMPARE(created.count(), 0);
        API_VERIFY_ERROR(m_fx.signIn(email, ApiFixture::kPassword), 401, u"UNAUTHORIZED"_s);
    }
}

void TestApiUsers::duplicateEmail_data()
{
    QTest::addColumn<int>("spelling");

    QTest::addRow("same address") << int(SameSpelling);
    // Addresses are compared the way sign-in compares them, or one person gets two accounts.
    QTest::addRow("other case") << int(UpperCase);
    QTest::addRow("padded") << int(Padded);
}

void TestApiUsers::duplicateEmail()
{
    QFETCH(int, spelling);
    const QString email = m_fx.uniqueEmail(u"dup"_s);
    API_COMPARE_STATUS(m_fx.post(u"/v1/users"_s, newUser(email), m_fx.owner().token), 201);
    const QString again = spelling == UpperCase ? email.toUpper()
                          : spelling == Padded  ? u"  "_s + email + u" "_s
                                                : email;
    QSignalSpy created(&m_fx.services().users(), &UserService::userCreated);

    const ApiReply reply =
        m_fx.post(u"/v1/users"_s, newUser(again, u"ADMIN"_s), m_fx.owner().token);

    API_VERIFY_ERROR(reply, 409, u"CONFLICT"_s);
    QCOMPARE(created.count(), 0);
    // The first account is untouched: still a MEMBER.
    const ApiReply session = m_fx.signIn(email, ApiFixture::kPassword);
    API_COMPARE_STATUS(session, 201);
    const QString id = session.json().value("user_id"_L1).toString();
    QString role;
    for (const QJsonValue &user :
         m_fx.get(u"/v1/users?limit=100"_s, m_fx.owner().token).json()["data"_L1].toArray()) {
        if (user["id"_L1].toString() == id)
            role = user["role"_L1].toString();
    }
    QCOMPARE(role, u"MEMBER"_s);
}

void TestApiUsers::invalidValues_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    const QJsonObject valid = newUser(u"valid.person@acme.example"_s);
    auto with = [&valid](const QString &key, const QJsonValue &value) {
        QJsonObject body = valid;
        body.insert(key, value);
        return body;
    };
    QTest::addRow("email without @") << with(u"email"_s, u"not-an-email"_s) << u"email"_s;
    QTest::addRow("email without domain dot") << with(u"email"_s, u"ann@localhost"_s) << u"email"_s;
    QTest::addRow("email with two @") << with(u"email"_s, u"ann@@acme.example"_s) << u"email"_s;
    QTest::addRow("email with a space")
        << with(u"email"_s, u"ann smith@acme.example"_s) << u"email"_s;
    QTest::addRow("empty email") << with(u"email"_s, u""_s) << u"email"_s;
    QTest::addRow("password of 11") << with(u"password"_s, u"elevenchars"_s) << u"password"_s;
    QTest::addRow("empty password") << with(u"password"_s, u""_s) << u"password"_s;
    QTest::addRow("blank name") << with(u"name"_s, u"   "_s) << u"name"_s;
    QTest::addRow("name of 201") << with(u"name"_s, QString(201, u'n')) << u"name"_s;
    QTest::addRow("unknown role") << with(u"role"_s, u"SUPERUSER"_s) << u"role"_s;
    QTest::addRow("empty role") << with(u"role"_s, u""_s) << u"role"_s;
}

void TestApiUsers::invalidValues()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    QSignalSpy created(&m_fx.services().users(), &UserService::userCreated);

    const ApiReply reply = m_fx.post(u"/v1/users"_s, body, m_fx.owner().token);

    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
    const QString message = reply.json().value("message"_L1).toString();
    QVERIFY2(message.contains(field), qPrintable(message));
    QCOMPARE(created.count(), 0);
}

void TestApiUsers::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    QTest::addRow("role is a number")
        << QByteArray(
               R"({"email":"r1@acme.example","name":"R","role":5,"password":"long enough pass"})")
        << u"role"_s;
    QTest::addRow("role is null")
        << QByteArray(
               R"({"email":"r2@acme.example","name":"R","role":null,"password":"long enough pass"})")
        << u"role"_s;
    QTest::addRow("role missing")
        << QByteArray(R"({"email":"r3@acme.example","name":"R","password":"long enough pass"})")
        << u"role"_s;
    QTest::addRow("name is an array")
        << QByteArray(
               R"({"email":"r4@acme.example","name":["R"],"role":"MEMBER","password":"long enough pass"})")
        << u"name"_s;
    QTest::addRow("password is a number")
        << QByteArray(
               R"({"email":"r5@acme.example","name":"R","role":"MEMBER","password":123456789012345})")
        << u"password"_s;
    QTest::addRow("email missing")
        << QByteArray(R"({"name":"R","role":"MEMBER","password":"long enough pass"})")
        << u"email"_s;
    QTest::addRow("unknown field")
        << QByteArray(
               R"({"email":"r6@acme.example","name":"R","role":"MEMBER","password":"long enough pass","admin":true})")
        << u"admin"_s;
    QTest::addRow("not an object") << QByteArray(R"(["r7@acme.example"])") << QString();
}

void TestApiUsers::malformedBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QSignalSpy created(&m_fx.services().users(), &UserService::userCreated);

    const ApiReply reply =
        m_fx.request("POST", u"/v1/users"_s, body, ApiFixture::jsonBearer(m_fx.owner().token));

    API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
    if (!field.isEmpty())
        QCOMPARE(reply.field(), field);
    QCOMPARE(created.count(), 0);
}

void TestApiUsers::pagesNewestFirst_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<int>>("pageSizes");

    // 26 members: the owner and 25 more.
    QTest::addRow("limit 10") << 10 << QList<int>{10, 10, 6};
    QTest::addRow("limit 13, pages end exactly") << 13 << QList<int>{13, 13};
    QTest::addRow("limit 1") << 1 << QList<int>(26, 1);
    QTest::addRow("limit 26, one full page") << 26 << QList<int>{26};
    QTest::addRow("limit 100") << 100 << QList<int>{26};
}

void TestApiUsers::pagesNewestFirst()
{
    QFETCH(int, limit);
    QFETCH(QList<int>, pageSizes);

    const Walk walk = walkUsers(*m_paged, limit);

    QVERIFY2(walk.error.isEmpty(), qPrintable(walk.error));
    QCOMPARE(walk.pageSizes, pageSizes);
    QCOMPARE(QSet<QString>(walk.ids.cbegin(), walk.ids.cend()).size(), walk.ids.size());
    QStringList newestFirst = m_pagedCreated;
    std::reverse(newestFirst.begin(), newestFirst.end());
    QCOMPARE(walk.ids, newestFirst);
}

void TestApiUsers::pagesStayStableWhileMembersJoin()
{
    ApiFixture fx;
    QString error;
    QVERIFY2(fx.start(&error), qPrintable(error));
    QStringList before{fx.owner().id};
    for (int i = 0; i < 14; ++i) {
        const ApiReply reply =
            fx.post(u"/v1/users"_s, newUser(fx.uniqueEmail(u"early"_s)), fx.owner().token);
        API_COMPARE_STATUS(reply, 201);
        before.prepend(reply.json().value("id"_L1).toString());
    }

    const ApiReply first = fx.get(u"/v1/users?limit=5"_s, fx.owner().token);
    API_COMPARE_STATUS(first, 200);
    QStringList seen = idsOf(first);
    QString cursor = first.json().value("next_cursor"_L1).toString();
    // Joiners between page requests are newer than any cursor, so a keyset list neither
    // repeats nor skips anyone; an OFFSET list would repeat the last rows of a page.
    for (int i = 0; i < 4; ++i)
        API_COMPARE_STATUS(
            fx.post(u"/v1/users"_s, newUser(fx.uniqueEmail(u"late"_s)), fx.owner().token), 201);
    while (!cursor.isEmpty()) {
        const ApiReply page = fx.get(u"/v1/users?limit=5&cursor="_s + cursor, fx.owner().token);
        API_COMPARE_STATUS(page, 200);
        seen += idsOf(page);
        cursor = page.json().value("next_cursor"_L1).toString();
        API_COMPARE_STATUS(
            fx.post(u"/v1/users"_s, newUser(fx.uniqueEmail(u"late"_s)), fx.owner().token), 201);
    }

    QCOMPARE(seen, before);
}

void TestApiUsers::limitBoundaries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("hasMore");

    // Of 26 members.
    QTest::addRow("default is 20") << QString() << 20 << true;
    QTest::addRow("limit=1") << u"?limit=1"_s << 1 << true;
    QTest::addRow("limit=25, one left over") << u"?limit=25"_s << 25 << true;
    QTest::addRow("limit=26, nothing left over") << u"?limit=26"_s << 26 << false;
    QTest::addRow("limit=100") << u"?limit=100"_s << 26 << false;
}

void TestApiUsers::limitBoundaries()
{
    QFETCH(QString, query);
    QFETCH(int, size);
    QFETCH(bool, hasMore);

    const ApiReply reply = m_paged->get(u"/v1/users"_s + query, m_paged->owner().token);

    API_COMPARE_STATUS(reply, 200);
    const QJsonObject body = reply.json();
    QCOMPARE(idsOf(reply).size(), size);
    QCOMPARE(body.value("has_more"_L1), QJsonValue(hasMore));
    QCOMPARE(body.value("next_cursor"_L1).isNull(), !hasMore);
    QCOMPARE(body.value("next_cursor"_L1).isString(), hasMore);
}

void TestApiUsers::badListQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");

    QTest::addRow("limit=0") << u"limit=0"_s << u"limit"_s;
    QTest::addRow("limit=101") << u"limit=101"_s << u"limit"_s;
    QTest::addRow("limit=-1") << u"limit=-1"_s << u"limit"_s;
    QTest::addRow("limit=abc") << u"limit=abc"_s << u"limit"_s;
    QTest::addRow("limit=1.5") << u"limit=1.5"_s << u"limit"_s;
    QTest::addRow("limit empty") << u"limit="_s << u"limit"_s;
    QTest::addRow("limit huge") << u"limit=99999999999999999999"_s << u"limit"_s;
    QTest::addRow("cursor=garbage") << u"cursor=garbage"_s << u"cursor"_s;
    QTest::addRow("cursor empty") << u"cursor="_s << u"cursor"_s;
    QTest::addRow("cursor prefix only") << u"cursor=cur_"_s << u"cursor"_s;
    QTest::addRow("cursor not base64") << u"cursor=cur_%21%21%21"_s << u"cursor"_s;
    // Well-formed base64 that does not hold a position of ours.
    QTest::addRow("cursor with foreign content")
        << u"cursor=cur_"_s + QString::fromLatin1(
                                  QByteArray("hello world").toBase64(QByteArray::Base64UrlEncoding))
        << u"cursor"_s;
    QTest::addRow("unknown parameter") << u"offset=10"_s << u"offset"_s;
    QTest::addRow("unknown next to valid") << u"limit=5&sort=email"_s << u"sort"_s;
}

void TestApiUsers::badListQueries()
{
    QFETCH(QString, query);
    QFETCH(QString, field);

    const ApiReply reply = m_fx.get(u"/v1/users?"_s + query, m_fx.owner().token);

    API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
    QCOMPARE(reply.field(), field);
    const QString message = reply.json().value("message"_L1).toString();
    QVERIFY2(message.contains(field), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestApiUsers)
#include "tst_api_users.moc"
