// Runs end to end over HTTP: launching (errors, idempotency, pinned versions), reading and
// listing (filters, keyset pages under concurrent inserts, resource limits of API keys),
// task updates with conditions and automatic completion, cancellation, deadlines seen by
// the background check, and an audit trail a client can verify from the API alone.
// Templates are seeded straight into the fixture's store, not through their endpoints.

#include "ApiFixture.h"

#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "services/AuditLog.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/OutboxRepository.h"
#include "store/SqlQuery.h"
#include "store/TemplateRepository.h"
#include "store/Transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiHeaders;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;

namespace {

const QStringList kRunKeys{u"assignee_id"_s, u"completed_at"_s, u"created_at"_s,
                           u"due_date"_s,    u"id"_s,           u"name"_s,
                           u"status"_s,      u"template_id"_s,  u"template_version"_s};
const QStringList kTaskKeys{u"assignee_id"_s, u"completed_at"_s, u"completed_by"_s, u"due_date"_s,
                            u"field"_s,       u"id"_s,           u"name"_s,         u"required"_s,
                            u"run_id"_s,      u"status"_s,       u"value"_s,        u"visible"_s};

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

cadenio::TaskDefinition definition(const QString &name, cadenio::FieldSpec::Type type,
                                   bool required = true)
{
    cadenio::TaskDefinition d;
    d.id = cadenio::ids::generate(u"tdef_");
    d.name = name;
    d.required = required;
    d.field.type = type;
    if (type == cadenio::FieldSpec::Type::Select)
        d.field.options = {u"yes"_s, u"no"_s};
    return d;
}

qint64 runCount(const cadenio::Database &database, const QString &where = {})
{
    cadenio::SqlQuery q(database.connection(), u"SELECT COUNT(*) FROM runs"_s + where);
    q.exec();
    return q.next() ? q.integer(0) : -1;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestApiRuns : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void launchAndRead();
    void launchErrors_data();
    void launchErrors();
    void runsPinTheirVersion();
    void roles_data();
    void roles();
    void scopes_data();
    void scopes();
    void selectedKeys();
    void taskErrors_data();
    void taskErrors();
    void lastRequiredTaskCompletesTheRunOnce();
    void conditionalTasks();
    void updateAndCancel();
    void listFiltersAndErrors_data();
    void listFiltersAndErrors();
    void pagesAreStableUnderConcurrentInserts();
    void idempotencyReplaysAndConflicts();
    void concurrentDuplicatesCreateOneRun();
    void overdueWithinFiveSeconds();
    void auditTrailVerifiesFromTheApi();

private:
    // Inserts a template (and, unless `tasks` is empty, its version 1) into the store.
    QString seedTemplate(const QList<cadenio::TaskDefinition> &tasks, const QString &folderId = {},
                         const QString &name = u"Vendor Onboarding"_s);
    void seedVersion(const QString &templateId, int version,
                     const QList<cadenio::TaskDefinition> &tasks);
    QString seedFolder(const QString &parentId = {});
    // Launches a run of the main template as the owner; its id ("" on failure).
    QJsonObject launch(const QJsonObject &extra = {}, const QString &token = {});
    QJsonObject fetch(const QString &runId);
    ApiReply patchTask(const QString &runId, int position, const QJsonObject &body,
                       const QString &token = {});
    // Outbox events of `event` whose data names `runId`.
    int eventCount(const QString &event, const QString &runId);
    QString path(const QString &template_, const QString &runId = {}, const QString &taskId = {})
    {
        return QString(template_).replace(u"{run}"_s, runId).replace(u"{task}"_s, taskId);
    }

    ApiFixture m_fx;
    QHash<QString, Account> m_accounts; // by role name
    QList<cadenio::TaskDefinition> m_tasks;
    QString m_template; // legal (text), amount (number), notes (optional), nda? (select),
                        // sign nda (required, shown when nda? == "yes")
    QString m_draft;    // never published
    QString m_folder;
    QString m_inFolder; // a template in a subfolder of m_folder
    QString m_other;
};

void TestApiRuns::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts.insert(u"OWNER"_s, m_fx.owner());
    for (Role role : {Role::Admin, Role::Member, Role::Auditor}) {
        const Account account = m_fx.createAccount(role);
        QVERIFY2(account.isValid(), qPrintable(m_fx.lastError()));
        m_accounts.insert(cadenio::roleName(role), account);
    }
    using Type = cadenio::FieldSpec::Type;
    m_tasks = {definition(u"Legal review"_s, Type::Text), definition(u"Amount"_s, Type::Number),
               definition(u"Notes"_s, Type::LongText, false),
               definition(u"Needs NDA?"_s, Type::Select, false),
               definition(u"Sign NDA"_s, Type::Text)};
    m_tasks[0].dueOffsetHours = 24;
    m_tasks[4].condition = cadenio::TaskCondition{m_tasks[3].id, u"yes"_s};
    m_template = seedTemplate(m_tasks);
    m_draft = seedTemplate({});
    m_folder = seedFolder();
    m_inFolder = seedTemplate({definition(u"Only"_s, Type::Text)}, seedFolder(m_folder));
    m_other = seedTemplate({definition(u"Only"_s, Type::Text)});
}

void TestApiRuns::cleanupTestCase()
{
    m_fx.stop();
}

QString TestApiRuns::seedFolder(const QString &parentId)
{
    const cadenio::Folder folder{cadenio::ids::generate(u"fld_"), m_fx.orgId(), u"Finance"_s,
                                 parentId, cadenio::timestamps::now()};
    cadenio::Transaction tx(m_fx.database());
    cadenio::TemplateRepository(tx.db()).insertFolder(folder);
    tx.commit();
    return folder.id;
}

QString TestApiRuns::seedTemplate(const QList<cadenio::TaskDefinition> &tasks,
                                  const QString &folderId, const QString &name)
{
    cadenio::Template tmpl;
    tmpl.id = cadenio::ids::generate(u"tmpl_");
    tmpl.orgId = m_fx.orgId();
    tmpl.folderId = folderId;
    tmpl.name = name;
    tmpl.tasks = tasks;
    tmpl.createdAt = tmpl.updatedAt = cadenio::timestamps::now();
    {
        cadenio::Transaction tx(m_fx.database());
        cadenio::TemplateRepository(tx.db()).insertTemplate(tmpl);
        tx.commit();
    }
    if (!tasks.isEmpty())
        seedVersion(tmpl.id, 1, tasks);
    return tmpl.id;
}

