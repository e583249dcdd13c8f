#include "Endpoints.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

void addDataSourceRoutes(Router &router)
{
    Q_UNUSED(router);
}

} // namespace cadenio::api
