// Folders and templates over HTTP: the draft → publish lifecycle with immutable versions,
// every validation answered with its code and field, roles and scopes per endpoint, what an
// API key in resource mode SELECTED sees, and list pagination.

#include "ApiFixture.h"

#include "domain/TaskDefinitionJson.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/SqlQuery.h"
#include "store/TemplateRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;

namespace {

const QJsonObject kBooleanField{{u"type"_s, u"boolean"_s}};

QJsonArray defaultTasks()
{
    return QJsonArray{QJsonObject{{u"name"_s, u"Approve vendor"_s}, {u"field"_s, kBooleanField}}};
}

QJsonObject templateBody(const QString &name, const QJsonObject &extra = {})
{
    QJsonObject body{{u"name"_s, name}, {u"tasks"_s, defaultTasks()}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QStringList idsOf(const QJsonArray &items)
{
    QStringList ids;
    for (const QJsonValue &item : items)
        ids << item.toObject().value(u"id"_s).toString();
    return ids;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

} // namespace

class TestApiTemplates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void createReturnsADraft();
    void publishedVersionIsImmutable();
    void publishRules();
    void concurrentPublishesMakeOneVersion();
    void patchEditsTheDraft();
    void invalidCreation_data();
    void invalidCreation();
    void invalidPatch_data();
    void invalidPatch();
    void folders();
    void invalidFolders_data();
    void invalidFolders();
    void rolesAndScopes_data();
    void rolesAndScopes();
    void selectedKeySeesOnlyItsTemplatesAndFolders();
    void selectedKeyWritesOnlyWhereItReaches();
    void paginationWalk();
    void selectedKeyPagination();
    void unknownTemplates();

private:
    QJsonObject create(const QJsonObject &body, const QString &token = {});
    ApiReply publish(const QString &id, const QString &token = {});
    QString folder(const QString &name, const QString &parentId = {});
    QJsonArray walk(const QString &path, int limit, const QString &token, QString *problem);
    qint64 templateRows();

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts; // by role name
    QHash<QString, QString> m_keys;     // by scopes joined with ','
};

void TestApiTemplates::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts.insert(u"OWNER"_s, m_fx.owner());
    for (Role role : {Role::Admin, Role::Member, Role::Auditor}) {
        const Account account = m_fx.createAccount(role);
        QVERIFY2(account.isValid(), qPrintable(m_fx.lastError()));
        m_accounts.insert(cadenio::roleName(role), account);
    }
}

void TestApiTemplates::cleanupTestCase()
{
    m_fx.stop();
}

QJsonObject TestApiTemplates::create(const QJsonObject &body, const QString &token)
{
    const ApiReply reply =
        m_fx.post(u"/v1/templates"_s, body, token.isEmpty() ? m_fx.owner().token : token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json();
}

ApiReply TestApiTemplates::publish(const QString &id, const QString &token)
{
    // No body and no Content-Type: publishing takes none.
    return m_fx.request("POST", u"/v1/templates/%1/publish"_s.arg(id), {},
                        ApiFixture::bearer(token.isEmpty() ? m_fx.owner().token : token));
}

QString TestApiTemplates::folder(const QString &name, const QString &parentId)
{
    QJsonObject body{{u"name"_s, name}};
    if (!parentId.isEmpty())
        body.insert(u"parent_id"_s, parentId);
    const ApiReply reply = m_fx.post(u"/v1/folders"_s, body, m_fx.owner().token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json().value(u"id"_s).toString();
}

QJsonArray TestApiTemplates::walk(const QString &path, int limit, const QString &token,
                                  QString *problem)
{
    QJsonArray all;
    QString cursor;
    for (int pages = 0; pages < 1000; ++pages) {
        QString url = u"%1?limit=%2"_s.arg(path).arg(limit);
        if (!cursor.isEmpty())
            url += u"&cursor="_s + cursor;
        const ApiReply reply = m_fx.get(url, token);
        if (reply.status != 200) {
            *problem = reply.describe();
            return all;
        }
        const QJsonObject page = reply.json();
        const QJsonArray data = page.value(u"data"_s).toArray();
        for (const QJsonValue &item : data)
            all.append(item);
        const bool more = page.value(u"has_more"_s).toBool();
        if (more != !page.value(u"next_cursor"_s).isNull()) {
            *problem = u"has_more and next_cursor disagree: "_s + reply.describe();
            return all;
        }
        if (!more)
            return all;
        if (data.size() != limit) {
            *problem = u"a page before the last is not full: "_s + reply.describe();
            return all;
        }
        cursor = page.value(u"next_cursor"_s).toString();
    }
    *problem = u"the walk does not end"_s;
    return all;
}

qint64 TestApiTemplates::templateRows()
{
    cadenio::SqlQuery q(m_fx.database().connection(), u"SELECT COUNT(*) FROM templates"_s);
    q.exec();
    return q.next() ? q.integer(0) : -1;
}

void TestApiTemplates::createReturnsADraft()
{
    const QJsonObject body{
        {u"name"_s, u"Vendor onboarding"_s},
        {u"description"_s, u"From contract to first order"_s},
        {u"tasks"_s,
         QJsonArray{
             QJsonObject{{u"name"_s, u"Approve vendor"_s}, {u"field"_s, kBooleanField}},
             QJsonObject{{u"name"_s, u"Tier"_s},
                         {u"required"_s, false},
                         {u"field"_s, QJsonObject{{u"type"_s, u"select"_s},
                                                  {u"options"_s, QJsonArray{u"A"_s, u"B"_s}}}},
                         {u"assignee_id"_s, m_accounts.value(u"MEMBER"_s).id},
                         {u"due_offset_hours"_s, 24}}}},
    };
    const ApiReply reply = m_fx.post(u"/v1/templates"_s, body, m_fx.owner().token);
    API_COMPARE_STATUS(reply, 201);
    const QJsonObject tmpl = reply.json();
    QCOMPARE(sorted(tmpl.keys()),
             sorted({u"id"_s, u"name"_s, u"description"_s, u"folder_id"_s, u"status"_s,
                     u"version"_s, u"has_unpublished_changes"_s, u"tasks"_s, u"created_at"_s,
                     u"updated_at"_s, u"published_at"_s}));
    QVERIFY(tmpl.value(u"id"_s).toString().startsWith(u"tmpl_"_s));
    QCOMPARE(tmpl.value(u"name"_s).toString(), u"Vendor onboarding"_s);
    QCOMPARE(tmpl.value(u"description"_s).toString(), u"From contract to first order"_s);
    QVERIFY(tmpl.value(u"folder_id"_s).isNull());
    QCOMPARE(tmpl.value(u"status"_s).toString(), u"DRAFT"_s);
    QVERIFY(tmpl.value(u"version"_s).isNull());
    QCOMPARE(tmpl.value(u"has_unpublished_changes"_s), QJsonValue(true));
    QVERIFY(tmpl.value(u"published_at"_s).isNull());
    QVERIFY(cadenio::test::isUtcTimestamp(tmpl.value(u"created_at"_s).toString()));
    QVERIFY(cadenio::test::isUtcTimestamp(tmpl.value(u"updated_at"_s).toString()));

    const QJsonArray tasks = tmpl.value(u"tasks"_s).toArray();
    QCOMPARE(tasks.size(), 2);
    const QJsonObject first = tasks.at(0).toObject();
    QCOMPARE(sorted(first.keys()),
             sorted({u"id"_s, u"name"_s, u"description"_s, u"required"_s, u"field"_s,
                     u"assignee_id"_s, u"due_offset_hours"_s, u"condition"_s}));
    QVERIFY(first.value(u"id"_s).toString().startsWith(u"tdef_"_s));
    QCOMPARE(first.value(u"required"_s), QJsonValue(true));
    QCOMPARE(first.value(u"field"_s).toObject(), kBooleanField);
    const QJsonObject second = tasks.at(1).toObject();
    QCOMPARE(second.value(u"required"_s), QJsonValue(false));
    QCOMPARE(second.value(u"assignee_id"_s).toString(), m_accounts.value(u"MEMBER"_s).id);
    QCOMPARE(second.value(u"due_offset_hours"_s).toInt(), 24);
    QCOMPARE(second.value(u"field"_s).toObject().value(u"options"_s).toArray(),
             QJsonArray({u"A"_s, u"B"_s}));

    const ApiReply got =
        m_fx.get(u"/v1/templates/"_s + tmpl.value(u"id"_s).toString(), m_fx.owner().token);
    API_COMPARE_STATUS(got, 200);
    QCOMPARE(got.json(), tmpl);
    // A draft is not in the list of published templates.
    QString problem;
    const QJsonArray listed = walk(u"/v1/templates"_s, 100, m_fx.owner().token, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!idsOf(listed).contains(tmpl.value(u"id"_s).toString()));
}

void TestApiTemplates::publishedVersionIsImmutable()
{
    const QJsonObject created = create(templateBody(u"Quarterly audit"_s));
    const QString id = created.value(u"id"_s).toString();
    const QJsonArray v1Tasks = created.value(u"tasks"_s).toArray();

    const ApiReply first = publish(id);
    API_COMPARE_STATUS(first, 200);
    QJsonObject tmpl = first.json();
    QCOMPARE(tmpl.value(u"status"_s).toString(), u"PUBLISHED"_s);
    QCOMPARE(tmpl.value(u"version"_s).toInt(), 1);
    QCOMPARE(tmpl.value(u"has_unpublished_changes"_s), QJsonValue(false));
    QVERIFY(cadenio::test::isUtcTimestamp(tmpl.value(u"published_at"_s).toString()));
    QCOMPARE(tmpl.value(u"tasks"_s).toArray(), v1Tasks);

    // Edit the draft twice: version 1 keeps serving, unchanged.
    const QJsonArray v2Tasks{
        QJsonObject{{u"name"_s, u"Collect receipts"_s},
                    {u"field"_s, QJsonObject{{u"type"_s, u"file"_s}}}},
        QJsonObject{{u"name"_s, u"Total"_s}, {u"field"_s, QJsonObject{{u"type"_s, u"number"_s}}}}};
    ApiReply patched =
        m_fx.patch(u"/v1/templates/"_s + id, {{u"tasks"_s, v2Tasks}, {u"name"_s, u"Audit v2"_s}},
                   m_fx.owner().token);
    API_COMPARE_STATUS(patched, 200);
    patched = m_fx.patch(u"/v1/templates/"_s + id, {{u"description"_s, u"Every quarter"_s}},
                         m_fx.owner().token);
    API_COMPARE_STATUS(patched, 200);
    tmpl = patched.json();
    QCOMPARE(tmpl.value(u"status"_s).toString(), u"PUBLISHED"_s);
    QCOMPARE(tmpl.value(u"version"_s).toInt(), 1);
    QCOMPARE(tmpl.value(u"has_unpublished_changes"_s), QJsonValue(true));
    QCOMPARE(tmpl.value(u"name"_s).toString(), u"Audit v2"_s);
    QCOMPARE(tmpl.value(u"tasks"_s).toArray().size(), 2); // "tasks" shows the draft
    const QJsonArray draftTasks = tmpl.value(u"tasks"_s).toArray();

    const cadenio::TemplateRepository versions(m_fx.database().connection());
    auto v1 = versions.findVersion(id, 1);
    QVERIFY(v1.has_value());
    QCOMPARE(v1->name, u"Quarterly audit"_s);
    QCOMPARE(compact(cadenio::taskjson::toJson(v1->tasks)), compact(v1Tasks));
    QVERIFY(!versions.findVersion(id, 2).has_value());

    // The second publish freezes the edited draft as version 2; version 1 stays as it was.
    const ApiReply second = publish(id);
    API_COMPARE_STATUS(second, 200);
    QCOMPARE(second.json().value(u"version"_s).toInt(), 2);
    const ApiReply got = m_fx.get(u"/v1/templates/"_s + id, m_fx.owner().token);
    API_COMPARE_STATUS(got, 200);
    QCOMPARE(got.json().value(u"version"_s).toInt(), 2);
    QCOMPARE(got.json().value(u"has_unpublished_changes"_s), QJsonValue(false));
    QCOMPARE(got.json().value(u"tasks"_s).toArray(), draftTasks);
    auto v2 = versions.findVersion(id, 2);
    QVERIFY(v2.has_value());
    QCOMPARE(compact(cadenio::taskjson::toJson(v2->tasks)), compact(draftTasks));
    QCOMPARE(v2->description, u"Every quarter"_s);
    v1 = versions.findVersion(id, 1);
    QCOMPARE(compact(cadenio::taskjson::toJson(v1->tasks)), compact(v1Tasks));
    QCOMPARE(v1->name, u"Quarterly audit"_s);
}

void TestApiTemplates::publishRules()
{
    // No tasks: nothing a run could do.
    const QJsonObject empty = create({{u"name"_s, u"Empty"_s}, {u"tasks"_s, QJsonArray()}});
    ApiReply reply = publish(empty.value(u"id"_s).toString());
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), u"tasks"_s);

    // Nothing to publish: the draft is the latest version.
    const QString id = create(templateBody(u"Once"_s)).value(u"id"_s).toString();
    API_COMPARE_STATUS(publish(id), 200);
    reply = publish(id);
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(
        m_fx.get(u"/v1/templates/"_s + id, m_fx.owner().token).json().value(u"version"_s).toInt(),
        1);

    // Publishing everything away and back leaves nothing to publish either.
    const ApiReply cleared =
        m_fx.patch(u"/v1/templates/"_s + id, {{u"tasks"_s, QJsonArray()}}, m_fx.owner().token);
    API_COMPARE_STATUS(cleared, 200);
    QCOMPARE(cleared.json().value(u"has_unpublished_changes"_s), QJsonValue(true));
    reply = publish(id);
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), u"tasks"_s);

    // A publish body is ignored, whatever it is: the route takes none.
    const QString another = create(templateBody(u"With body"_s)).value(u"id"_s).toString();
    reply = m_fx.request("POST", u"/v1/templates/%1/publish"_s.arg(another), "{}",
                         ApiFixture::jsonBearer(m_fx.owner().token));
    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.json().value(u"version"_s).toInt(), 1);
}

