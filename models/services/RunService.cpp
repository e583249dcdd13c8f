#include "RunService.h"

#include "AuditLog.h"
#include "DataSourceService.h"
#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "EventOutbox.h"
#include "FileService.h"
#include "ResourceReach.h"
#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/IdempotencyRepository.h"
#include "store/RunRepository.h"
#include "store/StoreError.h"
#include "store/TemplateRepository.h"
#include "store/Transaction.h"
#include "store/UserRepository.h"
#include "UserRules.h"

#include <QCryptographicHash>
#include <QHash>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRuns, "cadenio.runs")

namespace cadenio {

namespace {
constexpr int kOverdueBatch = 500;

void requireWriter(const Actor &actor)
{
    // API keys carry no role; their scope was checked at the route.
    if (actor.type == Actor::Type::User && !actor.hasRole(Roles::writers()))
        throw Error::forbidden(QStringLiteral("Your role may read runs but not change them."));
}

// Whole seconds: the API shows audit times at second precision, and a client verifying
// the chain from what the API shows must hash exactly what was stored.
QDateTime auditTime(const QDateTime &at)
{
    return timestamps::fromStored(timestamps::toStored(at) / 1000 * 1000);
}

QJsonValue timeOrNull(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(timestamps::format(at)) : QJsonValue();
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QString taskField(const Task &task, const char *field)
{
    return QStringLiteral("tasks.%1.%2").arg(task.id, QLatin1String(field));
}

Run findRun(const QSqlDatabase &db, const Actor &actor, const QString &id, bool lock)
{
    auto run = RunRepository(db).find(actor.orgId, id, lock);
    if (!run)
        throw Error::notFound(QStringLiteral("run"));
    requireReach(db, actor, run->templateId, QStringLiteral("run"));
    return *run;
}

void requireAssignee(const QSqlDatabase &db, const QString &orgId, const QString &assigneeId,
                     const QString &field)
{
    if (!assigneeId.isEmpty() && !UserRepository(db).find(orgId, assigneeId))
        throw Error::unprocessable(
            field, QStringLiteral("'%1' is not a user of this organization.").arg(field));
}

// Values that name other things must name things that exist: a file value a file uploaded
// to this very run, a data_source value a record of the field's data source. The owning
// services answer from inside this transaction.
void requireReferences(const QSqlDatabase &db, const FieldSpec &field, const QJsonValue &value,
                       const QString &orgId, const QString &runId, const QString &path)
{
    if (field.type == FieldSpec::Type::File && value.isString() &&
        !FileService::belongsToRun(db, orgId, value.toString(), runId))
        throw Error::unprocessable(
            path, QStringLiteral("'%1' is not a file uploaded to run %2.").arg(path, runId));
    if (field.type == FieldSpec::Type::DataSource)
        DataSourceService::requireRecord(db, orgId, field.dataSourceId, value, path);
}

// A task is shown while the task its condition names has the expected value and is itself
// shown: a hidden answer must not steer what else is asked. Conditions name earlier tasks
// only, so one pass in order settles every task. Returns the tasks whose visibility changed.
QList<int> applyConditions(QList<Task> &tasks)
{
    QHash<QString, int> byDefinition;
    for (int i = 0; i < tasks.size(); ++i)
        byDefinition.insert(tasks.at(i).definitionId, i);
    QList<int> changed;
    for (int i = 0; i < tasks.size(); ++i) {
        Task &task = tasks[i];
        bool visible = true;
        if (task.condition) {
            const int source = byDefinition.value(task.condition->taskId, -1);
            visible = source >= 0 && source != i && tasks.at(source).visible &&
                      tasks.at(source).value == task.condition->equals;
        }
        if (visible != task.visible) {
            task.visible = visible;
            changed << i;
        }
    }
    return changed;
}

bool allRequiredDone(const QList<Task> &tasks)
{
    for (const Task &task : tasks) {
        if (task.required && task.visible && task.status != TaskStatus::Completed)
            return false;
    }
    return true;
}

QJsonObject runEventData(const Run &run)
{
    return {{QStringLiteral("run_id"), run.id}, {QStringLiteral("template_id"), run.templateId}};
}

QString requestHash(const Actor &actor, const QByteArray &request)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QByteArray who = QByteArray::number(int(actor.type)) + ':' + actor.id.toUtf8() + '\n';
    hash.addData(who);
    hash.addData(request);
    return QString::fromLatin1(hash.result().toHex());
}

// Appends the run.completed entry and event when the run has just become complete.
void completeRun(const QSqlDatabase &db, Run &run, const Actor &actor, const QDateTime &now)
{
    const QString from = runStatusName(run.status);
    run.status = RunStatus::Completed;
    run.completedAt = now;
    AuditLog::append(
        db, run.id, actor, QStringLiteral("run.completed"),
        {{QStringLiteral("status"), AuditLog::change(from, runStatusName(run.status))},
         {QStringLiteral("completed_at"), AuditLog::change(QJsonValue(), timestamps::format(now))}},
        auditTime(now));
    QJsonObject data = runEventData(run);
    data.insert(QStringLiteral("completed_at"), timestamps::format(now));
    events::record(db, run.orgId, events::kRunCompleted, data, now);
}
} // namespace

RunService::RunService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

Run RunService::launch(const Actor &actor, const LaunchRequest &request)
{
    return launchOnce(actor, request, nullptr).run;
}

RunService::Launched RunService::launch(const Actor &actor, const LaunchRequest &request,
                                        const Idempotency &idempotency)
{
    try {
        return launchOnce(actor, request, &idempotency);
    } catch (const StoreError &error) {
        // On PostgreSQL two first uses of one key can both miss the record; the second
        // insert then fails on the primary key once the first commits, and its whole
        // transaction (run included) rolls back. Once more, it finds the record and replays.
        qCInfo(lcRuns).noquote() << "launch retried after:" << error.message();
        return launchOnce(actor, request, &idempotency);
    }
}

RunService::Launched RunService::launchOnce(const Actor &actor, const LaunchRequest &request,
                                            const Idempotency *idempotency)
{
    requireWriter(actor);
    const QDateTime now = timestamps::now();
    const QString name =
        request.name ? userrules::name(*request.name, QStringLiteral("name")) : QString();

    Transaction tx(m_database);
    const QSqlDatabase &db = tx.db();
    QString hash;
    if (idempotency) {
        hash = requestHash(actor, idempotency->request);
        IdempotencyRepository keys(db);
        if (const auto stored = keys.find(actor.orgId, idempotency->key)) {
            if (stored->createdAt >= timestamps::toStored(now) - kIdempotencyWindowMs) {
                if (stored->requestHash != hash)
                    throw Error::conflict(
                        QStringLiteral("This Idempotency-Key was already used for a different "
                                       "request. Use a new key for a new request."),
                        QStringLiteral("Idempotency-Key"));
                return Launched{Run(), stored->status, stored->body, true};
            }
            keys.remove(actor.orgId, idempotency->key); // expired: the key is free again
        }
    }

    TemplateRepository templates(db);
    const auto tmpl = templates.findTemplate(actor.orgId, request.templateId);
    if (!tmpl)
        throw Error::notFound(QStringLiteral("template"));
    requireReach(db, actor, tmpl->id, QStringLiteral("template"));
    const auto version = tmpl->publishedVersion
                             ? templates.findVersion(tmpl->id, *tmpl->publishedVersion)
                             : std::nullopt;
    if (!version)
        throw Error::conflict(
            QStringLiteral("Template %1 has no published version to launch.").arg(tmpl->id),
            QStringLiteral("template_id"));
    requireAssignee(db, actor.orgId, request.assigneeId, QStringLiteral("assignee_id"));

    Run run;
    run.id = ids::generate(u"run_");
    run.orgId = actor.orgId;
    run.templateId = tmpl->id;
    run.templateVersion = version->version;
    run.name = request.name ? name : version->name;
    run.status = RunStatus::InProgress;
    run.assigneeId = request.assigneeId;
    run.dueDate = request.dueDate.isValid() ? request.dueDate.toUTC() : QDateTime();
    run.createdAt = now;
    run.updatedAt = now;

    for (auto it = request.formData.begin(); it != request.formData.end(); ++it) {
        const QString path = QStringLiteral("form_data.") + it.key();
        const auto definition =
            std::find_if(version->tasks.begin(), version->tasks.end(),
                         [&](const TaskDefinition &d) { return d.id == it.key(); });
        if (definition == version->tasks.end())
            throw Error::unprocessable(path,
                                       QStringLiteral("'%1' is not a task of template version %2.")
                                           .arg(it.key())
                                           .arg(version->version));
        definition->field.checkValue(it.value(), path);
        requireReferences(db, definition->field, it.value(), actor.orgId, run.id, path);
    }

    QJsonObject changes{
        {QStringLiteral("name"), AuditLog::change(QJsonValue(), run.name)},
        {QStringLiteral("status"), AuditLog::change(QJsonValue(), runStatusName(run.status))},
        {QStringLiteral("template_id"), AuditLog::change(QJsonValue(), run.templateId)},
        {QStringLiteral("template_version"), AuditLog::change(QJsonValue(), run.templateVersion)},
    };
    if (!run.assigneeId.isEmpty())
        changes.insert(QStringLiteral("assignee_id"),
                       AuditLog::change(QJsonValue(), run.assigneeId));
    if (run.dueDate.isValid())
        changes.insert(QStringLiteral("due_date"),
                       AuditLog::change(QJsonValue(), timestamps::format(run.dueDate)));

    int position = 0;
    for (const TaskDefinition &definition : version->tasks) {
        Task task;
        task.id = ids::generate(u"task_");
        task.runId = run.id;
        task.position = position++;
        task.definitionId = definition.id;
        task.name = definition.name;
        task.description = definition.description;
        task.required = definition.required;
        task.field = definition.field;
        task.condition = definition.condition;
        task.value = request.formData.value(definition.id);
        if (task.value.isUndefined())
            task.value = QJsonValue(QJsonValue::Null);
        task.assigneeId = definition.assigneeId;
        if (definition.dueOffsetHours)
            task.dueDate = now.addSecs(qint64(*definition.dueOffsetHours) * 3600);
        if (!task.value.isNull())
            changes.insert(taskField(task, "value"), AuditLog::change(QJsonValue(), task.value));
        run.tasks.append(task);
    }
    applyConditions(run.tasks);

    RunRepository(db).insert(run);
    AuditLog::append(db, run.id, actor, QStringLiteral("run.created"), changes, auditTime(now));
    QJsonObject data = runEventData(run);
    data.insert(QStringLiteral("template_version"), run.templateVersion);
    data.insert(QStringLiteral("name"), run.name);
    data.insert(QStringLiteral("status"), runStatusName(run.status));
    data.insert(QStringLiteral("assignee_id"), textOrNull(run.assigneeId));
    data.insert(QStringLiteral("due_date"), timeOrNull(run.dueDate));
    data.insert(QStringLiteral("created_at"), timestamps::format(run.createdAt));
    events::record(db, run.orgId, events::kRunCreated, data, now);

    Launched launched{run, 201, {}, false};
    if (idempotency) {
        launched.body = idempotency->body(run);
        IdempotencyRepository(db).insert(
            actor.orgId, idempotency->key,
            {hash, launched.status, launched.body, timestamps::toStored(now)});
    }
    tx.commit();
    emit runLaunched(run.orgId, run.id);
    return launched;
}

Run RunService::get(const Actor &actor, const QString &id) const
{
    return findRun(m_database.connection(), actor, id, false);
}

namespace {
// The repository's filter for `filter` as seen by `actor`: an API key in resource mode
// SELECTED is restricted in SQL rather than filtered afterwards, so every page stays full
// and the cursor stays a plain keyset position.
RunRepository::Filter repositoryFilter(const QSqlDatabase &db, const Actor &actor,
                                       const RunService::ListFilter &filter)
{
    RunRepository::Filter query{filter.status, filter.templateId, filter.assigneeId, std::nullopt,
                                filter.text.trimmed()};
    if (actor.resources) {
        TemplateRepository templates(db);
        QHash<QString, QStringList> pathOfFolder;
        QStringList reached;
        for (const auto &[templateId, folderId] : RunRepository(db).templateFolders(actor.orgId)) {
            if (!pathOfFolder.contains(folderId))
                pathOfFolder.insert(folderId, templates.folderPath(actor.orgId, folderId));
            if (actor.reaches(templateId, pathOfFolder.value(folderId)))
                reached << templateId;
        }
        query.templateIds = reached;
    }
    return query;
}
} // namespace

Page<Run> RunService::list(const Actor &actor, const ListFilter &filter,
                           const PageRequest &page) const
{
    const QSqlDatabase db = m_database.connection();
    return RunRepository(db).list(actor.orgId, repositoryFilter(db, actor, filter), page);
}

RunPage RunService::list(const Actor &actor, const ListFilter &filter, const RunOrder &order,
                         int limit, const std::optional<RunPosition> &after, int scanLimit) const
{
    const QSqlDatabase db = m_database.connection();
    return RunRepository(db).list(actor.orgId, repositoryFilter(db, actor, filter), order,
                                  std::clamp(limit, 1, 1000), after, std::max(scanLimit, 0));
}

Run RunService::update(const Actor &actor, const QString &id, const RunChanges &changes)
{
    requireWriter(actor);
    const QString name =
        changes.name ? userrules::name(*changes.name, QStringLiteral("name")) : QString();
    const QDateTime now = timestamps::now();

    Transaction tx(m_database);
    const QSqlDatabase &db = tx.db();
    Run run = findRun(db, actor, id, true);
    if (run.isClosed())
        throw Error::conflict(QStringLiteral("Run %1 is %2 and can no longer change.")
                                  .arg(run.id, runStatusName(run.status)));

    QJsonObject diff;
    if (changes.name && name != run.name) {
        diff.insert(QStringLiteral("name"), AuditLog::change(run.name, name));
        run.name = name;
    }
    if (changes.assigneeId && *changes.assigneeId != run.assigneeId) {
        requireAssignee(db, actor.orgId, *changes.assigneeId, QStringLiteral("assignee_id"));
        diff.insert(QStringLiteral("assignee_id"),
                    AuditLog::change(textOrNull(run.assigneeId), textOrNull(*changes.assigneeId)));
        run.assigneeId = *changes.assigneeId;
    }
    if (changes.dueDate) {
        const QDateTime due = changes.dueDate->isValid() ? changes.dueDate->toUTC() : QDateTime();
        if (timestamps::toStored(due) != timestamps::toStored(run.dueDate) ||
            due.isValid() != run.dueDate.isValid()) {
            diff.insert(QStringLiteral("due_date"),
                        AuditLog::change(timeOrNull(run.dueDate), timeOrNull(due)));
            run.dueDate = due;
        }
    }
    const RunStatus before = run.status;
    if (changes.cancel)
        run.status = RunStatus::Cancelled;
    else if (run.status == RunStatus::Overdue && (!run.dueDate.isValid() || run.dueDate > now))
        run.status = RunStatus::InProgress; // the new deadline has not passed
    if (run.status != before)
        diff.insert(QStringLiteral("status"),
                    AuditLog::change(runStatusName(before), runStatusName(run.status)));
    if (diff.isEmpty())
        return run;

    run.updatedAt = now;
    RunRepository(db).update(run);
    const bool cancelled = run.status == RunStatus::Cancelled;
    AuditLog::append(db, run.id, actor,
                     cancelled ? QStringLiteral("run.cancelled") : QStringLiteral("run.updated"),
                     diff, auditTime(now));
    QJsonObject data = runEventData(run);
    if (cancelled)
        data.insert(QStringLiteral("cancelled_at"), timestamps::format(now));
    data.insert(QStringLiteral("changes"), diff);
    events::record(db, run.orgId, cancelled ? events::kRunCancelled : events::kRunUpdated, data,
                   now);
    tx.commit();
    emit runChanged(run.orgId, run.id);
    return run;
}

Task RunService::updateTask(const Actor &actor, const QString &runId, const QString &taskId,
                            const TaskChanges &changes)
{
    requireWriter(actor);
    const QDateTime now = timestamps::now();

    Transaction tx(m_database);
    const QSqlDatabase &db = tx.db();
    Run run = findRun(db, actor, runId, true);
    const auto found = std::find_if(run.tasks.begin(), run.tasks.end(),
                                    [&](const Task &t) { return t.id == taskId; });
    if (found == run.tasks.end())
        throw Error::notFound(QStringLiteral("task"));
    if (run.isClosed())
        throw Error::conflict(QStringLiteral("Run %1 is %2; its tasks can no longer change.")
                                  .arg(run.id, runStatusName(run.status)));
    Task &task = *found;
    const Task before = task;

    if (changes.value) {
        task.field.checkValue(*changes.value, QStringLiteral("value"));
        requireReferences(db, task.field, *changes.value, actor.orgId, run.id,
                          QStringLiteral("value"));
    }
    if (changes.status) {
        if (*changes.status == TaskStatus::Pending)
            throw Error::unprocessable(QStringLiteral("status"),
                                       QStringLiteral("'status' must be COMPLETED or SKIPPED."));
        if (!task.visible)
            throw Error::unprocessable(
                QStringLiteral("status"),
                QStringLiteral("Task %1 is hidden by its condition and cannot be %2.")
                    .arg(task.id, taskStatusName(*changes.status).toLower()));
        if (*changes.status == TaskStatus::Skipped && task.required)
            throw Error::unprocessable(
                QStringLiteral("status"),
                QStringLiteral("Task %1 is required and cannot be skipped.").arg(task.id));
    }
    if (changes.assigneeId)
        requireAssignee(db, actor.orgId, *changes.assigneeId, QStringLiteral("assignee_id"));

    QJsonObject diff;
    if (changes.value && *changes.value != task.value) {
        diff.insert(taskField(task, "value"), AuditLog::change(task.value, *changes.value));
        task.value = *changes.value;
    }
    if (changes.assigneeId && *changes.assigneeId != task.assigneeId) {
        diff.insert(taskField(task, "assignee_id"),
                    AuditLog::change(textOrNull(task.assigneeId), textOrNull(*changes.assigneeId)));
        task.assigneeId = *changes.assigneeId;
    }
    if (changes.dueDate) {
        const QDateTime due = changes.dueDate->isValid() ? changes.dueDate->toUTC() : QDateTime();
        if (due.isValid() != task.dueDate.isValid() ||
            timestamps::toStored(due) != timestamps::toStored(task.dueDate)) {
            diff.insert(taskField(task, "due_date"),
                        AuditLog::change(timeOrNull(task.dueDate), timeOrNull(due)));
            task.dueDate = due;
        }
    }
    if (changes.status && *changes.status != task.status) {
        diff.insert(taskField(task, "status"),
                    AuditLog::change(taskStatusName(task.status), taskStatusName(*changes.status)));
        task.status = *changes.status;
        const bool completed = task.status == TaskStatus::Completed;
        task.completedAt = completed ? now : QDateTime();
        task.completedBy = completed ? actor.id : QString();
        diff.insert(taskField(task, "completed_at"),
                    AuditLog::change(timeOrNull(before.completedAt), timeOrNull(task.completedAt)));
        diff.insert(taskField(task, "completed_by"),
                    AuditLog::change(textOrNull(before.completedBy), textOrNull(task.completedBy)));
    }
    if (diff.isEmpty())
        return task;

    const Task changed = task; // `task` refers into run.tasks, which applyConditions edits
    const bool justCompleted =
        before.status != TaskStatus::Completed && changed.status == TaskStatus::Completed;
    RunRepository runs(db);
    runs.updateTask(changed);
    AuditLog::append(db, run.id, actor,
                     justCompleted ? QStringLiteral("task.completed")
                                   : QStringLiteral("task.updated"),
                     diff, auditTime(now));
    QJsonObject data = runEventData(run);
    data.insert(QStringLiteral("task_id"), changed.id);
    if (justCompleted) {
        data.insert(QStringLiteral("completed_at"), timestamps::format(now));
        data.insert(QStringLiteral("completed_by"), actor.id);
        events::record(db, run.orgId, events::kTaskCompleted, data, now);
    } else {
        data.insert(QStringLiteral("changes"), diff);
        events::record(db, run.orgId, events::kTaskUpdated, data, now);
    }

    // A new value may show or hide the tasks whose conditions look at it.
    for (const int i : applyConditions(run.tasks)) {
        const Task &other = run.tasks.at(i);
        runs.updateTask(other);
        const QJsonObject visibility{
            {taskField(other, "visible"), AuditLog::change(!other.visible, other.visible)}};
        AuditLog::append(db, run.id, actor, QStringLiteral("task.updated"), visibility,
                         auditTime(now));
        QJsonObject otherData = runEventData(run);
        otherData.insert(QStringLiteral("task_id"), other.id);
        otherData.insert(QStringLiteral("changes"), visibility);
        events::record(db, run.orgId, events::kTaskUpdated, otherData, now);
    }

    const bool completesRun = allRequiredDone(run.tasks);
    if (completesRun)
        completeRun(db, run, actor, now);
    run.updatedAt = now;
    runs.update(run);
    tx.commit();
    emit runChanged(run.orgId, run.id);
    if (completesRun)
        emit runCompleted(run.orgId, run.id);
    return changed;
}

QList<AuditEntry> RunService::audit(const Actor &actor, const QString &runId) const
{
    const QSqlDatabase db = m_database.connection();
    const Run run = findRun(db, actor, runId, false);
    return AuditLog::entries(db, run.id);
}

AuditRepository::Chain RunService::auditChain(const Actor &actor, const QString &runId) const
{
    const QSqlDatabase db = m_database.connection();
    const Run run = findRun(db, actor, runId, false);
    const auto chain = AuditRepository(db).chain(run.id);
    if (!chain)
        throw Error::notFound(QStringLiteral("run"));
    return *chain;
}

std::optional<AuditLog::Break> RunService::verifyAudit(const Actor &actor,
                                                       const QString &runId) const
{
    const AuditRepository::Chain chain = auditChain(actor, runId);
    return AuditLog::verify(runId, chain.head, chain.entries);
}

int RunService::markOverdue(const QDateTime &now)
{
    const qint64 at = timestamps::toStored(now);
    const QList<Run> due = RunRepository(m_database.connection()).dueBefore(at, kOverdueBatch);
    int moved = 0;
    for (const Run &candidate : due) {
        Transaction tx(m_database);
        // Conditional on the state inside this transaction: a run completed, cancelled,
        // rescheduled or already marked since the candidates were read is left alone.
        if (!RunRepository(tx.db()).markOverdue(candidate.id, at))
            continue;
        const Actor system = Actor::system(candidate.orgId);
        AuditLog::append(
            tx.db(), candidate.id, system, QStringLiteral("run.overdue"),
            {{QStringLiteral("status"), AuditLog::change(runStatusName(RunStatus::InProgress),
                                                         runStatusName(RunStatus::Overdue))}},
            auditTime(now));
        QJsonObject data = runEventData(candidate);
        data.insert(QStringLiteral("due_date"), timestamps::format(candidate.dueDate));
        events::record(tx.db(), candidate.orgId, events::kRunOverdue, data, now);
        tx.commit();
        ++moved;
        emit runChanged(candidate.orgId, candidate.id);
    }
    return moved;
}

} // namespace cadenio
