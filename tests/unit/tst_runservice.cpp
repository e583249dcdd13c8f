// RunService without HTTP: launching from pinned versions, task rules and conditions,
// automatic completion, cancellation, deadlines, resource limits of API keys, idempotent
// launches, keyset lists, and the audit entries and outbox events every change leaves.

#include "TestStore.h"

#include "domain/Error.h"
#include "services/AuditLog.h"
#include "services/OverdueScheduler.h"
#include "services/RunService.h"
#include "store/OutboxRepository.h"
#include "store/RunRepository.h"
#include "store/TemplateRepository.h"
#include "store/UserRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <functional>

using namespace cadenio;
using namespace cadenio::testing;

namespace {

struct Failure
{
    Error::Code code = Error::Code::Internal; // no error: no row below expects INTERNAL_ERROR
    QString field;
};

Failure failureOf(const std::function<void()> &call)
{
    try {
        call();
    } catch (const Error &e) {
        return {e.code(), e.field()};
    }
    return {};
}

TaskDefinition definition(const QString &name, FieldSpec::Type type = FieldSpec::Type::Text,
                          bool required = true)
{
    TaskDefinition d;
    d.id = ids::generate(u"tdef_");
    d.name = name;
    d.required = required;
    d.field.type = type;
    if (type == FieldSpec::Type::Select)
        d.field.options = {QStringLiteral("yes"), QStringLiteral("no")};
    return d;
}

QList<QJsonObject> events(const Database &db, const QString &orgId, const QString &event = {})
{
    QList<QJsonObject> result;
    for (const QByteArray &payload : OutboxRepository(db.connection()).payloads(orgId)) {
        const QJsonObject object = QJsonDocument::fromJson(payload).object();
        if (event.isEmpty() || object.value(QLatin1String("event")).toString() == event)
            result << object;
    }
    return result;
}

} // namespace

class TestRunService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void launchCreatesRunTasksAuditAndEvent();
    void launchErrors_data();
    void launchErrors();
    void runsPinTheirVersion();
    void conditionsShowAndHideTasks();
    void taskErrors_data();
    void taskErrors();
    void lastRequiredTaskCompletesTheRunOnce();
    void hiddenRequiredTasksDoNotHoldCompletion();
    void closedRunsRefuseChanges();
    void updateRunRecordsChanges();
    void overduePassMovesEachRunOnce();
    void schedulerRunsOnItsOwnThread();
    void selectedKeysSeeOnlyReachedRuns();
    void idempotentLaunch();
    void listFiltersAndPages();
    void auditChainVerifies();

private:
    QString insertUser(Role role = Role::Member);
    // A template with one published version made of `tasks`; returns its id.
    QString publishTemplate(const QList<TaskDefinition> &tasks, const QString &folderId = {},
                            const QString &name = QStringLiteral("Vendor Onboarding"));
    void publishVersion(const QString &templateId, int version, const QList<TaskDefinition> &tasks);
    QString insertFolder(const QString &parentId = {});
    Actor member() const { return Actor::user(m_memberId, m_orgId, Role::Member); }
    RunService::LaunchRequest request(const QString &templateId) const
    {
        RunService::LaunchRequest r;
        r.templateId = templateId;
        return r;
    }
    Run stored(const QString &runId) const
    {
        return *RunRepository(m_store->db().connection()).find(m_orgId, runId);
    }

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<RunService> m_runs;
    QString m_orgId;
    QString m_memberId;
};

void TestRunService::init()
{
    m_store = std::make_unique<TestStore>();
    m_orgId = insertOrg(m_store->db(), QStringLiteral("Acme")).id;
    m_memberId = insertUser();
    m_runs = std::make_unique<RunService>(m_store->db());
}

void TestRunService::cleanup()
{
    m_runs.reset();
    m_store.reset();
}

QString TestRunService::insertUser(Role role)
{
    User user{ids::generate(u"usr_"),
              m_orgId,
              ids::generate(u"u_").toLower() + QStringLiteral("@acme.example"),
              QStringLiteral("Mia Member"),
              role,
              timestamps::now()};
    Transaction tx(m_store->db());
    UserRepository(tx.db()).insert(user, QStringLiteral("not-a-real-hash"));
    tx.commit();
    return user.id;
}

QString TestRunService::insertFolder(const QString &parentId)
{
    const Folder folder{ids::generate(u"fld_"), m_orgId, QStringLiteral("Finance"), parentId,
                        timestamps::now()};
    Transaction tx(m_store->db());
    TemplateRepository(tx.db()).insertFolder(folder);
    tx.commit();
    return folder.id;
}

