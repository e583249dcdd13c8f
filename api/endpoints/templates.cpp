#include "domain/TaskDefinitionJson.h"
#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/JsonValues.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

namespace {
QJsonObject templateJson(const Template &tmpl)
{
    return {
        {QStringLiteral("id"), tmpl.id},
        {QStringLiteral("name"), tmpl.name},
        {QStringLiteral("description"), tmpl.description},
        {QStringLiteral("folder_id"), textOrNull(tmpl.folderId)},
        {QStringLiteral("status"), tmpl.status() == TemplateStatus::Published
                                       ? QStringLiteral("PUBLISHED")
                                       : QStringLiteral("DRAFT")},
        {QStringLiteral("version"),
         tmpl.publishedVersion ? QJsonValue(*tmpl.publishedVersion) : QJsonValue()},
        {QStringLiteral("has_unpublished_changes"), tmpl.hasUnpublishedChanges},
        {QStringLiteral("tasks"), taskjson::toJson(tmpl.tasks)},
        {QStringLiteral("created_at"), timestamps::format(tmpl.createdAt)},
        {QStringLiteral("updated_at"), timestamps::format(tmpl.updatedAt)},
        {QStringLiteral("published_at"), timeOrNull(tmpl.publishedAt)},
    };
}

// An optional string field that may also be null; both read as empty.
QString nullableString(const JsonReader &body, const QString &field)
{
    return !body.has(field) || body.isNull(field) ? QString() : body.string(field);
}

// folder_id: a folder, or null for the top level. "" would otherwise read as the top
// level too; a client sending it most likely lost an id on the way, so say so.
QString folderId(const JsonReader &body)
{
    const QString field = QStringLiteral("folder_id");
    const QString id = nullableString(body, field);
    if (body.has(field) && !body.isNull(field) && id.isEmpty())
        throw Error::unprocessable(field,
                                   QStringLiteral("'folder_id' must be a folder id or null."));
    return id;
}

QList<TaskDefinition> tasks(const JsonReader &body)
{
    const QString field = QStringLiteral("tasks");
    if (!body.has(field))
        throw Error::invalid(field, QStringLiteral("'tasks' is required."));
    return taskjson::fromJson(body.raw().value(field), field);
}
} // namespace

void addTemplateRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/templates"),
                Access::SessionOrKey,
                QStringLiteral("templates:read"),
                Roles::all(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<Template> page =
                        ctx.services.templates().listPublished(ctx.actor(), ctx.page());
                    return ApiResponse::ok(pagination::envelope<Template>(page, templateJson));
                }});
    router.add({"GET",
                QStringLiteral("/v1/templates/:id"),
                Access::SessionOrKey,
                QStringLiteral("templates:read"),
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    return ApiResponse::ok(templateJson(ctx.services.templates().get(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")))));
                }});
    router.add(
        {"POST",
         QStringLiteral("/v1/templates"),
         Access::SessionOrKey,
         QStringLiteral("templates:write"),
         Roles::writers(),
         true,
         {},
         [](RequestContext &ctx) {
             const JsonReader body = ctx.json({u"name", u"description", u"folder_id", u"tasks"});
             TemplateService::NewTemplate request;
             request.name = body.string(QStringLiteral("name"));
             request.description = nullableString(body, QStringLiteral("description"));
             request.folderId = folderId(body);
             request.tasks = tasks(body);
             return ApiResponse::created(
                 templateJson(ctx.services.templates().createTemplate(ctx.actor(), request)));
         }});
    router.add(
        {"PATCH",
         QStringLiteral("/v1/templates/:id"),
         Access::SessionOrKey,
         QStringLiteral("templates:write"),
         Roles::writers(),
         true,
         {},
         [](RequestContext &ctx) {
             const JsonReader body = ctx.json({u"name", u"description", u"folder_id", u"tasks"});
             TemplateService::Changes changes;
             if (body.has(QStringLiteral("name")))
                 changes.name = body.string(QStringLiteral("name"));
             if (body.has(QStringLiteral("description")))
                 changes.description = nullableString(body, QStringLiteral("description"));
             if (body.has(QStringLiteral("folder_id")))
                 changes.folderId = folderId(body);
             if (body.has(QStringLiteral("tasks")))
                 changes.tasks = tasks(body);
             return ApiResponse::ok(templateJson(ctx.services.templates().updateDraft(
                 ctx.actor(), ctx.parameter(QStringLiteral("id")), changes)));
         }});
    router.add({"POST",
                QStringLiteral("/v1/templates/:id/publish"),
                Access::SessionOrKey,
                QStringLiteral("templates:publish"),
                Roles::writers(),
                false,
                {},
                [](RequestContext &ctx) {
                    return ApiResponse::ok(templateJson(ctx.services.templates().publish(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")))));
                }});
}

} // namespace cadenio::api
