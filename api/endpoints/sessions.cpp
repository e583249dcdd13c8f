#include "auth/PrincipalResolver.h"
#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

void addSessionRoutes(Router &router)
{
    router.add(
        {"POST",
         QStringLiteral("/v1/sessions"),
         Access::Public,
         {},
         Roles::all(),
         true,
         {},
         [](RequestContext &ctx) {
             const JsonReader body = ctx.json({u"email", u"password"});
             const NewSession created = ctx.services.sessions().signIn(
                 body.string(QStringLiteral("email")), body.string(QStringLiteral("password")),
                 ctx.request.clientAddress);
             ApiResponse response = ApiResponse::created({
                 {QStringLiteral("token"), created.token},
                 {QStringLiteral("user_id"), created.session.user.id},
                 {QStringLiteral("org_id"), created.session.user.orgId},
                 {QStringLiteral("expires_at"), timestamps::format(created.session.expiresAt)},
             });
             response.setHeader("Set-Cookie",
                                PrincipalResolver::kSessionCookie.toByteArray() + '=' +
                                    created.token.toLatin1() +
                                    "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                    QByteArray::number(SessionService::kLifetimeSeconds));
             return response;
         }});
    router.add({"DELETE",
                QStringLiteral("/v1/sessions/current"),
                Access::Session,
                {},
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    ctx.services.sessions().signOut(ctx.principal.token);
                    ApiResponse response = ApiResponse::noContent();
                    response.setHeader("Set-Cookie",
                                       PrincipalResolver::kSessionCookie.toByteArray() +
                                           "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
                    return response;
                }});
}

} // namespace cadenio::api
