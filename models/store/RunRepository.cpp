#include "RunRepository.h"

#include "Dialect.h"
#include "domain/Timestamps.h"
#include "SqlQuery.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cadenio {

namespace {
const QString kRunColumns = QStringLiteral(
    "r.id, r.org_id, r.template_id, r.template_version, r.name, r.status, r.assignee_id, "
    "r.due_date, r.created_at, r.updated_at, r.completed_at");
const QString kTaskColumns =
    QStringLiteral("id, run_id, position, definition_id, name, description, required, field, "
                   "condition, visible, status, value, assignee_id, due_date, completed_at, "
                   "completed_by");

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A value may be a scalar, which QJsonDocument cannot hold on its own: it is stored as
// the JSON text of a one-element array, and NULL when there is no value.
QVariant valueText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QVariant(QMetaType::fromType<QString>());
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
}

QJsonValue valueFrom(const SqlQuery &q, int column)
{
    if (q.isNull(column))
        return QJsonValue(QJsonValue::Null);
    return QJsonDocument::fromJson(q.text(column).toUtf8()).array().at(0);
}

QVariant conditionText(const std::optional<TaskCondition> &condition)
{
    if (!condition)
        return QVariant(QMetaType::fromType<QString>());
    return compact({{QStringLiteral("task_id"), condition->taskId},
                    {QStringLiteral("equals"), condition->equals}});
}

std::optional<TaskCondition> conditionFrom(const SqlQuery &q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(q.text(column).toUtf8()).object();
    return TaskCondition{object.value(QLatin1String("task_id")).toString(),
                         object.value(QLatin1String("equals"))};
}

Run readRun(const SqlQuery &q)
{
    Run run;
    run.id = q.text(0);
    run.orgId = q.text(1);
    run.templateId = q.text(2);
    run.templateVersion = int(q.integer(3));
    run.name = q.text(4);
    run.status = runStatusFromName(q.text(5)).value_or(RunStatus::InProgress);
    run.assigneeId = q.text(6);
    run.dueDate = optionalTime(q, 7);
    run.createdAt = timestamps::fromStored(q.integer(8));
    run.updatedAt = timestamps::fromStored(q.integer(9));
    run.completedAt = optionalTime(q, 10);
    return run;
}

Task readTask(const SqlQuery &q)
{
    Task task;
    task.id = q.text(0);
    task.runId = q.text(1);
    task.position = int(q.integer(2));
    task.definitionId = q.text(3);
    task.name = q.text(4);
    task.description = q.text(5);
    task.required = q.integer(6) != 0;
    // Stored specs were validated when the template was published.
    task.field = FieldSpec::fromJson(QJsonDocument::fromJson(q.text(7).toUtf8()).object(),
                                     QStringLiteral("field"));
    task.condition = conditionFrom(q, 8);
    task.visible = q.integer(9) != 0;
    task.status = taskStatusFromName(q.text(10)).value_or(TaskStatus::Pending);
    task.value = valueFrom(q, 11);
    task.assigneeId = q.text(12);
    task.dueDate = optionalTime(q, 13);
    task.completedAt = optionalTime(q, 14);
    task.completedBy = q.text(15);
    return task;
}
} // namespace

