#include "domain/Error.h"
#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/JsonValues.h"
#include "http/RequestContext.h"
#include "services/Services.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cadenio::api {

namespace {
constexpr qsizetype kMaxIdempotencyKeyLength = 255;

// The seed's run fields plus the pinned template version.
QJsonObject runJson(const Run &run)
{
    return {
        {QStringLiteral("id"), run.id},
        {QStringLiteral("name"), run.name},
        {QStringLiteral("status"), runStatusName(run.status)},
        {QStringLiteral("template_id"), run.templateId},
        {QStringLiteral("template_version"), run.templateVersion},
        {QStringLiteral("assignee_id"), textOrNull(run.assigneeId)},
        {QStringLiteral("due_date"), timeOrNull(run.dueDate)},
        {QStringLiteral("created_at"), timestamps::format(run.createdAt)},
        {QStringLiteral("completed_at"), timeOrNull(run.completedAt)},
    };
}

QJsonObject taskJson(const Task &task)
{
    return {
        {QStringLiteral("id"), task.id},
        {QStringLiteral("run_id"), task.runId},
        {QStringLiteral("name"), task.name},
        {QStringLiteral("required"), task.required},
        {QStringLiteral("status"), taskStatusName(task.status)},
        {QStringLiteral("field"), task.field.toJson()},
        {QStringLiteral("value"), task.value.isUndefined() ? QJsonValue() : task.value},
        {QStringLiteral("assignee_id"), textOrNull(task.assigneeId)},
        {QStringLiteral("due_date"), timeOrNull(task.dueDate)},
        {QStringLiteral("completed_at"), timeOrNull(task.completedAt)},
        {QStringLiteral("completed_by"), textOrNull(task.completedBy)},
        {QStringLiteral("visible"), task.visible},
    };
}

QJsonObject runWithTasksJson(const Run &run)
{
    QJsonObject json = runJson(run);
    QJsonArray tasks;
    for (const Task &task : run.tasks)
        tasks.append(taskJson(task));
    json.insert(QStringLiteral("tasks"), tasks);
    return json;
}

QJsonObject auditJson(const AuditEntry &entry)
{
    return {
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("run_id"), entry.runId},
        {QStringLiteral("at"), timestamps::format(entry.at)},
        {QStringLiteral("actor"), QJsonObject{{QStringLiteral("type"), entry.actorType},
                                              {QStringLiteral("id"), entry.actorId}}},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("changes"), entry.changes},
        {QStringLiteral("hash"), entry.hash},
        {QStringLiteral("prev_hash"), entry.prevHash},
    };
}

// Absent: nullopt; null: an empty string (clear it); otherwise the string.
std::optional<QString> nullableString(const JsonReader &body, const QString &field)
{
    if (!body.has(field))
        return std::nullopt;
    if (body.isNull(field))
        return QString();
    return body.string(field);
}

// Absent: nullopt; null: an invalid QDateTime (no deadline); otherwise an RFC 3339 time.
std::optional<QDateTime> nullableTime(const JsonReader &body, const QString &field)
{
    if (!body.has(field))
        return std::nullopt;
    if (body.isNull(field))
        return QDateTime();
    const auto at = timestamps::parse(body.string(field));
    if (!at)
        throw Error::invalid(
            field, QStringLiteral("'%1' must be an RFC 3339 date-time or null.").arg(field));
    return *at;
}

std::optional<RunStatus> cancelledOnly(QStringView name)
{
    const auto status = runStatusFromName(name);
    return status == RunStatus::Cancelled ? status : std::nullopt;
}

std::optional<TaskStatus> finishedTaskStatus(QStringView name)
{
    const auto status = taskStatusFromName(name);
    return status == TaskStatus::Pending ? std::nullopt : status;
}

QString queryValue(const RequestContext &ctx, const QString &name)
{
    if (!ctx.request.query.hasQueryItem(name))
        return {};
    const QString value = ctx.request.query.queryItemValue(name, QUrl::FullyDecoded);
    if (value.isEmpty())
        throw Error::invalid(name, QStringLiteral("'%1' must not be empty.").arg(name));
    return value;
}

RunService::ListFilter readFilter(const RequestContext &ctx)
{
    RunService::ListFilter filter;
    const QString status = queryValue(ctx, QStringLiteral("status"));
    if (!status.isEmpty()) {
        filter.status = runStatusFromName(status);
        if (!filter.status)
            throw Error::invalid(
                QStringLiteral("status"),
                QStringLiteral("'status' must be one of IN_PROGRESS, COMPLETED, OVERDUE, "
                               "CANCELLED."));
    }
    filter.templateId = queryValue(ctx, QStringLiteral("template_id"));
    filter.assigneeId = queryValue(ctx, QStringLiteral("assignee_id"));
    return filter;
}

// Printable ASCII, as Stripe accepts: the key is echoed in logs and compared byte for byte.
std::optional<QString> idempotencyKey(const RequestContext &ctx)
{
    const QByteArray key = ctx.request.header("Idempotency-Key");
    if (key.isEmpty())
        return std::nullopt;
    const bool printable =
        std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
    if (key.size() > kMaxIdempotencyKeyLength || !printable || key.trimmed().isEmpty())
        throw Error::invalid(QStringLiteral("Idempotency-Key"),
                             QStringLiteral("'Idempotency-Key' must be 1 to %1 printable ASCII "
                                            "characters.")
                                 .arg(kMaxIdempotencyKeyLength));
    return QString::fromLatin1(key);
}