void TestApiRuns::seedVersion(const QString &templateId, int version,
                              const QList<cadenio::TaskDefinition> &tasks)
{
    cadenio::Transaction tx(m_fx.database());
    cadenio::TemplateRepository templates(tx.db());
    cadenio::Template tmpl = *templates.findTemplate(m_fx.orgId(), templateId);
    const cadenio::TemplateVersion v{templateId,       version, tmpl.name,
                                     tmpl.description, tasks,   cadenio::timestamps::now(),
                                     m_fx.owner().id};
    templates.insertVersion(v);
    tmpl.tasks = tasks;
    tmpl.publishedVersion = version;
    tmpl.hasUnpublishedChanges = false;
    tmpl.publishedAt = v.publishedAt;
    templates.updateTemplate(tmpl);
    tx.commit();
}

QJsonObject TestApiRuns::launch(const QJsonObject &extra, const QString &token)
{
    QJsonObject body{{u"template_id"_s, m_template}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    const ApiReply reply =
        m_fx.post(u"/v1/runs"_s, body, token.isEmpty() ? m_fx.owner().token : token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json();
}

QJsonObject TestApiRuns::fetch(const QString &runId)
{
    return m_fx.get(u"/v1/runs/"_s + runId, m_fx.owner().token).json();
}

ApiReply TestApiRuns::patchTask(const QString &runId, int position, const QJsonObject &body,
                                const QString &token)
{
    const QString taskId =
        fetch(runId).value(u"tasks"_s).toArray().at(position).toObject().value(u"id"_s).toString();
    return m_fx.patch(u"/v1/runs/%1/tasks/%2"_s.arg(runId, taskId), body,
                      token.isEmpty() ? m_fx.owner().token : token);
}

int TestApiRuns::eventCount(const QString &event, const QString &runId)
{
    int count = 0;
    for (const QByteArray &payload :
         cadenio::OutboxRepository(m_fx.database().connection()).payloads(m_fx.orgId())) {
        const QJsonObject object = QJsonDocument::fromJson(payload).object();
        if (object.value(u"event"_s).toString() == event &&
            object.value(u"data"_s).toObject().value(u"run_id"_s).toString() == runId)
            ++count;
    }
    return count;
}

void TestApiRuns::launchAndRead()
{
    const QString assignee = m_accounts.value(u"MEMBER"_s).id;
    const ApiReply reply = m_fx.post(u"/v1/runs"_s,
                                     {{u"template_id"_s, m_template},
                                      {u"name"_s, u"Vendor Onboarding — ACME Corp"_s},
                                      {u"assignee_id"_s, assignee},
                                      {u"due_date"_s, u"2031-05-01T02:00:00+02:00"_s},
                                      {u"form_data"_s, QJsonObject{{m_tasks[1].id, 1250}}}},
                                     m_fx.owner().token);
    API_COMPARE_STATUS(reply, 201);
    const QJsonObject run = reply.json();
    QCOMPARE(sortedKeys(run), kRunKeys);
    QVERIFY(run.value(u"id"_s).toString().startsWith(u"run_"_s));
    QCOMPARE(run.value(u"name"_s).toString(), u"Vendor Onboarding — ACME Corp"_s);
    QCOMPARE(run.value(u"status"_s).toString(), u"IN_PROGRESS"_s);
    QCOMPARE(run.value(u"template_id"_s).toString(), m_template);
    QCOMPARE(run.value(u"template_version"_s).toInt(), 1);
    QCOMPARE(run.value(u"assignee_id"_s).toString(), assignee);
    QCOMPARE(run.value(u"due_date"_s).toString(), u"2031-05-01T00:00:00Z"_s);
    QVERIFY(cadenio::test::isUtcTimestamp(run.value(u"created_at"_s).toString()));
    QVERIFY(run.value(u"completed_at"_s).isNull());

    const ApiReply got = m_fx.get(u"/v1/runs/"_s + run.value(u"id"_s).toString(),
                                  m_accounts.value(u"AUDITOR"_s).token);
    API_COMPARE_STATUS(got, 200);
    QJsonObject full = got.json();
    const QJsonArray tasks = full.take(u"tasks"_s).toArray();
    QCOMPARE(full, run);
    QCOMPARE(tasks.size(), m_tasks.size());
    for (int i = 0; i < tasks.size(); ++i) {
        const QJsonObject task = tasks.at(i).toObject();
        QCOMPARE(sortedKeys(task), kTaskKeys);
        QVERIFY(task.value(u"id"_s).toString().startsWith(u"task_"_s));
        QCOMPARE(task.value(u"run_id"_s), run.value(u"id"_s));
        QCOMPARE(task.value(u"name"_s).toString(), m_tasks.at(i).name);
        QCOMPARE(task.value(u"required"_s).toBool(), m_tasks.at(i).required);
        QCOMPARE(task.value(u"status"_s).toString(), u"PENDING"_s);
        QCOMPARE(task.value(u"field"_s).toObject(), m_tasks.at(i).field.toJson());
        QCOMPARE(task.value(u"visible"_s).toBool(), i != 4);
    }
    QCOMPARE(tasks.at(1).toObject().value(u"value"_s).toDouble(), 1250.0);
    QVERIFY(tasks.at(0).toObject().value(u"value"_s).isNull());
    const QDateTime created = *cadenio::timestamps::parse(run.value(u"created_at"_s).toString());
    const QDateTime due =
        *cadenio::timestamps::parse(tasks.at(0).toObject().value(u"due_date"_s).toString());
    QCOMPARE(created.secsTo(due), 24 * 3600);
    QVERIFY(tasks.at(1).toObject().value(u"due_date"_s).isNull());
    QCOMPARE(eventCount(u"run.created"_s, run.value(u"id"_s).toString()), 1);

    const QJsonObject defaulted = launch();
    QCOMPARE(defaulted.value(u"name"_s).toString(), u"Vendor Onboarding"_s);
    QVERIFY(defaulted.value(u"assignee_id"_s).isNull());
    QVERIFY(defaulted.value(u"due_date"_s).isNull());

    API_VERIFY_ERROR(m_fx.get(u"/v1/runs/run_doesnotexist"_s, m_fx.owner().token), 404,
                     u"NOT_FOUND"_s);
}

void TestApiRuns::launchErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *json, int status, const char *code,
                        const char *field) {
        QTest::addRow("%s", tag) << QByteArray(json) << status << QString::fromLatin1(code)
                                 << QString::fromLatin1(field);
    };
    row("missing template_id", R"({"name":"x"})", 400, "INVALID_REQUEST", "template_id");
    row("template_id not a string", R"({"template_id":5})", 400, "INVALID_REQUEST", "template_id");
    row("unknown field", R"({"template_id":"{tmpl}","priority":1})", 400, "INVALID_REQUEST",
        "priority");
    row("name not a string", R"({"template_id":"{tmpl}","name":7})", 400, "INVALID_REQUEST",
        "name");
    row("due_date not RFC 3339", R"({"template_id":"{tmpl}","due_date":"tomorrow"})", 400,
        "INVALID_REQUEST", "due_date");
    row("due_date without offset", R"({"template_id":"{tmpl}","due_date":"2031-05-01T00:00:00"})",
        400, "INVALID_REQUEST", "due_date");
    row("form_data not an object", R"({"template_id":"{tmpl}","form_data":[1]})", 400,
        "INVALID_REQUEST", "form_data");
    row("malformed JSON", R"({"template_id":)", 400, "INVALID_REQUEST", "");
    row("unknown template", R"({"template_id":"tmpl_unknown0000000000000"})", 404, "NOT_FOUND", "");
    row("never published", R"({"template_id":"{draft}"})", 409, "CONFLICT", "template_id");
    row("unknown assignee", R"({"template_id":"{tmpl}","assignee_id":"usr_nobody"})", 422,
        "UNPROCESSABLE", "assignee_id");
    row("unknown form_data key", R"({"template_id":"{tmpl}","form_data":{"tdef_nope":1}})", 422,
        "UNPROCESSABLE", "form_data.tdef_nope");
    row("form_data of the wrong type",
        R"({"template_id":"{tmpl}","form_data":{"{amount}":"twelve"}})", 422, "UNPROCESSABLE",
        "form_data.{amount}");
    row("option not offered", R"({"template_id":"{tmpl}","form_data":{"{nda}":"maybe"}})", 422,
        "UNPROCESSABLE", "form_data.{nda}");
    row("blank name", R"({"template_id":"{tmpl}","name":"  "})", 422, "UNPROCESSABLE", "name");
}