void RunRepository::insert(const Run &run)
{
    SqlQuery(m_db,
             QStringLiteral(
                 "INSERT INTO runs (id, org_id, template_id, template_version, name, status, "
                 "assignee_id, due_date, created_at, updated_at, completed_at, audit_head) VALUES "
                 "(:id, :org, :template, :version, :name, :status, :assignee, :due, :created, "
                 ":updated, :completed, '')"))
        .bind(QStringLiteral(":id"), run.id)
        .bind(QStringLiteral(":org"), run.orgId)
        .bind(QStringLiteral(":template"), run.templateId)
        .bind(QStringLiteral(":version"), run.templateVersion)
        .bind(QStringLiteral(":name"), run.name)
        .bind(QStringLiteral(":status"), runStatusName(run.status))
        .bind(QStringLiteral(":assignee"), nullableText(run.assigneeId))
        .bind(QStringLiteral(":due"), storedOrNull(run.dueDate))
        .bind(QStringLiteral(":created"), timestamps::toStored(run.createdAt))
        .bind(QStringLiteral(":updated"), timestamps::toStored(run.updatedAt))
        .bind(QStringLiteral(":completed"), storedOrNull(run.completedAt))
        .exec();
    for (const Task &task : run.tasks) {
        SqlQuery(m_db, QStringLiteral("INSERT INTO tasks (") + kTaskColumns +
                           QStringLiteral(
                               ") VALUES (:id, :run, :position, :definition, :name, "
                               ":description, :required, :field, :condition, :visible, :status, "
                               ":value, :assignee, :due, :completed, :by)"))
            .bind(QStringLiteral(":id"), task.id)
            .bind(QStringLiteral(":run"), task.runId)
            .bind(QStringLiteral(":position"), task.position)
            .bind(QStringLiteral(":definition"), task.definitionId)
            .bind(QStringLiteral(":name"), task.name)
            .bind(QStringLiteral(":description"), task.description)
            .bind(QStringLiteral(":required"), task.required ? 1 : 0)
            .bind(QStringLiteral(":field"), compact(task.field.toJson()))
            .bind(QStringLiteral(":condition"), conditionText(task.condition))
            .bind(QStringLiteral(":visible"), task.visible ? 1 : 0)
            .bind(QStringLiteral(":status"), taskStatusName(task.status))
            .bind(QStringLiteral(":value"), valueText(task.value))
            .bind(QStringLiteral(":assignee"), nullableText(task.assigneeId))
            .bind(QStringLiteral(":due"), storedOrNull(task.dueDate))
            .bind(QStringLiteral(":completed"), storedOrNull(task.completedAt))
            .bind(QStringLiteral(":by"), nullableText(task.completedBy))
            .exec();
    }
}

void RunRepository::update(const Run &run)
{
    SqlQuery(m_db, QStringLiteral("UPDATE runs SET name = :name, status = :status, assignee_id = "
                                  ":assignee, due_date = :due, updated_at = :updated, "
                                  "completed_at = :completed WHERE id = :id"))
        .bind(QStringLiteral(":name"), run.name)
        .bind(QStringLiteral(":status"), runStatusName(run.status))
        .bind(QStringLiteral(":assignee"), nullableText(run.assigneeId))
        .bind(QStringLiteral(":due"), storedOrNull(run.dueDate))
        .bind(QStringLiteral(":updated"), timestamps::toStored(run.updatedAt))
        .bind(QStringLiteral(":completed"), storedOrNull(run.completedAt))
        .bind(QStringLiteral(":id"), run.id)
        .exec();
}

void RunRepository::updateTask(const Task &task)
{
    SqlQuery(m_db, QStringLiteral(
                       "UPDATE tasks SET visible = :visible, status = :status, value = :value, "
                       "assignee_id = :assignee, due_date = :due, completed_at = :completed, "
                       "completed_by = :by WHERE id = :id"))
        .bind(QStringLiteral(":visible"), task.visible ? 1 : 0)
        .bind(QStringLiteral(":status"), taskStatusName(task.status))
        .bind(QStringLiteral(":value"), valueText(task.value))
        .bind(QStringLiteral(":assignee"), nullableText(task.assigneeId))
        .bind(QStringLiteral(":due"), storedOrNull(task.dueDate))
        .bind(QStringLiteral(":completed"), storedOrNull(task.completedAt))
        .bind(QStringLiteral(":by"), nullableText(task.completedBy))
        .bind(QStringLiteral(":id"), task.id)
        .exec();
}

std::optional<Run> RunRepository::find(const QString &orgId, const QString &id, bool lock) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kRunColumns +
                         QStringLiteral(" FROM runs r WHERE r.org_id = :org AND r.id = :id") +
                         (lock ? Dialect::of(m_db).lockRows() : QString()));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    Run run = readRun(q);
    run.tasks = tasks(run.id);
    return run;
}

QList<Task> RunRepository::tasks(const QString &runId) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kTaskColumns +
                         QStringLiteral(" FROM tasks WHERE run_id = :run ORDER BY position"));
    q.bind(QStringLiteral(":run"), runId).exec();
    QList<Task> result;
    while (q.next())
        result.append(readTask(q));
    return result;
}

Page<Run> RunRepository::list(const QString &orgId, const Filter &filter,
                              const PageRequest &request) const
{
    std::optional<RunPosition> after;
    if (request.after)
        after = RunPosition{request.after->createdAt, request.after->id};
    RunPage page = list(orgId, filter, RunOrder{}, request.limit, after);
    Page<Run> result;
    result.items = std::move(page.items);
    if (page.next)
        result.next = PagePosition{page.next->value.value_or(0), page.next->id};
    return result;
}