ApiResponse launch(RequestContext &ctx)
{
    const JsonReader body =
        ctx.json({u"template_id", u"name", u"assignee_id", u"due_date", u"form_data"});
    RunService::LaunchRequest request;
    request.templateId = body.string(QStringLiteral("template_id"));
    if (body.has(QStringLiteral("name")) && !body.isNull(QStringLiteral("name")))
        request.name = body.string(QStringLiteral("name"));
    request.assigneeId = nullableString(body, QStringLiteral("assignee_id")).value_or(QString());
    request.dueDate = nullableTime(body, QStringLiteral("due_date")).value_or(QDateTime());
    const QString formData = QStringLiteral("form_data");
    if (body.has(formData) && !body.isNull(formData)) {
        if (!body.raw().value(formData).isObject())
            throw Error::invalid(formData, QStringLiteral("'form_data' must be an object."));
        request.formData = body.raw().value(formData).toObject();
    }

    const auto key = idempotencyKey(ctx);
    if (!key)
        return ApiResponse::created(runJson(ctx.services.runs().launch(ctx.actor(), request)));
    // Compact JSON with sorted keys: the same request in other whitespace or key order is
    // still the same request.
    const RunService::Idempotency idempotency{
        *key, QJsonDocument(body.raw()).toJson(QJsonDocument::Compact),
        [](const Run &run) { return QJsonDocument(runJson(run)).toJson(QJsonDocument::Compact); }};
    const RunService::Launched launched =
        ctx.services.runs().launch(ctx.actor(), request, idempotency);
    ApiResponse response = ApiResponse::raw(launched.status, launched.body, "application/json");
    if (launched.replayed)
        response.setHeader("Idempotent-Replayed", "true");
    return response;
}

ApiResponse updateRun(RequestContext &ctx)
{
    const JsonReader body = ctx.json({u"name", u"assignee_id", u"due_date", u"status"});
    RunService::RunChanges changes;
    changes.name = body.optionalString(QStringLiteral("name"));
    changes.assigneeId = nullableString(body, QStringLiteral("assignee_id"));
    changes.dueDate = nullableTime(body, QStringLiteral("due_date"));
    changes.cancel = body.optionalEnum<RunStatus>(QStringLiteral("status"), cancelledOnly,
                                                  QStringLiteral("CANCELLED"))
                         .has_value();
    return ApiResponse::ok(runWithTasksJson(
        ctx.services.runs().update(ctx.actor(), ctx.parameter(QStringLiteral("id")), changes)));
}

ApiResponse updateTask(RequestContext &ctx)
{
    const JsonReader body = ctx.json({u"status", u"value", u"assignee_id", u"due_date"});
    RunService::TaskChanges changes;
    changes.status = body.optionalEnum<TaskStatus>(QStringLiteral("status"), finishedTaskStatus,
                                                   QStringLiteral("COMPLETED, SKIPPED"));
    if (body.has(QStringLiteral("value")))
        changes.value = body.raw().value(QStringLiteral("value"));
    changes.assigneeId = nullableString(body, QStringLiteral("assignee_id"));
    changes.dueDate = nullableTime(body, QStringLiteral("due_date"));
    return ApiResponse::ok(
        taskJson(ctx.services.runs().updateTask(ctx.actor(), ctx.parameter(QStringLiteral("id")),
                                                ctx.parameter(QStringLiteral("taskId")), changes)));
}
} // namespace

void addRunRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/runs"),
                Access::SessionOrKey,
                QStringLiteral("runs:read"),
                Roles::all(),
                false,
                {QStringLiteral("status"), QStringLiteral("template_id"),
                 QStringLiteral("assignee_id"), QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const RunService::ListFilter filter = readFilter(ctx);
                    const Page<Run> page =
                        ctx.services.runs().list(ctx.actor(), filter, ctx.page());
                    return ApiResponse::ok(pagination::envelope<Run>(page, runJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/runs"),
                Access::SessionOrKey,
                QStringLiteral("runs:execute"),
                Roles::writers(),
                true,
                {},
                launch});
    router.add({"GET",
                QStringLiteral("/v1/runs/:id"),
                Access::SessionOrKey,
                QStringLiteral("runs:read"),
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    return ApiResponse::ok(runWithTasksJson(
                        ctx.services.runs().get(ctx.actor(), ctx.parameter(QStringLiteral("id")))));
                }});
    router.add({"PATCH",
                QStringLiteral("/v1/runs/:id"),
                Access::SessionOrKey,
                QStringLiteral("runs:write"),
                Roles::writers(),
                true,
                {},
                updateRun});
    router.add({"PATCH",
                QStringLiteral("/v1/runs/:id/tasks/:taskId"),
                Access::SessionOrKey,
                QStringLiteral("runs:write"),
                Roles::writers(),
                true,
                {},
                updateTask});
    router.add({"GET",
                QStringLiteral("/v1/runs/:id/audit"),
                Access::SessionOrKey,
                QStringLiteral("runs:read"),
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    QJsonArray data;
                    for (const AuditEntry &entry : ctx.services.runs().audit(
                             ctx.actor(), ctx.parameter(QStringLiteral("id"))))
                        data.append(auditJson(entry));
                    // The list shape of every other endpoint; a run's trail is one page.
                    return ApiResponse::ok({{QStringLiteral("data"), data},
                                            {QStringLiteral("next_cursor"), QJsonValue()},
                                            {QStringLiteral("has_more"), false}});
                }});
}

} // namespace cadenio::api
