#pragma once

#include "ApiResponse.h"
#include "auth/PrincipalResolver.h"
#include "Router.h"

#include <functional>

namespace cadenio {
class Services;
}

namespace cadenio::api {

struct ApiRequest;

// The pipeline every request and every response passes through, whatever the route or
// the outcome: limits, routing (404/405), credentials, roles, the handler, error bodies,
// and the shared headers. Thread-safe; each server thread calls it directly.
class ApiHandler
{
public:
    struct Limits
    {
        qint64 maxJsonBody = 1024 * 1024;
    };

    struct Outcome
    {
        QByteArray method;
        QString path;
        int status = 0;
        QString requestId;
        qint64 elapsedUs = 0;
    };
    using Observer = std::function<void(const Outcome &)>;

    ApiHandler(Services &services, Router router);
    ApiHandler(Services &services, Router router, Limits limits);

    ApiResponse handle(const ApiRequest &request) const;
    const Router &router() const { return m_router; }

    // Called after each response, e.g. for a request log. Never sees headers or bodies.
    void setObserver(Observer observer) { m_observer = std::move(observer); }

private:
    ApiResponse dispatch(const ApiRequest &request) const;
    void checkBody(const ApiRequest &request, const Route &route) const;
    static void checkQuery(const ApiRequest &request, const Route &route);
    Principal authorize(const ApiRequest &request, const Route &route) const;

    Services &m_services;
    Router m_router;
    Limits m_limits;
    PrincipalResolver m_resolver;
    Observer m_observer;
};

} // namespace cadenio::api