QString TestRunService::publishTemplate(const QList<TaskDefinition> &tasks, const QString &folderId,
                                        const QString &name)
{
    Template tmpl;
    tmpl.id = ids::generate(u"tmpl_");
    tmpl.orgId = m_orgId;
    tmpl.folderId = folderId;
    tmpl.name = name;
    tmpl.tasks = tasks;
    tmpl.createdAt = tmpl.updatedAt = timestamps::now();
    {
        Transaction tx(m_store->db());
        TemplateRepository(tx.db()).insertTemplate(tmpl);
        tx.commit();
    }
    if (!tasks.isEmpty())
        publishVersion(tmpl.id, 1, tasks);
    return tmpl.id;
}

void TestRunService::publishVersion(const QString &templateId, int version,
                                    const QList<TaskDefinition> &tasks)
{
    Transaction tx(m_store->db());
    TemplateRepository templates(tx.db());
    Template tmpl = *templates.findTemplate(m_orgId, templateId);
    TemplateVersion v{templateId, version,           tmpl.name, tmpl.description,
                      tasks,      timestamps::now(), m_memberId};
    templates.insertVersion(v);
    tmpl.tasks = tasks;
    tmpl.publishedVersion = version;
    tmpl.hasUnpublishedChanges = false;
    tmpl.publishedAt = v.publishedAt;
    templates.updateTemplate(tmpl);
    tx.commit();
}

void TestRunService::launchCreatesRunTasksAuditAndEvent()
{
    TaskDefinition first = definition(QStringLiteral("Collect W-9"));
    first.dueOffsetHours = 48;
    first.assigneeId = m_memberId;
    const TaskDefinition second = definition(QStringLiteral("Amount"), FieldSpec::Type::Number);
    const QString templateId = publishTemplate({first, second});
    QSignalSpy launched(m_runs.get(), &RunService::runLaunched);

    RunService::LaunchRequest r = request(templateId);
    r.assigneeId = m_memberId;
    r.dueDate = timestamps::now().addDays(7);
    r.formData = {{second.id, 1250.5}};
    const QDateTime before = timestamps::fromStored(timestamps::toStored(timestamps::now()));
    const Run run = m_runs->launch(member(), r);

    QVERIFY(run.id.startsWith(QLatin1String("run_")));
    QCOMPARE(run.status, RunStatus::InProgress);
    QCOMPARE(run.templateVersion, 1);
    QCOMPARE(run.name, QStringLiteral("Vendor Onboarding"));
    QCOMPARE(run.assigneeId, m_memberId);
    QCOMPARE(launched.count(), 1);
    QCOMPARE(launched.at(0).at(1).toString(), run.id);

    const Run saved = stored(run.id);
    QCOMPARE(saved.tasks.size(), 2);
    QCOMPARE(saved.tasks.at(0).definitionId, first.id);
    QCOMPARE(saved.tasks.at(0).assigneeId, m_memberId);
    QVERIFY(saved.tasks.at(0).id.startsWith(QLatin1String("task_")));
    const qint64 dueIn = before.secsTo(saved.tasks.at(0).dueDate);
    QVERIFY2(dueIn >= 48 * 3600 && dueIn <= 48 * 3600 + 5, qPrintable(QString::number(dueIn)));
    QVERIFY(!saved.tasks.at(1).dueDate.isValid());
    QCOMPARE(saved.tasks.at(1).value, QJsonValue(1250.5));
    QCOMPARE(saved.tasks.at(0).status, TaskStatus::Pending);

    const QList<AuditEntry> trail = m_runs->audit(member(), run.id);
    QCOMPARE(trail.size(), 1);
    QCOMPARE(trail.at(0).action, QStringLiteral("run.created"));
    QCOMPARE(trail.at(0).actorId, m_memberId);
    QCOMPARE(trail.at(0).changes.value(QLatin1String("template_id")).toObject(),
             AuditLog::change(QJsonValue(), templateId));
    const QList<QJsonObject> created =
        events(m_store->db(), m_orgId, QStringLiteral("run.created"));
    QCOMPARE(created.size(), 1);
    const QJsonObject data = created.at(0).value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("run_id")).toString(), run.id);
    QCOMPARE(data.value(QLatin1String("template_id")).toString(), templateId);
}

void TestRunService::launchErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *kind, Error::Code code, const char *field) {
        QTest::newRow(kind) << QString::fromLatin1(kind) << int(code) << QString::fromLatin1(field);
    };
    row("unknown template", Error::Code::NotFound, "");
    row("template of another org", Error::Code::NotFound, "");
    row("never published", Error::Code::Conflict, "template_id");
    row("unknown assignee", Error::Code::Unprocessable, "assignee_id");
    row("unknown form_data key", Error::Code::Unprocessable, "form_data.tdef_nope");
    row("form_data of the wrong type", Error::Code::Unprocessable, "form_data.NUMBER");
    row("blank name", Error::Code::Unprocessable, "name");
    row("auditor", Error::Code::Forbidden, "");
}

