#include "Endpoints.h"
#include "http/RequestContext.h"

#include <QFile>

namespace cadenio::api {

void addOpenApiRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/openapi.json"),
                Access::Public,
                {},
                Roles::all(),
                false,
                {},
                [](RequestContext &) {
                    // Read once: the document is compiled into the binary and never changes.
                    static const QByteArray document = [] {
                        QFile file(QStringLiteral(":/cadenio/openapi.json"));
                        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
                    }();
                    return ApiResponse::raw(200, document, "application/json");
                }});
}

} // namespace cadenio::api