RunPosition RunRepository::positionOf(const Run &run, RunSortKey key)
{
    switch (key) {
    case RunSortKey::Created:
        return {timestamps::toStored(run.createdAt), run.id};
    case RunSortKey::Updated:
        return {timestamps::toStored(run.updatedAt), run.id};
    case RunSortKey::Due:
        break;
    }
    return {run.dueDate.isValid() ? std::optional(timestamps::toStored(run.dueDate)) : std::nullopt,
            run.id};
}

namespace {
QString sortColumn(RunSortKey key)
{
    switch (key) {
    case RunSortKey::Created:
        return QStringLiteral("r.created_at");
    case RunSortKey::Updated:
        return QStringLiteral("r.updated_at");
    case RunSortKey::Due:
        break;
    }
    return QStringLiteral("r.due_date");
}

// "After this position" in `order`, written as ranges the (…, column, id) indexes serve.
// Only due_date can be NULL; NULL sorts as the smallest value, as SQLite has it.
QString keysetCondition(const RunOrder &order, const RunPosition &after)
{
    const QString column = sortColumn(order.key);
    const QString cmp = order.ascending ? QStringLiteral(">") : QStringLiteral("<");
    if (!after.value) {
        return order.ascending
                   ? QStringLiteral(" AND ((%1 IS NULL AND r.id > :after_id) OR "
                                    "%1 IS NOT NULL)")
                         .arg(column)
                   : QStringLiteral(" AND (%1 IS NULL AND r.id < :after_id)").arg(column);
    }
    QString condition =
        QStringLiteral("%1 %2 :after_value OR (%1 = :after_value_eq AND r.id %2 :after_id)")
            .arg(column, cmp);
    if (order.key == RunSortKey::Due && !order.ascending)
        condition += QStringLiteral(" OR %1 IS NULL").arg(column);
    return QStringLiteral(" AND (%1)").arg(condition);
}

QString orderBy(const RunOrder &order, bool postgres)
{
    const QString direction = order.ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString nulls;
    // PostgreSQL sorts NULL as the largest value; name the placement SQLite has by default.
    if (postgres && order.key == RunSortKey::Due)
        nulls = order.ascending ? QStringLiteral(" NULLS FIRST") : QStringLiteral(" NULLS LAST");
    return QStringLiteral(" ORDER BY %1 %2%3, r.id %2")
        .arg(sortColumn(order.key), direction, nulls);
}

// LIKE with the user's text taken literally: % and _ are escaped, not wildcards.
QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}
} // namespace