void TestApiTemplates::concurrentPublishesMakeOneVersion()
{
    const QString id = create(templateBody(u"Raced"_s)).value(u"id"_s).toString();
    QList<cadenio::test::ApiRequestSpec> requests;
    for (int i = 0; i < 8; ++i)
        requests.append({"POST",
                         u"/v1/templates/%1/publish"_s.arg(id),
                         {},
                         ApiFixture::bearer(m_fx.owner().token)});
    int published = 0;
    for (const ApiReply &reply : m_fx.requestAll(requests, ApiFixture::Connections::PerRequest)) {
        if (reply.status == 200) {
            ++published;
            QCOMPARE(reply.json().value(u"version"_s).toInt(), 1);
        } else {
            API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s); // never a 500
        }
    }
    QCOMPARE(published, 1);
    cadenio::SqlQuery q(m_fx.database().connection(),
                        u"SELECT COUNT(*) FROM template_versions WHERE template_id = :id"_s);
    q.bind(u":id"_s, id).exec();
    QVERIFY(q.next());
    QCOMPARE(q.integer(0), 1);
}

void TestApiTemplates::patchEditsTheDraft()
{
    const QString a = folder(u"Patch target"_s);
    const QJsonObject created = create(templateBody(u"Movable"_s));
    const QString id = created.value(u"id"_s).toString();
    API_COMPARE_STATUS(publish(id), 200);

    ApiReply reply =
        m_fx.patch(u"/v1/templates/"_s + id, {{u"folder_id"_s, a}}, m_fx.owner().token);
    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.json().value(u"folder_id"_s).toString(), a);
    // A folder is where a template lives, not part of its version.
    QCOMPARE(reply.json().value(u"has_unpublished_changes"_s), QJsonValue(false));

    reply =
        m_fx.patch(u"/v1/templates/"_s + id, {{u"folder_id"_s, QJsonValue()}}, m_fx.owner().token);
    API_COMPARE_STATUS(reply, 200);
    QVERIFY(reply.json().value(u"folder_id"_s).isNull());

    // An empty PATCH changes nothing.
    const QJsonObject before = m_fx.get(u"/v1/templates/"_s + id, m_fx.owner().token).json();
    reply = m_fx.patch(u"/v1/templates/"_s + id, {}, m_fx.owner().token);
    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.json(), before);

    // Edits and an edit back: the flag follows the content, not the history.
    const QJsonArray publishedTasks = created.value(u"tasks"_s).toArray();
    reply =
        m_fx.patch(u"/v1/templates/"_s + id, {{u"description"_s, u"new"_s}}, m_fx.owner().token);
    QCOMPARE(reply.json().value(u"has_unpublished_changes"_s), QJsonValue(true));
    reply = m_fx.patch(u"/v1/templates/"_s + id, {{u"description"_s, QJsonValue()}},
                       m_fx.owner().token);
    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.json().value(u"description"_s).toString(), QString());
    QCOMPARE(reply.json().value(u"has_unpublished_changes"_s), QJsonValue(false));
    // Tasks sent back with their ids are the same tasks.
    reply =
        m_fx.patch(u"/v1/templates/"_s + id, {{u"tasks"_s, publishedTasks}}, m_fx.owner().token);
    API_COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.json().value(u"tasks"_s).toArray(), publishedTasks);
    QCOMPARE(reply.json().value(u"has_unpublished_changes"_s), QJsonValue(false));
}

