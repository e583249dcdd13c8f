#include "Endpoints.h"

namespace cadenio::api {

Router allRoutes()
{
    Router router;
    addHealthRoutes(router);
    addOpenApiRoutes(router);
    addSessionRoutes(router);
    addUserRoutes(router);
    addOrgRoutes(router);
    addApiKeyRoutes(router);
    addFolderRoutes(router);
    addTemplateRoutes(router);
    addRunRoutes(router);
    addWebhookRoutes(router);
    addFileRoutes(router);
    addDataSourceRoutes(router);
    return router;
}

} // namespace cadenio::api