void TestApiRuns::launchErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const auto fill = [&](QString text) {
        return text.replace(u"{tmpl}"_s, m_template)
            .replace(u"{draft}"_s, m_draft)
            .replace(u"{amount}"_s, m_tasks[1].id)
            .replace(u"{nda}"_s, m_tasks[3].id);
    };
    const qint64 before = runCount(m_fx.database());
    const ApiReply reply =
        m_fx.request("POST", u"/v1/runs"_s, fill(QString::fromUtf8(body)).toUtf8(),
                     ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, code);
    QCOMPARE(reply.field(), fill(field));
    QCOMPARE(runCount(m_fx.database()), before);
}

void TestApiRuns::runsPinTheirVersion()
{
    using Type = cadenio::FieldSpec::Type;
    const QString templateId = seedTemplate({definition(u"One"_s, Type::Text)});
    const ApiReply first =
        m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, templateId}}, m_fx.owner().token);
    API_COMPARE_STATUS(first, 201);
    seedVersion(templateId, 2,
                {definition(u"Uno"_s, Type::Text), definition(u"Dos"_s, Type::Text)});
    const ApiReply second =
        m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, templateId}}, m_fx.owner().token);
    API_COMPARE_STATUS(second, 201);
    QCOMPARE(second.json().value(u"template_version"_s).toInt(), 2);

    const QJsonObject old = fetch(first.json().value(u"id"_s).toString());
    QCOMPARE(old.value(u"template_version"_s).toInt(), 1);
    QCOMPARE(old.value(u"tasks"_s).toArray().size(), 1);
    QCOMPARE(old.value(u"tasks"_s).toArray().at(0).toObject().value(u"name"_s).toString(),
             u"One"_s);
    QCOMPARE(fetch(second.json().value(u"id"_s).toString()).value(u"tasks"_s).toArray().size(), 2);
}

void TestApiRuns::roles_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("status");
    for (const char *action : {"launch", "patch run", "patch task", "list", "get", "audit"}) {
        const bool write =
            QByteArray(action).startsWith("launch") || QByteArray(action).startsWith("patch");
        const int ok = QByteArray(action) == "launch" ? 201 : 200;
        for (const char *who : {"OWNER", "ADMIN", "MEMBER", "AUDITOR"}) {
            const bool auditor = QByteArray(who) == "AUDITOR";
            QTest::addRow("%s %s", who, action)
                << QString::fromLatin1(who) << QString::fromLatin1(action)
                << (write && auditor ? 403 : ok);
        }
    }
}

void TestApiRuns::roles()
{
    QFETCH(QString, who);
    QFETCH(QString, action);
    QFETCH(int, status);
    const QString token = m_accounts.value(who).token;
    const QString runId = launch().value(u"id"_s).toString();
    ApiReply reply;
    if (action == u"launch"_s)
        reply = m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, m_template}}, token);
    else if (action == u"patch run"_s)
        reply = m_fx.patch(u"/v1/runs/"_s + runId, {{u"name"_s, u"Renamed"_s}}, token);
    else if (action == u"patch task"_s)
        reply = patchTask(runId, 0, {{u"value"_s, u"ok"_s}}, token);
    else if (action == u"list"_s)
        reply = m_fx.get(u"/v1/runs"_s, token);
    else if (action == u"get"_s)
        reply = m_fx.get(u"/v1/runs/"_s + runId, token);
    else
        reply = m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), token);
    if (status == 403) {
        API_VERIFY_ERROR(reply, 403, u"FORBIDDEN"_s);
        QCOMPARE(fetch(runId).value(u"name"_s).toString(), u"Vendor Onboarding"_s);
        QCOMPARE(m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), m_fx.owner().token)
                     .json()
                     .value(u"data"_s)
                     .toArray()
                     .size(),
                 1);
    } else {
        API_COMPARE_STATUS(reply, status);
    }
}

void TestApiRuns::scopes_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("required");
    const QStringList actions{u"list"_s,   u"get"_s,       u"audit"_s,
                              u"launch"_s, u"patch run"_s, u"patch task"_s};
    const QStringList needs{u"runs:read"_s,    u"runs:read"_s,  u"runs:read"_s,
                            u"runs:execute"_s, u"runs:write"_s, u"runs:write"_s};
    for (const QString &scope : {u"runs:read"_s, u"runs:execute"_s, u"runs:write"_s}) {
        for (qsizetype i = 0; i < actions.size(); ++i) {
            QTest::addRow("%s %s", qPrintable(scope), qPrintable(actions.at(i)))
                << scope << actions.at(i) << (needs.at(i) == scope ? QString() : needs.at(i));
        }
    }
}