void TestApiTemplates::invalidCreation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *json, int status, const char *field) {
        QTest::addRow("%s", tag) << QByteArray(json) << status << QString::fromLatin1(field);
    };
    const QByteArray longName = R"({"name":")" + QByteArray(201, 'n') + R"(","tasks":[]})";
    row("malformed JSON", R"({"name":"x",)", 400, "");
    row("not an object", R"(["x"])", 400, "");
    row("missing name", R"({"tasks":[]})", 400, "name");
    row("name not a string", R"({"name":5,"tasks":[]})", 400, "name");
    row("name null", R"({"name":null,"tasks":[]})", 400, "name");
    row("empty name", R"({"name":"","tasks":[]})", 422, "name");
    row("blank name", R"({"name":"   ","tasks":[]})", 422, "name");
    QTest::addRow("name of 201 characters") << longName << 422 << u"name"_s;
    row("missing tasks", R"({"name":"x"})", 400, "tasks");
    row("tasks not an array", R"({"name":"x","tasks":{}})", 400, "tasks");
    row("tasks null", R"({"name":"x","tasks":null})", 400, "tasks");
    row("unknown field", R"({"name":"x","tasks":[],"colour":"red"})", 400, "colour");
    row("description not a string", R"({"name":"x","tasks":[],"description":5})", 400,
        "description");
    row("folder_id not a string", R"({"name":"x","tasks":[],"folder_id":5})", 400, "folder_id");
    row("empty folder_id", R"({"name":"x","tasks":[],"folder_id":""})", 422, "folder_id");
    row("unknown folder_id", R"({"name":"x","tasks":[],"folder_id":"fld_nope"})", 422, "folder_id");
    row("task without field", R"({"name":"x","tasks":[{"name":"t"}]})", 400, "tasks[0].field");
    row("unknown key in a task",
        R"({"name":"x","tasks":[{"name":"t","field":{"type":"text"},"colour":1}]})", 400,
        "tasks[0].colour");
    row("unknown field type",
        R"({"name":"x","tasks":[{"name":"a","field":{"type":"text"}},{"name":"t","field":{"type":"colour"}}]})",
        422, "tasks[1].field.type");
    row("select without options",
        R"({"name":"x","tasks":[{"name":"t","field":{"type":"select"}}]})", 422,
        "tasks[0].field.options");
    row("condition on a later task",
        R"({"name":"x","tasks":[{"name":"a","field":{"type":"text"},"condition":{"task_id":"tdef_b","equals":"x"}},{"id":"tdef_b","name":"b","field":{"type":"text"}}]})",
        422, "tasks[0].condition.task_id");
    row("unknown assignee",
        R"({"name":"x","tasks":[{"name":"a","field":{"type":"text"}},{"name":"b","field":{"type":"text"},"assignee_id":"usr_nobody"}]})",
        422, "tasks[1].assignee_id");
    row("deactivated assignee",
        R"({"name":"x","tasks":[{"name":"a","field":{"type":"text"},"assignee_id":"$GONE"}]})", 422,
        "tasks[0].assignee_id");
    row("assignee not a string",
        R"({"name":"x","tasks":[{"name":"a","field":{"type":"text"},"assignee_id":7}]})", 400,
        "tasks[0].assignee_id");
}

