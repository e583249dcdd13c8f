#pragma once

#include "Principal.h"

namespace cadenio {
class KeyService;
class SessionService;
} // namespace cadenio

namespace cadenio::api {

struct ApiRequest;

// Turns the Authorization header (or the session cookie) into a Principal, or throws:
// 401 UNAUTHORIZED, and for API keys KEY_REVOKED, KEY_EXPIRED, 403 PLAN_REQUIRED, in
// that order. Checked on every request: nothing is cached, so a revoked credential
// fails on its very next use.
class PrincipalResolver
{
public:
    static constexpr QByteArrayView kSessionCookie = "cadenio_session";

    PrincipalResolver(SessionService &sessions, KeyService &keys);

    Principal resolve(const ApiRequest &request) const;

    // The bearer token of a request, or empty. Throws 401 for a malformed header.
    static QString bearerToken(const ApiRequest &request);

private:
    SessionService &m_sessions;
    KeyService &m_keys;
};

} // namespace cadenio::api
