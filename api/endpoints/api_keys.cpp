#include "domain/Error.h"
#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/JsonValues.h"
#include "http/RequestContext.h"
#include "services/Services.h"

#include <QJsonArray>

namespace cadenio::api {

namespace {
QJsonObject keyJson(const ApiKey &key)
{
    return {
        {QStringLiteral("id"), key.id},
        {QStringLiteral("name"), key.name},
        {QStringLiteral("key_prefix"), key.keyPrefix},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(key.scopes)},
        {QStringLiteral("resource_mode"), resourceModeName(key.resourceMode)},
        {QStringLiteral("template_ids"), QJsonArray::fromStringList(key.templateIds)},
        {QStringLiteral("folder_ids"), QJsonArray::fromStringList(key.folderIds)},
        {QStringLiteral("expires_at"), timeOrNull(key.expiresAt)},
        {QStringLiteral("last_used_at"), timeOrNull(key.lastUsedAt)},
        {QStringLiteral("created_at"), timestamps::format(key.createdAt)},
    };
}

QDateTime readExpiry(const JsonReader &body)
{
    const QString field = QStringLiteral("expires_at");
    if (!body.has(field) || body.isNull(field))
        return {};
    const QString text = body.string(field);
    const auto at = timestamps::parse(text);
    if (!at)
        throw Error::invalid(field,
                             QStringLiteral("'expires_at' must be an RFC 3339 date-time or null."));
    return *at;
}
} // namespace

void addApiKeyRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/api-keys"),
                Access::Session,
                {},
                Roles::admins(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<ApiKey> page =
                        ctx.services.keys().listActive(ctx.actor(), ctx.page());
                    return ApiResponse::ok(pagination::envelope<ApiKey>(page, keyJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/api-keys"),
                Access::Session,
                {},
                Roles::admins(),
                true,
                {},
                [](RequestContext &ctx) {
                    const JsonReader body =
                        ctx.json({u"name", u"scopes", u"resource_mode", u"template_ids",
                                  u"folder_ids", u"expires_at"});
                    KeyService::NewKey request;
                    request.name = body.string(QStringLiteral("name"));
                    request.scopes = body.stringList(QStringLiteral("scopes"));
                    request.resourceMode =
                        body.optionalEnum<ResourceMode>(QStringLiteral("resource_mode"),
                                                        resourceModeFromName,
                                                        QStringLiteral("ALL, SELECTED"))
                            .value_or(ResourceMode::All);
                    if (body.has(QStringLiteral("template_ids")))
                        request.templateIds = body.stringList(QStringLiteral("template_ids"));
                    if (body.has(QStringLiteral("folder_ids")))
                        request.folderIds = body.stringList(QStringLiteral("folder_ids"));
                    request.expiresAt = readExpiry(body);
                    const NewApiKey created = ctx.services.keys().create(ctx.actor(), request);
                    QJsonObject json = keyJson(created.key);
                    json.insert(QStringLiteral("plain_key"), created.plainKey);
                    return ApiResponse::created(json);
                }});
    router.add({"DELETE",
                QStringLiteral("/v1/api-keys/:id"),
                Access::Session,
                {},
                Roles::admins(),
                false,
                {},
                [](RequestContext &ctx) {
                    ctx.services.keys().revoke(ctx.actor(), ctx.parameter(QStringLiteral("id")));
                    return ApiResponse::noContent();
                }});
}

} // namespace cadenio::api