void TestApiRuns::scopes()
{
    QFETCH(QString, scope);
    QFETCH(QString, action);
    QFETCH(QString, required);
    const QString key = m_fx.createApiKey({scope});
    QVERIFY(!key.isEmpty());
    const QJsonObject run = launch();
    const QString runId = run.value(u"id"_s).toString();
    const QString taskId =
        fetch(runId).value(u"tasks"_s).toArray().at(0).toObject().value(u"id"_s).toString();
    ApiReply reply;
    if (action == u"list"_s)
        reply = m_fx.get(u"/v1/runs"_s, key);
    else if (action == u"get"_s)
        reply = m_fx.get(u"/v1/runs/"_s + runId, key);
    else if (action == u"audit"_s)
        reply = m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), key);
    else if (action == u"launch"_s)
        reply = m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, m_template}}, key);
    else if (action == u"patch run"_s)
        reply = m_fx.patch(u"/v1/runs/"_s + runId, {{u"name"_s, u"By key"_s}}, key);
    else
        reply = m_fx.patch(u"/v1/runs/%1/tasks/%2"_s.arg(runId, taskId),
                           {{u"status"_s, u"COMPLETED"_s}}, key);
    if (!required.isEmpty()) {
        API_VERIFY_ERROR(reply, 403, u"MISSING_SCOPE"_s);
        QCOMPARE(reply.json().value(u"required_scope"_s).toString(), required);
        return;
    }
    API_COMPARE_STATUS(reply, action == u"launch"_s ? 201 : 200);
    if (action == u"patch task"_s) {
        // A key completes as itself: the audit trail and completed_by name the key.
        QVERIFY(reply.json().value(u"completed_by"_s).toString().startsWith(u"key_"_s));
        const QJsonArray trail = m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), m_fx.owner().token)
                                     .json()
                                     .value(u"data"_s)
                                     .toArray();
        QCOMPARE(trail.last().toObject().value(u"actor"_s).toObject().value(u"type"_s).toString(),
                 u"api_key"_s);
    }
}

void TestApiRuns::selectedKeys()
{
    const QString runOfTemplate = launch().value(u"id"_s).toString();
    const auto launchOf = [&](const QString &templateId) {
        return m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, templateId}}, m_fx.owner().token)
            .json()
            .value(u"id"_s)
            .toString();
    };
    const QString runInFolder = launchOf(m_inFolder);
    const QString runOfOther = launchOf(m_other);
    const QStringList all{u"runs:read"_s, u"runs:write"_s, u"runs:execute"_s};
    const QString byTemplate = m_fx.createApiKey(
        all, {{u"resource_mode"_s, u"SELECTED"_s}, {u"template_ids"_s, QJsonArray{m_template}}});
    const QString byFolder = m_fx.createApiKey(
        all, {{u"resource_mode"_s, u"SELECTED"_s}, {u"folder_ids"_s, QJsonArray{m_folder}}});
    QVERIFY(!byTemplate.isEmpty() && !byFolder.isEmpty());

    API_COMPARE_STATUS(m_fx.get(u"/v1/runs/"_s + runOfTemplate, byTemplate), 200);
    API_COMPARE_STATUS(m_fx.get(u"/v1/runs/"_s + runInFolder, byFolder), 200);
    for (const QString &hidden : {runOfOther, runInFolder}) {
        API_VERIFY_ERROR(m_fx.get(u"/v1/runs/"_s + hidden, byTemplate), 404, u"NOT_FOUND"_s);
        API_VERIFY_ERROR(m_fx.get(u"/v1/runs/%1/audit"_s.arg(hidden), byTemplate), 404,
                         u"NOT_FOUND"_s);
        API_VERIFY_ERROR(m_fx.patch(u"/v1/runs/"_s + hidden, {{u"name"_s, u"x"_s}}, byTemplate),
                         404, u"NOT_FOUND"_s);
    }
    API_VERIFY_ERROR(m_fx.get(u"/v1/runs/"_s + runOfTemplate, byFolder), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, m_other}}, byTemplate), 404,
                     u"NOT_FOUND"_s);
    API_COMPARE_STATUS(m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, m_inFolder}}, byFolder), 201);

    // Lists hold only reachable runs and their pages stay full.
    for (const auto &[key, templateId] :
         {std::pair{byTemplate, m_template}, std::pair{byFolder, m_inFolder}}) {
        QString cursor;
        int pages = 0;
        int seen = 0;
        do {
            const ApiReply page = m_fx.get(
                u"/v1/runs?limit=2"_s + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor),
                key);
            API_COMPARE_STATUS(page, 200);
            const QJsonObject body = page.json();
            const QJsonArray data = body.value(u"data"_s).toArray();
            if (body.value(u"has_more"_s).toBool())
                QCOMPARE(data.size(), 2);
            for (const QJsonValue &run : data)
                QCOMPARE(run.toObject().value(u"template_id"_s).toString(), templateId);
            seen += int(data.size());
            cursor = body.value(u"next_cursor"_s).toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 200);
        QCOMPARE(qint64(seen),
                 runCount(m_fx.database(), u" WHERE template_id = '%1'"_s.arg(templateId)));
    }
}

void TestApiRuns::taskErrors_data()
{
    QTest::addColumn<int>("position");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, int position, const char *json, int status,
                        const char *code, const char *field) {
        QTest::addRow("%s", tag) << position << QByteArray(json) << status
                                 << QString::fromLatin1(code) << QString::fromLatin1(field);
    };
    row("number given a string", 1, R"({"value":"12"})", 422, "UNPROCESSABLE", "value");
    row("text given a number", 0, R"({"value":12})", 422, "UNPROCESSABLE", "value");
    row("option not offered", 3, R"({"value":"maybe"})", 422, "UNPROCESSABLE", "value");
    row("required task skipped", 0, R"({"status":"SKIPPED"})", 422, "UNPROCESSABLE", "status");
    row("hidden task completed", 4, R"({"status":"COMPLETED"})", 422, "UNPROCESSABLE", "status");
    row("back to pending", 0, R"({"status":"PENDING"})", 422, "UNPROCESSABLE", "status");
    row("unknown status", 0, R"({"status":"DONE"})", 422, "UNPROCESSABLE", "status");
    row("status not a string", 0, R"({"status":1})", 400, "INVALID_REQUEST", "status");
    row("unknown field", 0, R"({"comment":"x"})", 400, "INVALID_REQUEST", "comment");
    row("due_date not RFC 3339", 0, R"({"due_date":"soon"})", 400, "INVALID_REQUEST", "due_date");
    row("unknown assignee", 0, R"({"assignee_id":"usr_nobody"})", 422, "UNPROCESSABLE",
        "assignee_id");
    row("unknown task", -1, R"({"status":"COMPLETED"})", 404, "NOT_FOUND", "");
    row("no body", 0, "", 400, "INVALID_REQUEST", "");
}