RunPage RunRepository::list(const QString &orgId, const Filter &filter, const RunOrder &order,
                            int limit, const std::optional<RunPosition> &after, int scanLimit) const
{
    if (filter.templateIds && filter.templateIds->isEmpty())
        return {};
    const bool postgres = m_db.driverName() == QLatin1String("QPSQL");
    // Equality filters first and the keyset last, matching the (org_id, <filter>, <sort
    // column>, id) indexes, so a page costs the same at any depth.
    QString where = QStringLiteral(" WHERE r.org_id = :org");
    if (filter.status)
        where += QStringLiteral(" AND r.status = :status");
    if (!filter.templateId.isEmpty())
        where += QStringLiteral(" AND r.template_id = :template");
    if (!filter.assigneeId.isEmpty())
        where += QStringLiteral(" AND r.assignee_id = :assignee");
    if (filter.templateIds) {
        QStringList placeholders;
        for (qsizetype i = 0; i < filter.templateIds->size(); ++i)
            placeholders << QStringLiteral(":reach%1").arg(i);
        where += QStringLiteral(" AND r.template_id IN (%1)").arg(placeholders.join(u", "));
    }
    if (after)
        where += keysetCondition(order, *after);
    const auto bindWhere = [&](SqlQuery &q) {
        q.bind(QStringLiteral(":org"), orgId);
        if (filter.status)
            q.bind(QStringLiteral(":status"), runStatusName(*filter.status));
        if (!filter.templateId.isEmpty())
            q.bind(QStringLiteral(":template"), filter.templateId);
        if (!filter.assigneeId.isEmpty())
            q.bind(QStringLiteral(":assignee"), filter.assigneeId);
        if (filter.templateIds) {
            for (qsizetype i = 0; i < filter.templateIds->size(); ++i)
                q.bind(QStringLiteral(":reach%1").arg(i), filter.templateIds->at(i));
        }
        if (after) {
            // Each placeholder once: not every driver binds a repeated name.
            if (after->value) {
                q.bind(QStringLiteral(":after_value"), *after->value);
                q.bind(QStringLiteral(":after_value_eq"), *after->value);
            }
            q.bind(QStringLiteral(":after_id"), after->id);
        }
    };
    const QString ordering = orderBy(order, postgres);

    // No index serves a substring. SQLite's LIKE already ignores (ASCII) case.
    const bool text = !filter.text.isEmpty();
    const QString textCondition =
        QStringLiteral("(r.name %1 :text ESCAPE '\\' OR r.id = :text_id)")
            .arg(postgres ? QStringLiteral("ILIKE") : QStringLiteral("LIKE"));
    // With a scan limit, the text is matched within the next `scanLimit` runs of the order
    // only, so a rare term costs a bounded step instead of a pass over every run.
    const bool windowed = text && scanLimit > 0;
    QString sql;
    if (windowed) {
        sql = QStringLiteral("SELECT ") + kRunColumns + QStringLiteral(" FROM (SELECT ") +
              kRunColumns + QStringLiteral(" FROM runs r") + where + ordering +
              QStringLiteral(" LIMIT %1) r WHERE ").arg(scanLimit) + textCondition + ordering;
    } else {
        sql = QStringLiteral("SELECT ") + kRunColumns + QStringLiteral(" FROM runs r") + where +
              (text ? QStringLiteral(" AND ") + textCondition : QString()) + ordering;
    }
    sql += QStringLiteral(" LIMIT %1").arg(limit + 1);

    SqlQuery q(m_db, sql);
    bindWhere(q);
    if (text) {
        q.bind(QStringLiteral(":text"), containsPattern(filter.text));
        q.bind(QStringLiteral(":text_id"), filter.text.trimmed());
    }
    q.exec();
    RunPage page;
    while (q.next())
        page.items.append(readRun(q));
    if (page.items.size() > limit) {
        page.items.resize(limit);
        page.next = positionOf(page.items.last(), order.key);
        return page;
    }
    if (windowed) {
        // Fewer matches than a page: go on after the window's last run, if it was full.
        SqlQuery last(
            m_db, QStringLiteral("SELECT %1, r.id FROM runs r").arg(sortColumn(order.key)) + where +
                      ordering + QStringLiteral(" LIMIT 1 OFFSET %1").arg(scanLimit - 1));
        bindWhere(last);
        last.exec();
        if (last.next())
            page.next =
                RunPosition{last.isNull(0) ? std::nullopt : std::optional<qint64>(last.integer(0)),
                            last.text(1)};
    }
    return page;
}

QList<Run> RunRepository::dueBefore(qint64 now, int limit) const
{
    // Served by runs_due (status, due_date).
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kRunColumns +
                         QStringLiteral(" FROM runs r WHERE r.status = 'IN_PROGRESS' AND "
                                        "r.due_date < :now ORDER BY r.due_date LIMIT %1")
                             .arg(limit));
    q.bind(QStringLiteral(":now"), now).exec();
    QList<Run> rows;
    while (q.next())
        rows.append(readRun(q));
    return rows;
}

bool RunRepository::markOverdue(const QString &runId, qint64 now)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE runs SET status = 'OVERDUE', updated_at = :now "
                                    "WHERE id = :id AND status = 'IN_PROGRESS' AND "
                                    "due_date < :now_due"));
    q.bind(QStringLiteral(":now"), now)
        .bind(QStringLiteral(":id"), runId)
        .bind(QStringLiteral(":now_due"), now)
        .exec();
    return q.rowsAffected() == 1;
}

QList<QPair<QString, QString>> RunRepository::templateFolders(const QString &orgId) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT id, folder_id FROM templates WHERE org_id = :org"));
    q.bind(QStringLiteral(":org"), orgId).exec();
    QList<QPair<QString, QString>> result;
    while (q.next())
        result.append({q.text(0), q.text(1)});
    return result;
}

} // namespace cadenio