void TestRunService::launchErrors()
{
    QFETCH(QString, kind);
    QFETCH(int, code);
    QFETCH(QString, field);
    const TaskDefinition number = definition(QStringLiteral("Amount"), FieldSpec::Type::Number);
    RunService::LaunchRequest r = request(publishTemplate({number}));
    Actor actor = member();
    if (kind == QLatin1String("unknown template"))
        r.templateId = ids::generate(u"tmpl_");
    else if (kind == QLatin1String("template of another org"))
        actor.orgId = insertOrg(m_store->db(), QStringLiteral("Other")).id;
    else if (kind == QLatin1String("never published"))
        r.templateId = publishTemplate({});
    else if (kind == QLatin1String("unknown assignee"))
        r.assigneeId = ids::generate(u"usr_");
    else if (kind == QLatin1String("unknown form_data key"))
        r.formData = {{QStringLiteral("tdef_nope"), 1}};
    else if (kind == QLatin1String("form_data of the wrong type"))
        r.formData = {{number.id, QStringLiteral("twelve")}};
    else if (kind == QLatin1String("blank name"))
        r.name = QStringLiteral("   ");
    else if (kind == QLatin1String("auditor"))
        actor = Actor::user(m_memberId, m_orgId, Role::Auditor);
    field.replace(QLatin1String("NUMBER"), number.id);

    const Failure failure = failureOf([&] { m_runs->launch(actor, r); });
    QCOMPARE(int(failure.code), code);
    QCOMPARE(failure.field, field);
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("runs")), 0);
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("outbox")), 0);
}

void TestRunService::runsPinTheirVersion()
{
    const QString templateId = publishTemplate({definition(QStringLiteral("One"))});
    const Run first = m_runs->launch(member(), request(templateId));
    publishVersion(templateId, 2,
                   {definition(QStringLiteral("Uno")), definition(QStringLiteral("Dos"))});
    const Run second = m_runs->launch(member(), request(templateId));

    QCOMPARE(stored(first.id).templateVersion, 1);
    QCOMPARE(stored(first.id).tasks.size(), 1);
    QCOMPARE(stored(first.id).tasks.at(0).name, QStringLiteral("One"));
    QCOMPARE(second.templateVersion, 2);
    QCOMPARE(stored(second.id).tasks.size(), 2);
}

void TestRunService::conditionsShowAndHideTasks()
{
    const TaskDefinition question =
        definition(QStringLiteral("Needs NDA?"), FieldSpec::Type::Select);
    TaskDefinition nda = definition(QStringLiteral("Sign NDA"));
    nda.condition = TaskCondition{question.id, QStringLiteral("yes")};
    TaskDefinition witness = definition(QStringLiteral("Witness"), FieldSpec::Type::Text, false);
    witness.condition = TaskCondition{nda.id, QStringLiteral("done")};
    const QString templateId = publishTemplate({question, nda, witness});

    RunService::LaunchRequest r = request(templateId);
    r.formData = {{question.id, QStringLiteral("yes")}, {nda.id, QStringLiteral("done")}};
    const Run shown = stored(m_runs->launch(member(), r).id);
    QVERIFY(shown.tasks.at(1).visible);
    QVERIFY(shown.tasks.at(2).visible);

    const Run run = stored(m_runs->launch(member(), request(templateId)).id);
    QVERIFY(run.tasks.at(0).visible);
    QVERIFY(!run.tasks.at(1).visible);
    QVERIFY(!run.tasks.at(2).visible);

    RunService::TaskChanges answer;
    answer.value = QStringLiteral("yes");
    m_runs->updateTask(member(), run.id, run.tasks.at(0).id, answer);
    QVERIFY(stored(run.id).tasks.at(1).visible);
    QVERIFY(!stored(run.id).tasks.at(2).visible);

    RunService::TaskChanges done;
    done.value = QStringLiteral("done");
    m_runs->updateTask(member(), run.id, run.tasks.at(1).id, done);
    QVERIFY(stored(run.id).tasks.at(2).visible);

    // Hiding the NDA hides what depends on it too, even though its own value still matches.
    answer.value = QStringLiteral("no");
    m_runs->updateTask(member(), run.id, run.tasks.at(0).id, answer);
    QVERIFY(!stored(run.id).tasks.at(1).visible);
    QVERIFY(!stored(run.id).tasks.at(2).visible);

    QStringList visibility;
    for (const AuditEntry &entry : m_runs->audit(member(), run.id)) {
        for (auto it = entry.changes.begin(); it != entry.changes.end(); ++it) {
            if (it.key().endsWith(QLatin1String(".visible")))
                visibility << entry.action + QLatin1Char(' ') + it.key() + QLatin1Char('=') +
                                  (it.value().toObject().value(QLatin1String("to")).toBool()
                                       ? QLatin1String("true")
                                       : QLatin1String("false"));
        }
    }
    const QString ndaKey = QStringLiteral("tasks.%1.visible").arg(run.tasks.at(1).id);
    const QString witnessKey = QStringLiteral("tasks.%1.visible").arg(run.tasks.at(2).id);
    QCOMPARE(
        visibility,
        QStringList({QStringLiteral("task.updated ") + ndaKey + QStringLiteral("=true"),
                     QStringLiteral("task.updated ") + witnessKey + QStringLiteral("=true"),
                     QStringLiteral("task.updated ") + ndaKey + QStringLiteral("=false"),
                     QStringLiteral("task.updated ") + witnessKey + QStringLiteral("=false")}));
}