void TestApiRuns::taskErrors()
{
    QFETCH(int, position);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const QString runId = launch().value(u"id"_s).toString();
    const QJsonArray tasks = fetch(runId).value(u"tasks"_s).toArray();
    const QString taskId = position < 0 ? u"task_unknown000000000000"_s
                                        : tasks.at(position).toObject().value(u"id"_s).toString();
    const ApiReply reply = m_fx.request("PATCH", u"/v1/runs/%1/tasks/%2"_s.arg(runId, taskId), body,
                                        ApiFixture::jsonBearer(m_fx.owner().token));
    API_VERIFY_ERROR(reply, status, code);
    QCOMPARE(reply.field(), field);
    QCOMPARE(fetch(runId).value(u"tasks"_s).toArray(), tasks);
    QCOMPARE(m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), m_fx.owner().token)
                 .json()
                 .value(u"data"_s)
                 .toArray()
                 .size(),
             1);
}

void TestApiRuns::lastRequiredTaskCompletesTheRunOnce()
{
    const QString runId = launch().value(u"id"_s).toString();
    const ApiReply first = patchTask(
        runId, 0,
        {{u"status"_s, u"COMPLETED"_s}, {u"value"_s, u"Approved by legal review on 2026-04-10"_s}});
    API_COMPARE_STATUS(first, 200);
    const QJsonObject task = first.json();
    QCOMPARE(sortedKeys(task), kTaskKeys);
    QCOMPARE(task.value(u"run_id"_s).toString(), runId);
    QCOMPARE(task.value(u"status"_s).toString(), u"COMPLETED"_s);
    QCOMPARE(task.value(u"value"_s).toString(), u"Approved by legal review on 2026-04-10"_s);
    QVERIFY(cadenio::test::isUtcTimestamp(task.value(u"completed_at"_s).toString()));
    QCOMPARE(task.value(u"completed_by"_s).toString(), m_fx.owner().id);
    QCOMPARE(fetch(runId).value(u"status"_s).toString(), u"IN_PROGRESS"_s);

    API_COMPARE_STATUS(patchTask(runId, 2, {{u"status"_s, u"SKIPPED"_s}}), 200);
    QCOMPARE(fetch(runId).value(u"status"_s).toString(), u"IN_PROGRESS"_s);
    QCOMPARE(eventCount(u"run.completed"_s, runId), 0);

    // Amount is the last required visible task (Sign NDA is hidden).
    const ApiReply last = patchTask(runId, 1, {{u"status"_s, u"COMPLETED"_s}, {u"value"_s, 12}},
                                    m_accounts.value(u"MEMBER"_s).token);
    API_COMPARE_STATUS(last, 200);
    QCOMPARE(last.json().value(u"completed_by"_s).toString(), m_accounts.value(u"MEMBER"_s).id);
    const QJsonObject run = fetch(runId);
    QCOMPARE(run.value(u"status"_s).toString(), u"COMPLETED"_s);
    QVERIFY(cadenio::test::isUtcTimestamp(run.value(u"completed_at"_s).toString()));
    QCOMPARE(eventCount(u"run.completed"_s, runId), 1);
    QCOMPARE(eventCount(u"task.completed"_s, runId), 2);

    // Closed: every change is a conflict and nothing more is emitted.
    API_VERIFY_ERROR(patchTask(runId, 3, {{u"value"_s, u"yes"_s}}), 409, u"CONFLICT"_s);
    API_VERIFY_ERROR(patchTask(runId, 1, {{u"status"_s, u"COMPLETED"_s}}), 409, u"CONFLICT"_s);
    API_VERIFY_ERROR(m_fx.patch(u"/v1/runs/"_s + runId, {{u"name"_s, u"x"_s}}, m_fx.owner().token),
                     409, u"CONFLICT"_s);
    API_VERIFY_ERROR(
        m_fx.patch(u"/v1/runs/"_s + runId, {{u"status"_s, u"CANCELLED"_s}}, m_fx.owner().token),
        409, u"CONFLICT"_s);
    QCOMPARE(eventCount(u"run.completed"_s, runId), 1);
    const ApiReply completedList =
        m_fx.get(u"/v1/runs?status=COMPLETED&limit=100"_s, m_fx.owner().token);
    QVERIFY(completedList.body.contains(runId.toUtf8()));
}

void TestApiRuns::conditionalTasks()
{
    const QString runId =
        launch({{u"form_data"_s, QJsonObject{{m_tasks[1].id, 5}}}}).value(u"id"_s).toString();
    API_COMPARE_STATUS(patchTask(runId, 0, {{u"status"_s, u"COMPLETED"_s}}), 200);
    // Answering "yes" shows Sign NDA, which is required: completing Amount no longer ends it.
    API_COMPARE_STATUS(patchTask(runId, 3, {{u"value"_s, u"yes"_s}}), 200);
    QVERIFY(fetch(runId).value(u"tasks"_s).toArray().at(4).toObject().value(u"visible"_s).toBool());
    API_COMPARE_STATUS(patchTask(runId, 1, {{u"status"_s, u"COMPLETED"_s}}), 200);
    QCOMPARE(fetch(runId).value(u"status"_s).toString(), u"IN_PROGRESS"_s);
    QCOMPARE(eventCount(u"task.updated"_s, runId), 2); // the answer, and Sign NDA shown
    API_COMPARE_STATUS(patchTask(runId, 4, {{u"status"_s, u"COMPLETED"_s}}), 200);
    QCOMPARE(fetch(runId).value(u"status"_s).toString(), u"COMPLETED"_s);
    QCOMPARE(eventCount(u"run.completed"_s, runId), 1);

    // Answering "no" instead hides it again, and the run completes without it.
    const QString other = launch().value(u"id"_s).toString();
    API_COMPARE_STATUS(patchTask(other, 3, {{u"value"_s, u"yes"_s}}), 200);
    API_COMPARE_STATUS(patchTask(other, 3, {{u"value"_s, u"no"_s}}), 200);
    QVERIFY(
        !fetch(other).value(u"tasks"_s).toArray().at(4).toObject().value(u"visible"_s).toBool());
    API_VERIFY_ERROR(patchTask(other, 4, {{u"status"_s, u"COMPLETED"_s}}), 422, u"UNPROCESSABLE"_s);
    API_COMPARE_STATUS(patchTask(other, 0, {{u"status"_s, u"COMPLETED"_s}}), 200);
    API_COMPARE_STATUS(patchTask(other, 1, {{u"status"_s, u"COMPLETED"_s}}), 200);
    QCOMPARE(fetch(other).value(u"status"_s).toString(), u"COMPLETED"_s);
}