void TestApiTemplates::invalidCreation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    if (body.contains("$GONE")) {
        const Account gone = m_fx.createAccount(Role::Member);
        QVERIFY2(gone.isValid(), qPrintable(m_fx.lastError()));
        cadenio::SqlQuery(m_fx.database().connection(),
                          u"UPDATE users SET deactivated_at = 1 WHERE id = :id"_s)
            .bind(u":id"_s, gone.id)
            .exec();
        body.replace("$GONE", gone.id.toUtf8());
    }
    const qint64 before = templateRows();
    const ApiReply reply =
        m_fx.request("POST", u"/v1/templates"_s, body, ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
    QCOMPARE(templateRows(), before);
}

void TestApiTemplates::invalidPatch_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *json, int status, const char *field) {
        QTest::addRow("%s", tag) << QByteArray(json) << status << QString::fromLatin1(field);
    };
    row("empty body", "", 400, "");
    row("name null", R"({"name":null})", 400, "name");
    row("empty name", R"({"name":""})", 422, "name");
    row("unknown field", R"({"status":"PUBLISHED"})", 400, "status");
    row("version is not writable", R"({"version":3})", 400, "version");
    row("empty folder_id", R"({"folder_id":""})", 422, "folder_id");
    row("unknown folder_id", R"({"folder_id":"fld_nope"})", 422, "folder_id");
    row("tasks null", R"({"tasks":null})", 400, "tasks");
    row("bad task",
        R"({"tasks":[{"name":"a","field":{"type":"number"}},{"name":"","field":{"type":"text"}}]})",
        422, "tasks[1].name");
    row("unknown assignee",
        R"({"tasks":[{"name":"a","field":{"type":"text"},"assignee_id":"usr_nobody"}]})", 422,
        "tasks[0].assignee_id");
}

