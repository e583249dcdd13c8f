#include "Endpoints.h"
#include "http/RequestContext.h"

namespace cadenio::api {

void addHealthRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/health"),
                Access::Public,
                {},
                Roles::all(),
                false,
                {},
                [](RequestContext &) {
                    return ApiResponse::ok(
                        {{QStringLiteral("status"), QStringLiteral("ok")},
                         {QStringLiteral("version"), QStringLiteral(CADENIO_VERSION)}});
                }});
}

} // namespace cadenio::api
