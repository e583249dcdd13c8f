#pragma once

#include "http/Router.h"

namespace cadenio::api {

// One function per resource file; each adds that resource's rows to the endpoint table.
void addHealthRoutes(Router &router);
void addOpenApiRoutes(Router &router);
void addSessionRoutes(Router &router);
void addUserRoutes(Router &router);
void addOrgRoutes(Router &router);
void addApiKeyRoutes(Router &router);
void addFolderRoutes(Router &router);
void addTemplateRoutes(Router &router);
void addRunRoutes(Router &router);
void addWebhookRoutes(Router &router);
void addFileRoutes(Router &router);
void addDataSourceRoutes(Router &router);

// The complete table of this build.
Router allRoutes();

} // namespace cadenio::api
