#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

namespace {
QJsonObject folderJson(const Folder &folder)
{
    return {
        {QStringLiteral("id"), folder.id},
        {QStringLiteral("name"), folder.name},
        {QStringLiteral("parent_id"),
         folder.parentId.isEmpty() ? QJsonValue() : QJsonValue(folder.parentId)},
        {QStringLiteral("created_at"), timestamps::format(folder.createdAt)},
    };
}
} // namespace

void addFolderRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/folders"),
                Access::SessionOrKey,
                QStringLiteral("templates:read"),
                Roles::all(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<Folder> page =
                        ctx.services.templates().listFolders(ctx.actor(), ctx.page());
                    return ApiResponse::ok(pagination::envelope<Folder>(page, folderJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/folders"),
                Access::SessionOrKey,
                QStringLiteral("templates:write"),
                Roles::writers(),
                true,
                {},
                [](RequestContext &ctx) {
                    const JsonReader body = ctx.json({u"name", u"parent_id"});
                    const QString field = QStringLiteral("parent_id");
                    QString parentId;
                    if (body.has(field) && !body.isNull(field)) {
                        parentId = body.string(field);
                        // "" would otherwise read as "top level": say it names nothing.
                        if (parentId.isEmpty())
                            throw Error::unprocessable(
                                field, QStringLiteral("'parent_id' must be a folder id or null."));
                    }
                    return ApiResponse::created(folderJson(ctx.services.templates().createFolder(
                        ctx.actor(), body.string(QStringLiteral("name")), parentId)));
                }});
}

} // namespace cadenio::api