void TestRunService::taskErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *kind, Error::Code code, const char *field) {
        QTest::newRow(kind) << QString::fromLatin1(kind) << int(code) << QString::fromLatin1(field);
    };
    row("value of the wrong type", Error::Code::Unprocessable, "value");
    row("option not offered", Error::Code::Unprocessable, "value");
    row("required task skipped", Error::Code::Unprocessable, "status");
    row("hidden task completed", Error::Code::Unprocessable, "status");
    row("back to pending", Error::Code::Unprocessable, "status");
    row("unknown assignee", Error::Code::Unprocessable, "assignee_id");
    row("unknown task", Error::Code::NotFound, "");
    row("unknown run", Error::Code::NotFound, "");
    row("auditor", Error::Code::Forbidden, "");
}

void TestRunService::taskErrors()
{
    QFETCH(QString, kind);
    QFETCH(int, code);
    QFETCH(QString, field);
    const TaskDefinition number = definition(QStringLiteral("Amount"), FieldSpec::Type::Number);
    const TaskDefinition select = definition(QStringLiteral("Choice"), FieldSpec::Type::Select);
    TaskDefinition hidden = definition(QStringLiteral("Hidden"));
    hidden.condition = TaskCondition{select.id, QStringLiteral("yes")};
    const Run run =
        stored(m_runs->launch(member(), request(publishTemplate({number, select, hidden}))).id);
    QString runId = run.id;
    QString taskId = run.tasks.at(0).id;
    Actor actor = member();
    RunService::TaskChanges changes;
    if (kind == QLatin1String("value of the wrong type")) {
        changes.value = QStringLiteral("12");
    } else if (kind == QLatin1String("option not offered")) {
        taskId = run.tasks.at(1).id;
        changes.value = QStringLiteral("maybe");
    } else if (kind == QLatin1String("required task skipped")) {
        changes.status = TaskStatus::Skipped;
    } else if (kind == QLatin1String("hidden task completed")) {
        taskId = run.tasks.at(2).id;
        changes.status = TaskStatus::Completed;
    } else if (kind == QLatin1String("back to pending")) {
        changes.status = TaskStatus::Pending;
    } else if (kind == QLatin1String("unknown assignee")) {
        changes.assigneeId = ids::generate(u"usr_");
    } else if (kind == QLatin1String("unknown task")) {
        taskId = ids::generate(u"task_");
        changes.status = TaskStatus::Completed;
    } else if (kind == QLatin1String("unknown run")) {
        runId = ids::generate(u"run_");
        changes.status = TaskStatus::Completed;
    } else if (kind == QLatin1String("auditor")) {
        actor = Actor::user(m_memberId, m_orgId, Role::Auditor);
        changes.status = TaskStatus::Completed;
    }
    const Failure failure = failureOf([&] { m_runs->updateTask(actor, runId, taskId, changes); });
    QCOMPARE(int(failure.code), code);
    QCOMPARE(failure.field, field);
    QCOMPARE(m_runs->audit(member(), run.id).size(), 1); // run.created only
    QCOMPARE(stored(run.id).tasks.at(0).status, TaskStatus::Pending);
}

