#pragma once

#include "ApiResponse.h"
#include "domain/Role.h"

#include <QByteArray>
#include <QStringList>

#include <functional>

namespace cadenio::api {

struct RequestContext;

// Who may call a route at all. Roles narrow it further for sessions, scopes for keys.
enum class Access
{
    Public,       // no credentials (health, the OpenAPI document, sign-in)
    Session,      // console users only; an API key gets 403 FORBIDDEN
    SessionOrKey, // users by role, API keys by scope
};

// One row of the endpoint table. The router, the OpenAPI check and the tests all read
// this table, so what is enforced and what is documented cannot drift apart.
struct Route
{
    QByteArray method;
    QString pattern; // "/v1/users/:id"
    Access access = Access::SessionOrKey;
    QString scope; // required of API keys; empty for session-only or public routes
    Roles roles = Roles::all();
    bool takesBody = false;
    QStringList queryParameters;
    std::function<ApiResponse(RequestContext &)> handler;
};

} // namespace cadenio::api