void TestApiTemplates::invalidPatch()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const QJsonObject created = create(templateBody(u"Patch me"_s));
    const QString id = created.value(u"id"_s).toString();
    const ApiReply reply = m_fx.request("PATCH", u"/v1/templates/"_s + id, body,
                                        ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
    QCOMPARE(m_fx.get(u"/v1/templates/"_s + id, m_fx.owner().token).json(), created);
}

void TestApiTemplates::folders()
{
    ApiReply reply = m_fx.post(u"/v1/folders"_s, {{u"name"_s, u" Finance "_s}},
                               m_accounts.value(u"MEMBER"_s).token);
    API_COMPARE_STATUS(reply, 201);
    const QJsonObject top = reply.json();
    QCOMPARE(sorted(top.keys()), sorted({u"id"_s, u"name"_s, u"parent_id"_s, u"created_at"_s}));
    QVERIFY(top.value(u"id"_s).toString().startsWith(u"fld_"_s));
    QCOMPARE(top.value(u"name"_s).toString(), u"Finance"_s);
    QVERIFY(top.value(u"parent_id"_s).isNull());
    QVERIFY(cadenio::test::isUtcTimestamp(top.value(u"created_at"_s).toString()));

    reply = m_fx.post(u"/v1/folders"_s,
                      {{u"name"_s, u"Payables"_s}, {u"parent_id"_s, top.value(u"id"_s)}},
                      m_fx.owner().token);
    API_COMPARE_STATUS(reply, 201);
    const QJsonObject sub = reply.json();
    QCOMPARE(sub.value(u"parent_id"_s), top.value(u"id"_s));
    reply = m_fx.post(u"/v1/folders"_s,
                      {{u"name"_s, u"Explicit top"_s}, {u"parent_id"_s, QJsonValue()}},
                      m_fx.owner().token);
    API_COMPARE_STATUS(reply, 201);
    QVERIFY(reply.json().value(u"parent_id"_s).isNull());

    QString problem;
    const QJsonArray listed =
        walk(u"/v1/folders"_s, 100, m_accounts.value(u"AUDITOR"_s).token, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(listed.contains(top));
    QVERIFY(listed.contains(sub));

    // A template goes into the subfolder and says so.
    const QJsonObject tmpl =
        create(templateBody(u"Pay invoices"_s, {{u"folder_id"_s, sub.value(u"id"_s)}}));
    QCOMPARE(tmpl.value(u"folder_id"_s), sub.value(u"id"_s));
}

void TestApiTemplates::invalidFolders_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *json, int status, const char *field) {
        QTest::addRow("%s", tag) << QByteArray(json) << status << QString::fromLatin1(field);
    };
    row("missing name", R"({})", 400, "name");
    row("name not a string", R"({"name":[]})", 400, "name");
    row("empty name", R"({"name":""})", 422, "name");
    row("unknown field", R"({"name":"x","color":"red"})", 400, "color");
    row("parent not a string", R"({"name":"x","parent_id":1})", 400, "parent_id");
    row("empty parent", R"({"name":"x","parent_id":""})", 422, "parent_id");
    row("unknown parent", R"({"name":"x","parent_id":"fld_nope"})", 422, "parent_id");
    row("a template as parent", R"({"name":"x","parent_id":"$TEMPLATE"})", 422, "parent_id");
}