void TestRunService::lastRequiredTaskCompletesTheRunOnce()
{
    const TaskDefinition a = definition(QStringLiteral("A"));
    const TaskDefinition b = definition(QStringLiteral("B"), FieldSpec::Type::Boolean);
    const TaskDefinition optional =
        definition(QStringLiteral("Optional"), FieldSpec::Type::Text, false);
    const Run run = stored(m_runs->launch(member(), request(publishTemplate({a, b, optional}))).id);
    QSignalSpy completed(m_runs.get(), &RunService::runCompleted);

    RunService::TaskChanges skip;
    skip.status = TaskStatus::Skipped;
    QCOMPARE(m_runs->updateTask(member(), run.id, run.tasks.at(2).id, skip).status,
             TaskStatus::Skipped);
    RunService::TaskChanges complete;
    complete.status = TaskStatus::Completed;
    const Task first = m_runs->updateTask(member(), run.id, run.tasks.at(0).id, complete);
    QCOMPARE(first.status, TaskStatus::Completed);
    QCOMPARE(first.completedBy, m_memberId);
    QVERIFY(first.completedAt.isValid());
    QCOMPARE(stored(run.id).status, RunStatus::InProgress);
    QCOMPARE(completed.count(), 0);

    complete.value = true;
    m_runs->updateTask(member(), run.id, run.tasks.at(1).id, complete);
    const Run done = stored(run.id);
    QCOMPARE(done.status, RunStatus::Completed);
    QVERIFY(done.completedAt.isValid());
    QCOMPARE(done.tasks.at(1).value, QJsonValue(true));
    QCOMPARE(completed.count(), 1);

    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.completed")).size(), 1);
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("task.completed")).size(), 2);
    QStringList actions;
    for (const AuditEntry &entry : m_runs->audit(member(), run.id))
        actions << entry.action;
    QCOMPARE(actions,
             QStringList({QStringLiteral("run.created"), QStringLiteral("task.updated"),
                          QStringLiteral("task.completed"), QStringLiteral("task.completed"),
                          QStringLiteral("run.completed")}));
    const QJsonObject data = events(m_store->db(), m_orgId, QStringLiteral("run.completed"))
                                 .at(0)
                                 .value(QLatin1String("data"))
                                 .toObject();
    QCOMPARE(data.value(QLatin1String("completed_at")).toString(),
             timestamps::format(done.completedAt));

    // Closed: nothing more happens, and run.completed stays a single event.
    const Failure again =
        failureOf([&] { m_runs->updateTask(member(), run.id, run.tasks.at(2).id, complete); });
    QCOMPARE(again.code, Error::Code::Conflict);
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.completed")).size(), 1);
}

void TestRunService::hiddenRequiredTasksDoNotHoldCompletion()
{
    const TaskDefinition question =
        definition(QStringLiteral("Foreign vendor?"), FieldSpec::Type::Boolean);
    TaskDefinition customs = definition(QStringLiteral("Customs papers"));
    customs.condition = TaskCondition{question.id, true};
    const Run run =
        stored(m_runs->launch(member(), request(publishTemplate({question, customs}))).id);
    RunService::TaskChanges answer;
    answer.value = false;
    answer.status = TaskStatus::Completed;
    m_runs->updateTask(member(), run.id, run.tasks.at(0).id, answer);
    QCOMPARE(stored(run.id).status, RunStatus::Completed);
}

void TestRunService::closedRunsRefuseChanges()
{
    const QString templateId = publishTemplate({definition(QStringLiteral("A"))});
    const Run run = stored(m_runs->launch(member(), request(templateId)).id);
    RunService::RunChanges cancel;
    cancel.cancel = true;
    const Run cancelled = m_runs->update(member(), run.id, cancel);
    QCOMPARE(cancelled.status, RunStatus::Cancelled);
    QVERIFY(!cancelled.completedAt.isValid());
    QCOMPARE(m_runs->audit(member(), run.id).last().action, QStringLiteral("run.cancelled"));
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.cancelled")).size(), 1);

    RunService::RunChanges rename;
    rename.name = QStringLiteral("Too late");
    QCOMPARE(failureOf([&] { m_runs->update(member(), run.id, rename); }).code,
             Error::Code::Conflict);
    QCOMPARE(failureOf([&] { m_runs->update(member(), run.id, cancel); }).code,
             Error::Code::Conflict);
    RunService::TaskChanges complete;
    complete.status = TaskStatus::Completed;
    QCOMPARE(
        failureOf([&] { m_runs->updateTask(member(), run.id, run.tasks.at(0).id, complete); }).code,
        Error::Code::Conflict);
    QCOMPARE(m_runs->audit(member(), run.id).size(), 2);
}