void TestApiRuns::updateAndCancel()
{
    const QString runId = launch().value(u"id"_s).toString();
    const QString member = m_accounts.value(u"MEMBER"_s).id;
    const ApiReply updated = m_fx.patch(u"/v1/runs/"_s + runId,
                                        {{u"name"_s, u"ACME onboarding"_s},
                                         {u"assignee_id"_s, member},
                                         {u"due_date"_s, u"2031-01-01T00:00:00Z"_s}},
                                        m_fx.owner().token);
    API_COMPARE_STATUS(updated, 200);
    QCOMPARE(updated.json().value(u"name"_s).toString(), u"ACME onboarding"_s);
    QCOMPARE(updated.json().value(u"assignee_id"_s).toString(), member);
    QCOMPARE(updated.json().value(u"due_date"_s).toString(), u"2031-01-01T00:00:00Z"_s);
    QVERIFY(updated.json().value(u"tasks"_s).isArray());
    QCOMPARE(eventCount(u"run.updated"_s, runId), 1);

    const ApiReply cleared = m_fx.patch(
        u"/v1/runs/"_s + runId, {{u"assignee_id"_s, QJsonValue()}, {u"due_date"_s, QJsonValue()}},
        m_fx.owner().token);
    API_COMPARE_STATUS(cleared, 200);
    QVERIFY(cleared.json().value(u"assignee_id"_s).isNull());
    QVERIFY(cleared.json().value(u"due_date"_s).isNull());

    const auto expectError = [&](const QJsonObject &body, int status, const QString &code,
                                 const QString &field) {
        const ApiReply reply = m_fx.patch(u"/v1/runs/"_s + runId, body, m_fx.owner().token);
        API_VERIFY_ERROR(reply, status, code);
        QCOMPARE(reply.field(), field);
    };
    expectError({{u"status"_s, u"COMPLETED"_s}}, 422, u"UNPROCESSABLE"_s, u"status"_s);
    expectError({{u"status"_s, u"OVERDUE"_s}}, 422, u"UNPROCESSABLE"_s, u"status"_s);
    expectError({{u"name"_s, QJsonValue()}}, 400, u"INVALID_REQUEST"_s, u"name"_s);
    expectError({{u"name"_s, u""_s}}, 422, u"UNPROCESSABLE"_s, u"name"_s);
    expectError({{u"assignee_id"_s, u"usr_nobody"_s}}, 422, u"UNPROCESSABLE"_s, u"assignee_id"_s);
    expectError({{u"due_date"_s, 5}}, 400, u"INVALID_REQUEST"_s, u"due_date"_s);
    expectError({{u"template_id"_s, m_other}}, 400, u"INVALID_REQUEST"_s, u"template_id"_s);
    API_VERIFY_ERROR(
        m_fx.patch(u"/v1/runs/run_unknown"_s, {{u"name"_s, u"x"_s}}, m_fx.owner().token), 404,
        u"NOT_FOUND"_s);

    const ApiReply cancelled =
        m_fx.patch(u"/v1/runs/"_s + runId, {{u"status"_s, u"CANCELLED"_s}}, m_fx.owner().token);
    API_COMPARE_STATUS(cancelled, 200);
    QCOMPARE(cancelled.json().value(u"status"_s).toString(), u"CANCELLED"_s);
    QVERIFY(cancelled.json().value(u"completed_at"_s).isNull());
    QCOMPARE(eventCount(u"run.cancelled"_s, runId), 1);
    expectError({{u"name"_s, u"Later"_s}}, 409, u"CONFLICT"_s, QString());
    API_VERIFY_ERROR(patchTask(runId, 0, {{u"value"_s, u"x"_s}}), 409, u"CONFLICT"_s);

    QStringList actions;
    for (const QJsonValue &entry : m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), m_fx.owner().token)
                                       .json()
                                       .value(u"data"_s)
                                       .toArray())
        actions << entry.toObject().value(u"action"_s).toString();
    QCOMPARE(actions, QStringList({u"run.created"_s, u"run.updated"_s, u"run.updated"_s,
                                   u"run.cancelled"_s}));
}

void TestApiRuns::listFiltersAndErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::addRow("unknown status") << u"status=DONE"_s << u"status"_s;
    QTest::addRow("lower-case status") << u"status=in_progress"_s << u"status"_s;
    QTest::addRow("empty status") << u"status="_s << u"status"_s;
    QTest::addRow("empty template_id") << u"template_id="_s << u"template_id"_s;
    QTest::addRow("limit 0") << u"limit=0"_s << u"limit"_s;
    QTest::addRow("limit 101") << u"limit=101"_s << u"limit"_s;
    QTest::addRow("foreign cursor") << u"cursor=abc"_s << u"cursor"_s;
    QTest::addRow("unknown parameter") << u"sort=name"_s << u"sort"_s;
    QTest::addRow("repeated status") << u"status=COMPLETED&status=OVERDUE"_s << u"status"_s;
}

void TestApiRuns::listFiltersAndErrors()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const ApiReply reply = m_fx.get(u"/v1/runs?"_s + query, m_fx.owner().token);
    API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
    QCOMPARE(reply.field(), field);

    if (QTest::currentDataTag() != QByteArrayLiteral("unknown status"))
        return;
    // The filters themselves, once.
    const QString member = m_accounts.value(u"MEMBER"_s).id;
    const QString templateId =
        seedTemplate({definition(u"Only"_s, cadenio::FieldSpec::Type::Text)});
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        QJsonObject body{{u"template_id"_s, templateId}};
        if (i != 1)
            body.insert(u"assignee_id"_s, member);
        ids << m_fx.post(u"/v1/runs"_s, body, m_fx.owner().token).json().value(u"id"_s).toString();
    }
    m_fx.patch(u"/v1/runs/"_s + ids.at(2), {{u"status"_s, u"CANCELLED"_s}}, m_fx.owner().token);
    const auto listed = [&](const QString &q) {
        QStringList result;
        for (const QJsonValue &run : m_fx.get(u"/v1/runs?limit=100&"_s + q, m_fx.owner().token)
                                         .json()
                                         .value(u"data"_s)
                                         .toArray())
            result << run.toObject().value(u"id"_s).toString();
        return result;
    };
    QCOMPARE(listed(u"template_id="_s + templateId),
             QStringList({ids.at(2), ids.at(1), ids.at(0)}));
    QCOMPARE(listed(u"template_id=%1&assignee_id=%2"_s.arg(templateId, member)),
             QStringList({ids.at(2), ids.at(0)}));
    QCOMPARE(listed(u"template_id=%1&status=IN_PROGRESS"_s.arg(templateId)),
             QStringList({ids.at(1), ids.at(0)}));
    QCOMPARE(listed(u"template_id=%1&status=CANCELLED&assignee_id=%2"_s.arg(templateId, member)),
             QStringList({ids.at(2)}));
    QVERIFY(listed(u"template_id=tmpl_none"_s).isEmpty());
    const QJsonObject first =
        m_fx.get(u"/v1/runs?limit=1&template_id="_s + templateId, m_fx.owner().token).json();
    QCOMPARE(sortedKeys(first.value(u"data"_s).toArray().at(0).toObject()), kRunKeys);
    QVERIFY(first.value(u"has_more"_s).toBool());
    QVERIFY(first.value(u"next_cursor"_s).toString().startsWith(u"cur_"_s));
}