void TestApiTemplates::invalidFolders()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    body.replace("$TEMPLATE",
                 create(templateBody(u"Not a folder"_s)).value(u"id"_s).toString().toUtf8());
    const ApiReply reply =
        m_fx.request("POST", u"/v1/folders"_s, body, ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
}

void TestApiTemplates::rolesAndScopes_data()
{
    QTest::addColumn<QString>("who");    // a role, or "key:" and its scopes
    QTest::addColumn<QString>("action"); // see rolesAndScopes()
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("requiredScope");

    struct Action
    {
        const char *name;
        const char *scope;
        bool writes;
        int success;
    };
    const Action actions[] = {
        {"list", "templates:read", false, 200},      {"get", "templates:read", false, 200},
        {"folders", "templates:read", false, 200},   {"create", "templates:write", true, 201},
        {"patch", "templates:write", true, 200},     {"newfolder", "templates:write", true, 201},
        {"publish", "templates:publish", true, 200},
    };
    for (const Action &action : actions) {
        for (const char *role : {"OWNER", "ADMIN", "MEMBER", "AUDITOR"}) {
            const bool allowed = !action.writes || qstrcmp(role, "AUDITOR") != 0;
            QTest::addRow("%s %s", role, action.name)
                << QString::fromLatin1(role) << QString::fromLatin1(action.name)
                << (allowed ? action.success : 403) << (allowed ? QString() : u"FORBIDDEN"_s)
                << QString();
        }
        for (const char *scopes :
             {"templates:read", "templates:write", "templates:publish", "runs:read,runs:write",
              "templates:read,templates:write,templates:publish"}) {
            const bool allowed = QByteArray(scopes).split(',').contains(action.scope);
            QTest::addRow("key with %s %s", scopes, action.name)
                << u"key:"_s + QString::fromLatin1(scopes) << QString::fromLatin1(action.name)
                << (allowed ? action.success : 403) << (allowed ? QString() : u"MISSING_SCOPE"_s)
                << (allowed ? QString() : QString::fromLatin1(action.scope));
        }
    }
}

void TestApiTemplates::rolesAndScopes()
{
    QFETCH(QString, who);
    QFETCH(QString, action);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, requiredScope);

    QString token;
    if (who.startsWith(u"key:"_s)) {
        const QString scopes = who.mid(4);
        if (!m_keys.contains(scopes))
            m_keys.insert(scopes, m_fx.createApiKey(scopes.split(u',')));
        token = m_keys.value(scopes);
    } else {
        token = m_accounts.value(who).token;
    }
    QVERIFY(!token.isEmpty());
    // A fresh draft with something to publish for every row.
    const QString id = create(templateBody(u"Role check"_s)).value(u"id"_s).toString();
    const QString path = u"/v1/templates/"_s + id;

    ApiReply reply;
    if (action == u"list"_s)
        reply = m_fx.get(u"/v1/templates"_s, token);
    else if (action == u"get"_s)
        reply = m_fx.get(path, token);
    else if (action == u"folders"_s)
        reply = m_fx.get(u"/v1/folders"_s, token);
    else if (action == u"create"_s)
        reply = m_fx.post(u"/v1/templates"_s, templateBody(u"By "_s + who), token);
    else if (action == u"patch"_s)
        reply = m_fx.patch(path, {{u"name"_s, QString(u"Renamed by "_s + who)}}, token);
    else if (action == u"newfolder"_s)
        reply = m_fx.post(u"/v1/folders"_s, {{u"name"_s, QString(u"By "_s + who)}}, token);
    else if (action == u"publish"_s)
        reply = publish(id, token);
    else
        QFAIL("unknown action");

    if (!code.isEmpty()) {
        API_VERIFY_ERROR(reply, status, code);
        if (!requiredScope.isEmpty())
            QCOMPARE(reply.json().value(u"required_scope"_s).toString(), requiredScope);
        // Refused writes leave the template as it was.
        const QJsonObject after = m_fx.get(path, m_fx.owner().token).json();
        QCOMPARE(after.value(u"name"_s).toString(), u"Role check"_s);
        QVERIFY(after.value(u"version"_s).isNull());
        return;
    }
    API_COMPARE_STATUS(reply, status);
    if (action == u"publish"_s)
        QCOMPARE(reply.json().value(u"version"_s).toInt(), 1);
    if (action == u"patch"_s)
        QCOMPARE(reply.json().value(u"name"_s).toString(), u"Renamed by "_s + who);
}