void TestRunService::updateRunRecordsChanges()
{
    const QString other = insertUser();
    const Run run =
        m_runs->launch(member(), request(publishTemplate({definition(QStringLiteral("A"))})));
    RunService::RunChanges changes;
    changes.name = QStringLiteral("  ACME Corp onboarding ");
    changes.assigneeId = other;
    changes.dueDate = QDateTime(QDate(2031, 5, 1), QTime(0, 0), Qt::UTC);
    const Run updated = m_runs->update(member(), run.id, changes);
    QCOMPARE(updated.name, QStringLiteral("ACME Corp onboarding"));
    QCOMPARE(updated.assigneeId, other);
    QCOMPARE(stored(run.id).dueDate, *changes.dueDate);

    const AuditEntry last = m_runs->audit(member(), run.id).last();
    QCOMPARE(last.action, QStringLiteral("run.updated"));
    QCOMPARE(last.changes.value(QLatin1String("name")).toObject(),
             AuditLog::change(QStringLiteral("Vendor Onboarding"),
                              QStringLiteral("ACME Corp onboarding")));
    QCOMPARE(last.changes.value(QLatin1String("due_date")).toObject(),
             AuditLog::change(QJsonValue(), QStringLiteral("2031-05-01T00:00:00Z")));
    QCOMPARE(last.changes.size(), 3);
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.updated")).size(), 1);

    // The same values again change nothing and record nothing.
    m_runs->update(member(), run.id, changes);
    QCOMPARE(m_runs->audit(member(), run.id).size(), 2);

    RunService::RunChanges unassign;
    unassign.assigneeId = QString();
    unassign.dueDate = QDateTime();
    const Run cleared = m_runs->update(member(), run.id, unassign);
    QVERIFY(cleared.assigneeId.isEmpty());
    QVERIFY(!stored(run.id).dueDate.isValid());

    RunService::RunChanges stranger;
    stranger.assigneeId = ids::generate(u"usr_");
    const Failure failure = failureOf([&] { m_runs->update(member(), run.id, stranger); });
    QCOMPARE(failure.code, Error::Code::Unprocessable);
    QCOMPARE(failure.field, QStringLiteral("assignee_id"));
}

void TestRunService::overduePassMovesEachRunOnce()
{
    const QString templateId = publishTemplate({definition(QStringLiteral("A"))});
    RunService::LaunchRequest late = request(templateId);
    late.dueDate = timestamps::now().addSecs(-60);
    const Run overdue = m_runs->launch(member(), late);
    RunService::LaunchRequest future = request(templateId);
    future.dueDate = timestamps::now().addSecs(3600);
    const Run onTime = m_runs->launch(member(), future);
    const Run noDeadline = m_runs->launch(member(), request(templateId));
    RunService::LaunchRequest cancelledLate = late;
    const Run cancelled = m_runs->launch(member(), cancelledLate);
    RunService::RunChanges cancel;
    cancel.cancel = true;
    m_runs->update(member(), cancelled.id, cancel);

    OverdueScheduler scheduler(*m_runs, m_store->db());
    QCOMPARE(scheduler.runOnce(), 1);
    QCOMPARE(scheduler.runOnce(), 0);
    QCOMPARE(stored(overdue.id).status, RunStatus::Overdue);
    QCOMPARE(stored(onTime.id).status, RunStatus::InProgress);
    QCOMPARE(stored(noDeadline.id).status, RunStatus::InProgress);
    QCOMPARE(stored(cancelled.id).status, RunStatus::Cancelled);
    const AuditEntry entry = m_runs->audit(member(), overdue.id).last();
    QCOMPARE(entry.action, QStringLiteral("run.overdue"));
    QCOMPARE(entry.actorType, QStringLiteral("system"));
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.overdue")).size(), 1);

    // A deadline in the future brings it back; one in the past again is a new transition.
    RunService::RunChanges postpone;
    postpone.dueDate = timestamps::now().addSecs(3600);
    QCOMPARE(m_runs->update(member(), overdue.id, postpone).status, RunStatus::InProgress);
    QCOMPARE(m_runs->audit(member(), overdue.id)
                 .last()
                 .changes.value(QLatin1String("status"))
                 .toObject(),
             AuditLog::change(QStringLiteral("OVERDUE"), QStringLiteral("IN_PROGRESS")));
    QCOMPARE(scheduler.runOnce(timestamps::now().addSecs(7200)), 2);
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.overdue")).size(), 3);

    // An OVERDUE run still completes.
    RunService::TaskChanges complete;
    complete.status = TaskStatus::Completed;
    m_runs->updateTask(member(), overdue.id, stored(overdue.id).tasks.at(0).id, complete);
    QCOMPARE(stored(overdue.id).status, RunStatus::Completed);
}