void TestApiRuns::pagesAreStableUnderConcurrentInserts()
{
    const QString templateId =
        seedTemplate({definition(u"Only"_s, cadenio::FieldSpec::Type::Text)});
    QSet<QString> existing;
    for (int i = 0; i < 45; ++i) {
        existing << m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, templateId}}, m_fx.owner().token)
                        .json()
                        .value(u"id"_s)
                        .toString();
    }
    QVERIFY(!existing.contains(QString()));

    // Another thread, with its own connection, keeps launching while the walk pages.
    std::atomic<bool> stop{false};
    std::atomic<int> inserted{0};
    cadenio::Services &services = m_fx.services();
    cadenio::Database &database = m_fx.database();
    const cadenio::Actor owner = cadenio::Actor::user(m_fx.owner().id, m_fx.orgId(), Role::Owner);
    std::unique_ptr<QThread> writer(QThread::create([&] {
        cadenio::RunService::LaunchRequest request;
        request.templateId = templateId;
        while (!stop) {
            services.runs().launch(owner, request);
            ++inserted;
            QThread::msleep(5);
        }
        database.releaseThreadConnection();
    }));
    writer->start();
    QTRY_VERIFY(inserted > 0);

    QStringList walked;
    QString cursor;
    int pages = 0;
    do {
        const ApiReply page = m_fx.get(u"/v1/runs?limit=7&template_id="_s + templateId +
                                           (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor),
                                       m_fx.owner().token);
        API_COMPARE_STATUS(page, 200);
        for (const QJsonValue &run : page.json().value(u"data"_s).toArray())
            walked << run.toObject().value(u"id"_s).toString();
        cursor = page.json().value(u"next_cursor"_s).toString();
        QThread::msleep(20); // let the writer insert between pages
    } while (!cursor.isEmpty() && ++pages < 100);
    stop = true;
    writer->wait();

    QVERIFY2(inserted >= 5, qPrintable(QString::number(inserted)));
    const QSet<QString> unique(walked.begin(), walked.end());
    QCOMPARE(unique.size(), walked.size()); // no duplicates
    for (const QString &id : existing)
        QVERIFY2(unique.contains(id), qPrintable(u"gap: %1 missing"_s.arg(id)));
}

void TestApiRuns::idempotencyReplaysAndConflicts()
{
    const QString key = cadenio::ids::generate(u"idem_");
    const QJsonObject body{{u"template_id"_s, m_template}, {u"name"_s, u"Idempotent run"_s}};
    ApiHeaders headers = ApiFixture::jsonBearer(m_fx.owner().token);
    headers.append({"Idempotency-Key", key.toLatin1()});

    const ApiReply first = m_fx.request("POST", u"/v1/runs"_s, compact(body), headers);
    API_COMPARE_STATUS(first, 201);
    QVERIFY(!first.hasHeader("Idempotent-Replayed"));
    // The same request again, in other whitespace and key order: the first answer, to the byte.
    const ApiReply again = m_fx.request("POST", u"/v1/runs"_s,
                                        "{ \"name\": \"Idempotent run\",\n \"template_id\": \"" +
                                            m_template.toUtf8() + "\" }",
                                        headers);
    API_COMPARE_STATUS(again, 201);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(runCount(m_fx.database(), u" WHERE name = 'Idempotent run'"_s), 1);

    const ApiReply different =
        m_fx.request("POST", u"/v1/runs"_s,
                     compact({{u"template_id"_s, m_template}, {u"name"_s, u"Another"_s}}), headers);
    API_VERIFY_ERROR(different, 409, u"CONFLICT"_s);
    QCOMPARE(different.field(), u"Idempotency-Key"_s);
    ApiHeaders admin = ApiFixture::jsonBearer(m_accounts.value(u"ADMIN"_s).token);
    admin.append({"Idempotency-Key", key.toLatin1()});
    API_VERIFY_ERROR(m_fx.request("POST", u"/v1/runs"_s, compact(body), admin), 409, u"CONFLICT"_s);
    QCOMPARE(runCount(m_fx.database(), u" WHERE name IN ('Idempotent run', 'Another')"_s), 1);

    // Failures are not remembered: the corrected request goes through under the same key.
    ApiHeaders fresh = ApiFixture::jsonBearer(m_fx.owner().token);
    fresh.append({"Idempotency-Key", cadenio::ids::generate(u"idem_").toLatin1()});
    API_VERIFY_ERROR(
        m_fx.request("POST", u"/v1/runs"_s, compact({{u"template_id"_s, m_draft}}), fresh), 409,
        u"CONFLICT"_s);
    API_COMPARE_STATUS(m_fx.request("POST", u"/v1/runs"_s, compact(body), fresh), 201);

    for (const QByteArray &bad : {QByteArray(256, 'k'), QByteArray("caf\xc3\xa9")}) {
        ApiHeaders invalid = ApiFixture::jsonBearer(m_fx.owner().token);
        invalid.append({"Idempotency-Key", bad});
        const ApiReply reply = m_fx.request("POST", u"/v1/runs"_s, compact(body), invalid);
        API_VERIFY_ERROR(reply, 400, u"INVALID_REQUEST"_s);
        QCOMPARE(reply.field(), u"Idempotency-Key"_s);
    }
}

void TestApiRuns::concurrentDuplicatesCreateOneRun()
{
    const QString name = u"Concurrent %1"_s.arg(cadenio::ids::generate(u"n_"));
    ApiHeaders headers = ApiFixture::jsonBearer(m_fx.owner().token);
    headers.append({"Idempotency-Key", cadenio::ids::generate(u"idem_").toLatin1()});
    const QByteArray body = compact({{u"template_id"_s, m_template}, {u"name"_s, name}});
    QList<ApiRequestSpec> requests;
    for (int i = 0; i < 8; ++i)
        requests.append({"POST", u"/v1/runs"_s, body, headers});
    const QList<ApiReply> replies = m_fx.requestAll(requests, ApiFixture::Connections::PerRequest);
    for (const ApiReply &reply : replies) {
        API_COMPARE_STATUS(reply, 201);
        QCOMPARE(reply.body, replies.first().body);
    }
    QCOMPARE(runCount(m_fx.database(), u" WHERE name = '%1'"_s.arg(name)), 1);
    QCOMPARE(eventCount(u"run.created"_s, replies.first().json().value(u"id"_s).toString()), 1);
}

