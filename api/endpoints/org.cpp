#include "Endpoints.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

namespace {
QJsonObject orgJson(const Org &org)
{
    return {
        {QStringLiteral("id"), org.id},
        {QStringLiteral("name"), org.name},
        {QStringLiteral("plan"), planName(org.plan)},
    };
}
} // namespace

void addOrgRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/org"),
                Access::Session,
                {},
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    return ApiResponse::ok(orgJson(ctx.services.org().get(ctx.actor())));
                }});
    router.add(
        {"PATCH",
         QStringLiteral("/v1/org"),
         Access::Session,
         {},
         Roles::owner(),
         true,
         {},
         [](RequestContext &ctx) {
             const JsonReader body = ctx.json({u"name", u"plan"});
             OrgService::Changes changes;
             changes.name = body.optionalString(QStringLiteral("name"));
             changes.plan = body.optionalEnum<Plan>(QStringLiteral("plan"), planFromName,
                                                    QStringLiteral("FREE, TEAM, ENTERPRISE"));
             return ApiResponse::ok(orgJson(ctx.services.org().update(ctx.actor(), changes)));
         }});
}

} // namespace cadenio::api