void TestApiTemplates::selectedKeySeesOnlyItsTemplatesAndFolders()
{
    const QString a = folder(u"Selected A"_s);
    const QString b = folder(u"B under A"_s, a);
    const QString deep = folder(u"Under B"_s, b);
    const QString c = folder(u"Unselected C"_s);
    QHash<QString, QString> ids;
    const QList<QPair<QString, QString>> placed{{u"inA"_s, a},       {u"inB"_s, b},
                                                {u"inDeep"_s, deep}, {u"inC"_s, c},
                                                {u"listed"_s, c},    {u"top"_s, QString()}};
    for (const auto &[name, folderId] : placed) {
        QJsonObject extra;
        if (!folderId.isEmpty())
            extra.insert(u"folder_id"_s, folderId);
        ids.insert(name, create(templateBody(name, extra)).value(u"id"_s).toString());
        API_COMPARE_STATUS(publish(ids.value(name)), 200);
    }
    const QString draftInA =
        create(templateBody(u"draft"_s, {{u"folder_id"_s, a}})).value(u"id"_s).toString();

    const QString key =
        m_fx.createApiKey({u"templates:read"_s, u"templates:write"_s, u"templates:publish"_s},
                          {{u"resource_mode"_s, u"SELECTED"_s},
                           {u"folder_ids"_s, QJsonArray{a}},
                           {u"template_ids"_s, QJsonArray{ids.value(u"listed"_s)}}});
    QVERIFY(!key.isEmpty());

    for (const QString &name : {u"inA"_s, u"inB"_s, u"inDeep"_s, u"listed"_s})
        API_COMPARE_STATUS(m_fx.get(u"/v1/templates/"_s + ids.value(name), key), 200);
    API_COMPARE_STATUS(m_fx.get(u"/v1/templates/"_s + draftInA, key), 200); // drafts too
    for (const QString &name : {u"inC"_s, u"top"_s}) {
        const QString path = u"/v1/templates/"_s + ids.value(name);
        API_VERIFY_ERROR(m_fx.get(path, key), 404, u"NOT_FOUND"_s);
        API_VERIFY_ERROR(m_fx.patch(path, {{u"name"_s, u"Hijacked"_s}}, key), 404, u"NOT_FOUND"_s);
        API_VERIFY_ERROR(publish(ids.value(name), key), 404, u"NOT_FOUND"_s);
        // Exactly what an id that never existed answers.
        const ApiReply missing = m_fx.get(u"/v1/templates/tmpl_doesnotexist"_s, key);
        QCOMPARE(m_fx.get(path, key).json().value(u"message"_s),
                 missing.json().value(u"message"_s));
    }
    QCOMPARE(m_fx.get(u"/v1/templates/"_s + ids.value(u"top"_s), m_fx.owner().token)
                 .json()
                 .value(u"name"_s)
                 .toString(),
             u"top"_s);

    QString problem;
    const QStringList listed = idsOf(walk(u"/v1/templates"_s, 2, key, &problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(sorted(listed), sorted({ids.value(u"inA"_s), ids.value(u"inB"_s),
                                     ids.value(u"inDeep"_s), ids.value(u"listed"_s)}));

    const QStringList folders = idsOf(walk(u"/v1/folders"_s, 1, key, &problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(sorted(folders), sorted({a, b, deep}));
}

void TestApiTemplates::selectedKeyWritesOnlyWhereItReaches()
{
    const QString a = folder(u"Key home"_s);
    const QString c = folder(u"Elsewhere"_s);
    const QString key =
        m_fx.createApiKey({u"templates:read"_s, u"templates:write"_s, u"templates:publish"_s},
                          {{u"resource_mode"_s, u"SELECTED"_s}, {u"folder_ids"_s, QJsonArray{a}}});
    QVERIFY(!key.isEmpty());

    API_VERIFY_ERROR(m_fx.post(u"/v1/templates"_s, templateBody(u"At top"_s), key), 403,
                     u"FORBIDDEN"_s);
    ApiReply reply =
        m_fx.post(u"/v1/templates"_s, templateBody(u"In C"_s, {{u"folder_id"_s, c}}), key);
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), u"folder_id"_s);
    API_VERIFY_ERROR(m_fx.post(u"/v1/folders"_s, {{u"name"_s, u"Top"_s}}, key), 403,
                     u"FORBIDDEN"_s);
    reply = m_fx.post(u"/v1/folders"_s, {{u"name"_s, u"Sub"_s}, {u"parent_id"_s, c}}, key);
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), u"parent_id"_s);

    reply = m_fx.post(u"/v1/folders"_s, {{u"name"_s, u"Sub"_s}, {u"parent_id"_s, a}}, key);
    API_COMPARE_STATUS(reply, 201);
    const QString sub = reply.json().value(u"id"_s).toString();
    reply = m_fx.post(u"/v1/templates"_s, templateBody(u"Mine"_s, {{u"folder_id"_s, sub}}), key);
    API_COMPARE_STATUS(reply, 201);
    const QString mine = reply.json().value(u"id"_s).toString();
    API_COMPARE_STATUS(publish(mine, key), 200);
    API_COMPARE_STATUS(m_fx.get(u"/v1/templates/"_s + mine, key), 200);

    reply = m_fx.patch(u"/v1/templates/"_s + mine, {{u"folder_id"_s, c}}, key);
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), u"folder_id"_s);
    API_VERIFY_ERROR(m_fx.patch(u"/v1/templates/"_s + mine, {{u"folder_id"_s, QJsonValue()}}, key),
                     403, u"FORBIDDEN"_s);
    QCOMPARE(m_fx.get(u"/v1/templates/"_s + mine, key).json().value(u"folder_id"_s).toString(),
             sub);
}

