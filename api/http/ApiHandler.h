#pragma once

#include "ApiResponse.h"
#include "auth/PrincipalResolver.h"
#include "auth/RateLimiter.h"
#include "Router.h"

#include <functional>
#include <optional>

namespace cadenio {
class Services;
}

namespace cadenio::api {

struct ApiRequest;

// The pipeline every request and every response passes through, whatever the route or
// the outcome: limits, routing (404/405), credentials, roles and scopes, the per-key rate
// limit, the handler, error bodies, and the shared headers. Thread-safe; each server
// thread calls it directly.
class ApiHandler
{
public:
    struct Limits
    {
        qint64 maxJsonBody = 1024 * 1024;
        qint64 maxUploadBody = 25 * 1024 * 1024; // multipart/form-data (POST /v1/files)
        int requestsPerKeyPerWindow = 600;       // 0: no rate limit
        qint64 rateWindowMs = RateLimiter::kDefaultWindowMs;
    };

    struct Outcome
    {
        QByteArray method;
        QString path;
        int status = 0;
        QString requestId;
        qint64 elapsedUs = 0;
        QString keyPrefix; // API-key requests only; never the key
    };
    using Observer = std::function<void(const Outcome &)>;

    ApiHandler(Services &services, Router router);
    ApiHandler(Services &services, Router router, Limits limits);

    ApiResponse handle(const ApiRequest &request) const;
    // The largest body accepted with this Content-Type: uploads (multipart/form-data) may be
    // larger than JSON. Known from the head alone, so it is enforced before any body is read.
    qint64 bodyLimit(QByteArrayView contentType) const;
    const Router &router() const { return m_router; }

    // Called after each response, e.g. for a request log. Never sees headers or bodies.
    void setObserver(Observer observer) { m_observer = std::move(observer); }

private:
    // What is known of a request as it goes through the pipeline, so that even an early
    // error answer carries what applies to it (the rate-limit headers of its key).
    struct Progress
    {
        std::optional<Principal> principal;
        std::optional<RateLimiter::Decision> rate;
    };

    ApiResponse dispatch(const ApiRequest &request, Progress &progress) const;
    void checkBody(const ApiRequest &request, const Route &route) const;
    static void checkQuery(const ApiRequest &request, const Route &route);
    static void checkPermission(const Principal &principal, const Route &route);
    void addRateHeaders(ApiResponse &response, Progress &progress) const;

    Services &m_services;
    Router m_router;
    Limits m_limits;
    PrincipalResolver m_resolver;
    mutable RateLimiter m_rateLimiter;
    Observer m_observer;
};

} // namespace cadenio::api