void TestRunService::schedulerRunsOnItsOwnThread()
{
    RunService::LaunchRequest late = request(publishTemplate({definition(QStringLiteral("A"))}));
    late.dueDate = timestamps::now().addSecs(-1);
    const Run run = m_runs->launch(member(), late);
    QSignalSpy changed(m_runs.get(), &RunService::runChanged);
    QThread *signalThread = nullptr;
    connect(
        m_runs.get(), &RunService::runChanged, this,
        [&] { signalThread = QThread::currentThread(); }, Qt::DirectConnection);

    OverdueScheduler scheduler(*m_runs, m_store->db());
    scheduler.start(100);
    QVERIFY(scheduler.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(stored(run.id).status, RunStatus::Overdue, 5000);
    QTRY_COMPARE(changed.count(), 1);
    scheduler.stop();
    QVERIFY(!scheduler.isRunning());
    QVERIFY(signalThread != nullptr);
    QVERIFY(signalThread != QThread::currentThread());
    QCOMPARE(events(m_store->db(), m_orgId, QStringLiteral("run.overdue")).size(), 1);
}

void TestRunService::selectedKeysSeeOnlyReachedRuns()
{
    const QString parent = insertFolder();
    const QString child = insertFolder(parent);
    const QString inChild = publishTemplate({definition(QStringLiteral("A"))}, child);
    const QString named = publishTemplate({definition(QStringLiteral("A"))});
    const QString elsewhere = publishTemplate({definition(QStringLiteral("A"))});
    const Run viaFolder = m_runs->launch(member(), request(inChild));
    const Run viaId = m_runs->launch(member(), request(named));
    const Run hidden = m_runs->launch(member(), request(elsewhere));

    const Actor key =
        Actor::apiKey(ids::generate(u"key_"), m_orgId, ResourceLimit{{named}, {parent}});
    QCOMPARE(m_runs->get(key, viaFolder.id).id, viaFolder.id);
    QCOMPARE(m_runs->get(key, viaId.id).id, viaId.id);
    QCOMPARE(failureOf([&] { m_runs->get(key, hidden.id); }).code, Error::Code::NotFound);
    QCOMPARE(failureOf([&] { m_runs->audit(key, hidden.id); }).code, Error::Code::NotFound);
    RunService::RunChanges rename;
    rename.name = QStringLiteral("x");
    QCOMPARE(failureOf([&] { m_runs->update(key, hidden.id, rename); }).code,
             Error::Code::NotFound);
    QCOMPARE(failureOf([&] { m_runs->launch(key, request(elsewhere)); }).code,
             Error::Code::NotFound);
    QCOMPARE(m_runs->launch(key, request(inChild)).templateId, inChild);

    PageRequest page;
    page.limit = 2;
    QStringList seen;
    for (;;) {
        const Page<Run> result = m_runs->list(key, {}, page);
        // Full pages: the restriction is in the query, not applied after it.
        if (result.next)
            QCOMPARE(result.items.size(), 2);
        for (const Run &run : result.items)
            seen << run.templateId;
        if (!result.next)
            break;
        page.after = result.next;
    }
    QCOMPARE(seen.size(), 3);
    QVERIFY(!seen.contains(elsewhere));

    const Actor nothing = Actor::apiKey(ids::generate(u"key_"), m_orgId,
                                        ResourceLimit{{ids::generate(u"tmpl_")}, {}});
    QVERIFY(m_runs->list(nothing, {}, {}).items.isEmpty());
}

void TestRunService::idempotentLaunch()
{
    const QString templateId = publishTemplate({definition(QStringLiteral("A"))});
    int rendered = 0;
    const auto idempotency = [&](const QString &key, const QByteArray &body) {
        return RunService::Idempotency{key, body, [&rendered](const Run &run) {
                                           ++rendered;
                                           return run.id.toUtf8();
                                       }};
    };
    const RunService::Launched first =
        m_runs->launch(member(), request(templateId), idempotency(QStringLiteral("k1"), "{}"));
    QVERIFY(!first.replayed);
    QCOMPARE(first.status, 201);
    QCOMPARE(first.body, first.run.id.toUtf8());

    const RunService::Launched again =
        m_runs->launch(member(), request(templateId), idempotency(QStringLiteral("k1"), "{}"));
    QVERIFY(again.replayed);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, first.body);
    QCOMPARE(rendered, 1);
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("runs")), 1);

    const Failure different = failureOf([&] {
        m_runs->launch(member(), request(templateId),
                       idempotency(QStringLiteral("k1"), R"({"name":"x"})"));
    });
    QCOMPARE(different.code, Error::Code::Conflict);
    QCOMPARE(different.field, QStringLiteral("Idempotency-Key"));
    const Actor someoneElse = Actor::user(insertUser(), m_orgId, Role::Member);
    QCOMPARE(failureOf([&] {
                 m_runs->launch(someoneElse, request(templateId),
                                idempotency(QStringLiteral("k1"), "{}"));
             }).code,
             Error::Code::Conflict);

    // A failed launch is not remembered: corrected, the same key goes through.
    RunService::LaunchRequest bad = request(templateId);
    bad.assigneeId = ids::generate(u"usr_");
    QCOMPARE(failureOf([&] {
                 m_runs->launch(member(), bad, idempotency(QStringLiteral("k2"), "{}"));
             }).code,
             Error::Code::Unprocessable);
    QVERIFY(!m_runs->launch(member(), request(templateId), idempotency(QStringLiteral("k2"), "{}"))
                 .replayed);

    // After 24 hours the key is free again.
    execute(m_store->db(),
            QStringLiteral("UPDATE idempotency_keys SET created_at = created_at - %1")
                .arg(RunService::kIdempotencyWindowMs + 1000));
    const RunService::Launched later =
        m_runs->launch(member(), request(templateId), idempotency(QStringLiteral("k1"), "{}"));
    QVERIFY(!later.replayed);
    QVERIFY(later.run.id != first.run.id);
    QCOMPARE(rowCount(m_store->db(), QStringLiteral("runs")), 3);
}