void TestApiTemplates::paginationWalk()
{
    QStringList published;
    for (int i = 0; i < 25; ++i) {
        const QString id = create(templateBody(u"Paged %1"_s.arg(i))).value(u"id"_s).toString();
        if (i % 4 != 3) { // every fourth stays a draft and must not show up
            API_COMPARE_STATUS(publish(id), 200);
            published << id;
        }
    }
    QString problem;
    const QJsonArray reference = walk(u"/v1/templates"_s, 100, m_fx.owner().token, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QStringList all = idsOf(reference);
    for (const QString &id : published)
        QVERIFY2(all.contains(id), qPrintable(id));
    for (const QJsonValue &item : reference) {
        QCOMPARE(item.toObject().value(u"status"_s).toString(), u"PUBLISHED"_s);
        QVERIFY(item.toObject().value(u"version"_s).toInt() >= 1);
    }
    // Newest first.
    for (qsizetype i = 1; i < reference.size(); ++i)
        QVERIFY(reference.at(i - 1).toObject().value(u"created_at"_s).toString() >=
                reference.at(i).toObject().value(u"created_at"_s).toString());

    for (int limit : {1, 3, 7, 20}) {
        const QStringList walked =
            idsOf(walk(u"/v1/templates"_s, limit, m_fx.owner().token, &problem));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(walked, all); // same order, no duplicates, no gaps
    }
    QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());

    API_VERIFY_ERROR(m_fx.get(u"/v1/templates?limit=0"_s, m_fx.owner().token), 400,
                     u"INVALID_REQUEST"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/templates?limit=101"_s, m_fx.owner().token), 400,
                     u"INVALID_REQUEST"_s);
    const ApiReply badCursor = m_fx.get(u"/v1/templates?cursor=cur_forged"_s, m_fx.owner().token);
    API_VERIFY_ERROR(badCursor, 400, u"INVALID_REQUEST"_s);
    QCOMPARE(badCursor.field(), u"cursor"_s);
    const ApiReply unknownParameter = m_fx.get(u"/v1/templates?status=DRAFT"_s, m_fx.owner().token);
    API_VERIFY_ERROR(unknownParameter, 400, u"INVALID_REQUEST"_s);
    QCOMPARE(unknownParameter.field(), u"status"_s);
}

void TestApiTemplates::selectedKeyPagination()
{
    const QString reached = folder(u"Paged reached"_s);
    const QString other = folder(u"Paged other"_s);
    for (int i = 0; i < 24; ++i) {
        // Long unreached stretches, so a filtered page has to read past them.
        const QString folderId = i % 5 == 0 ? reached : other;
        const QString id =
            create(templateBody(u"Filtered %1"_s.arg(i), {{u"folder_id"_s, folderId}}))
                .value(u"id"_s)
                .toString();
        API_COMPARE_STATUS(publish(id), 200);
    }
    QString problem;
    QStringList expected;
    for (const QJsonValue &item : walk(u"/v1/templates"_s, 100, m_fx.owner().token, &problem)) {
        if (item.toObject().value(u"folder_id"_s).toString() == reached)
            expected << item.toObject().value(u"id"_s).toString();
    }
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(expected.size(), 5);

    const QString key =
        m_fx.createApiKey({u"templates:read"_s}, {{u"resource_mode"_s, u"SELECTED"_s},
                                                  {u"folder_ids"_s, QJsonArray{reached}}});
    for (int limit : {1, 2, 4, 5, 6}) {
        const QStringList walked = idsOf(walk(u"/v1/templates"_s, limit, key, &problem));
        QVERIFY2(problem.isEmpty(), qPrintable(problem)); // includes: pages before the last full
        QCOMPARE(walked, expected);
    }
}

void TestApiTemplates::unknownTemplates()
{
    const QString token = m_fx.owner().token;
    API_VERIFY_ERROR(m_fx.get(u"/v1/templates/tmpl_nope"_s, token), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.patch(u"/v1/templates/tmpl_nope"_s, {{u"name"_s, u"x"_s}}, token), 404,
                     u"NOT_FOUND"_s);
    API_VERIFY_ERROR(publish(u"tmpl_nope"_s), 404, u"NOT_FOUND"_s);
    const ApiReply wrongMethod = m_fx.del(u"/v1/templates/tmpl_nope"_s, token);
    API_VERIFY_ERROR(wrongMethod, 405, u"METHOD_NOT_ALLOWED"_s);
    QVERIFY(wrongMethod.header("Allow").contains("PATCH"));
    API_VERIFY_ERROR(m_fx.get(u"/v1/templates/x/publish"_s, token), 405, u"METHOD_NOT_ALLOWED"_s);
    // Another organization's template does not exist for this one.
    const QString id = create(templateBody(u"Ours"_s)).value(u"id"_s).toString();
    cadenio::SqlQuery(m_fx.database().connection(),
                      u"INSERT INTO orgs (id, name, plan, created_at) "
                      u"VALUES ('org_elsewhere', 'Elsewhere', 'ENTERPRISE', 0)"_s)
        .exec();
    cadenio::SqlQuery(m_fx.database().connection(),
                      u"UPDATE templates SET org_id = 'org_elsewhere' WHERE id = :id"_s)
        .bind(u":id"_s, id)
        .exec();
    API_VERIFY_ERROR(m_fx.get(u"/v1/templates/"_s + id, token), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(publish(id), 404, u"NOT_FOUND"_s);
}

QTEST_GUILESS_MAIN(TestApiTemplates)
#include "tst_api_templates.moc"
