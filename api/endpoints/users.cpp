#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

namespace {
QJsonObject userJson(const User &user)
{
    return {
        {QStringLiteral("id"), user.id},
        {QStringLiteral("email"), user.email},
        {QStringLiteral("name"), user.name},
        {QStringLiteral("role"), roleName(user.role)},
        {QStringLiteral("created_at"), timestamps::format(user.createdAt)},
    };
}
} // namespace

void addUserRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/users"),
                Access::SessionOrKey,
                QStringLiteral("users:read"),
                Roles::all(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<User> page = ctx.services.users().list(ctx.actor(), ctx.page());
                    return ApiResponse::ok(pagination::envelope<User>(page, userJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/users"),
                Access::Session,
                {},
                Roles::admins(),
                true,
                {},
                [](RequestContext &ctx) {
                    const JsonReader body = ctx.json({u"email", u"name", u"role", u"password"});
                    UserService::NewUser request;
                    request.email = body.string(QStringLiteral("email"));
                    request.name = body.string(QStringLiteral("name"));
                    request.role =
                        body.enumValue<Role>(QStringLiteral("role"), roleFromName,
                                             QStringLiteral("OWNER, ADMIN, MEMBER, AUDITOR"));
                    request.password = body.string(QStringLiteral("password"));
                    return ApiResponse::created(
                        userJson(ctx.services.users().create(ctx.actor(), request)));
                }});
}

} // namespace cadenio::api