void TestRunService::listFiltersAndPages()
{
    const QString a = publishTemplate({definition(QStringLiteral("A"))});
    const QString b = publishTemplate({definition(QStringLiteral("B"))});
    const QString assignee = insertUser();
    QStringList launched; // oldest first
    for (int i = 0; i < 7; ++i) {
        RunService::LaunchRequest r = request(i % 2 ? b : a);
        if (i % 3 == 0)
            r.assigneeId = assignee;
        launched << m_runs->launch(member(), r).id;
        QThread::msleep(2); // distinct created_at, so launch order is list order
    }
    RunService::RunChanges cancel;
    cancel.cancel = true;
    m_runs->update(member(), launched.at(4), cancel);

    const auto all = [&](const RunService::ListFilter &filter) {
        QStringList ids;
        PageRequest page;
        page.limit = 3;
        for (;;) {
            const Page<Run> result = m_runs->list(member(), filter, page);
            for (const Run &run : result.items)
                ids << run.id;
            if (!result.next)
                return ids;
            page.after = result.next;
        }
    };
    QStringList newestFirst = launched;
    std::reverse(newestFirst.begin(), newestFirst.end());
    QCOMPARE(all({}), newestFirst);
    QCOMPARE(all({RunStatus::Cancelled, {}, {}}), QStringList{launched.at(4)});
    QCOMPARE(all({RunStatus::InProgress, {}, {}}).size(), 6);
    QCOMPARE(all({std::nullopt, b, {}}),
             QStringList({launched.at(5), launched.at(3), launched.at(1)}));
    QCOMPARE(all({std::nullopt, {}, assignee}),
             QStringList({launched.at(6), launched.at(3), launched.at(0)}));
    QCOMPARE(all({std::nullopt, a, assignee}), QStringList({launched.at(6), launched.at(0)}));
    QVERIFY(m_runs->list(member(), {}, {}).items.first().tasks.isEmpty());
}

void TestRunService::auditChainVerifies()
{
    const TaskDefinition a = definition(QStringLiteral("A"));
    const Run run = stored(m_runs->launch(member(), request(publishTemplate({a}))).id);
    RunService::TaskChanges value;
    value.value = QStringLiteral("first");
    m_runs->updateTask(member(), run.id, run.tasks.at(0).id, value);
    value.value = QStringLiteral("second");
    value.status = TaskStatus::Completed;
    m_runs->updateTask(member(), run.id, run.tasks.at(0).id, value);

    const QList<AuditEntry> trail = m_runs->audit(member(), run.id);
    QCOMPARE(trail.size(), 4);
    QString prev = AuditLog::kGenesis;
    for (const AuditEntry &entry : trail) {
        QCOMPARE(entry.prevHash, prev);
        QCOMPARE(AuditLog::hashOf(prev, entry), entry.hash);
        QCOMPARE(timestamps::toStored(entry.at) % 1000, 0); // whole seconds, as the API shows
        prev = entry.hash;
    }
    QVERIFY(!AuditLog::verify(m_store->db().connection(), run.id).has_value());
    QCOMPARE(trail.at(2).changes.value(QStringLiteral("tasks.%1.value").arg(run.tasks.at(0).id)),
             QJsonValue(AuditLog::change(QStringLiteral("first"), QStringLiteral("second"))));
}

QTEST_GUILESS_MAIN(TestRunService)
#include "tst_runservice.moc"