void TestApiRuns::overdueWithinFiveSeconds()
{
    const QDateTime due = cadenio::timestamps::now().addSecs(1);
    const QString runId =
        launch({{u"due_date"_s, cadenio::timestamps::format(due)}}).value(u"id"_s).toString();
    QCOMPARE(fetch(runId).value(u"status"_s).toString(), u"IN_PROGRESS"_s);
    QTRY_COMPARE_WITH_TIMEOUT(fetch(runId).value(u"status"_s).toString(), u"OVERDUE"_s, 6000);
    QVERIFY2(cadenio::timestamps::now() <= due.addSecs(6), "later than 5 s after the due date");
    QTest::qWait(1500); // more passes of the check: still one event
    QCOMPARE(eventCount(u"run.overdue"_s, runId), 1);
    const QJsonArray trail = m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), m_fx.owner().token)
                                 .json()
                                 .value(u"data"_s)
                                 .toArray();
    QCOMPARE(trail.size(), 2);
    const QJsonObject entry = trail.last().toObject();
    QCOMPARE(entry.value(u"action"_s).toString(), u"run.overdue"_s);
    QCOMPARE(entry.value(u"actor"_s).toObject(),
             QJsonObject({{u"type"_s, u"system"_s}, {u"id"_s, u"system"_s}}));
    const QByteArray listed =
        m_fx.get(u"/v1/runs?status=OVERDUE&limit=100"_s, m_fx.owner().token).body;
    QVERIFY(listed.contains(runId.toUtf8()));

    const ApiReply moved = m_fx.patch(
        u"/v1/runs/"_s + runId,
        {{u"due_date"_s, cadenio::timestamps::format(cadenio::timestamps::now().addDays(1))}},
        m_fx.owner().token);
    API_COMPARE_STATUS(moved, 200);
    QCOMPARE(moved.json().value(u"status"_s).toString(), u"IN_PROGRESS"_s);
    QTest::qWait(1500);
    QCOMPARE(fetch(runId).value(u"status"_s).toString(), u"IN_PROGRESS"_s);
    QCOMPARE(eventCount(u"run.overdue"_s, runId), 1);

    // An OVERDUE run can still complete.
    const QString late =
        launch({{u"due_date"_s, u"2020-01-01T00:00:00Z"_s}}).value(u"id"_s).toString();
    QTRY_COMPARE_WITH_TIMEOUT(fetch(late).value(u"status"_s).toString(), u"OVERDUE"_s, 5000);
    API_COMPARE_STATUS(patchTask(late, 0, {{u"status"_s, u"COMPLETED"_s}}), 200);
    API_COMPARE_STATUS(patchTask(late, 1, {{u"status"_s, u"COMPLETED"_s}}), 200);
    QCOMPARE(fetch(late).value(u"status"_s).toString(), u"COMPLETED"_s);
    QCOMPARE(eventCount(u"run.completed"_s, late), 1);
}

void TestApiRuns::auditTrailVerifiesFromTheApi()
{
    const QString runId =
        launch({{u"assignee_id"_s, m_accounts.value(u"MEMBER"_s).id}}).value(u"id"_s).toString();
    API_COMPARE_STATUS(
        patchTask(runId, 3, {{u"value"_s, u"yes"_s}}, m_accounts.value(u"MEMBER"_s).token), 200);
    API_COMPARE_STATUS(m_fx.patch(u"/v1/runs/"_s + runId, {{u"name"_s, u"Audited"_s}},
                                  m_accounts.value(u"ADMIN"_s).token),
                       200);
    const ApiReply reply =
        m_fx.get(u"/v1/runs/%1/audit"_s.arg(runId), m_accounts.value(u"AUDITOR"_s).token);
    API_COMPARE_STATUS(reply, 200);
    const QJsonObject body = reply.json();
    QVERIFY(body.value(u"next_cursor"_s).isNull());
    QCOMPARE(body.value(u"has_more"_s), QJsonValue(false));
    const QJsonArray data = body.value(u"data"_s).toArray();
    QStringList actions;
    QString prev = cadenio::AuditLog::kGenesis;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject json = data.at(i).toObject();
        QCOMPARE(sortedKeys(json), QStringList({u"action"_s, u"actor"_s, u"at"_s, u"changes"_s,
                                                u"hash"_s, u"id"_s, u"prev_hash"_s, u"run_id"_s}));
        QCOMPARE(json.value(u"run_id"_s).toString(), runId);
        QVERIFY(cadenio::test::isUtcTimestamp(json.value(u"at"_s).toString()));
        // Everything hashed is in the answer (seq is the position), so a client can check it.
        cadenio::AuditEntry entry;
        entry.id = json.value(u"id"_s).toString();
        entry.runId = runId;
        entry.seq = int(i + 1);
        entry.at = *cadenio::timestamps::parse(json.value(u"at"_s).toString());
        entry.actorType = json.value(u"actor"_s).toObject().value(u"type"_s).toString();
        entry.actorId = json.value(u"actor"_s).toObject().value(u"id"_s).toString();
        entry.action = json.value(u"action"_s).toString();
        entry.changes = json.value(u"changes"_s).toObject();
        QCOMPARE(json.value(u"prev_hash"_s).toString(), prev);
        QCOMPARE(cadenio::AuditLog::hashOf(prev, entry), json.value(u"hash"_s).toString());
        prev = json.value(u"hash"_s).toString();
        actions << entry.action + u' ' + entry.actorId;
    }
    const QString member = m_accounts.value(u"MEMBER"_s).id;
    QCOMPARE(actions, QStringList({u"run.created "_s + m_fx.owner().id, u"task.updated "_s + member,
                                   u"task.updated "_s + member,
                                   u"run.updated "_s + m_accounts.value(u"ADMIN"_s).id}));
    const QJsonObject created = data.at(0).toObject().value(u"changes"_s).toObject();
    QCOMPARE(created.value(u"assignee_id"_s).toObject(),
             QJsonObject({{u"from"_s, QJsonValue()}, {u"to"_s, member}}));
    QCOMPARE(data.at(3).toObject().value(u"changes"_s).toObject().value(u"name"_s).toObject(),
             QJsonObject({{u"from"_s, u"Vendor Onboarding"_s}, {u"to"_s, u"Audited"_s}}));
    API_VERIFY_ERROR(m_fx.get(u"/v1/runs/run_unknown/audit"_s, m_fx.owner().token), 404,
                     u"NOT_FOUND"_s);
}

QTEST_MAIN(TestApiRuns)
#include "tst_api_runs.moc"
