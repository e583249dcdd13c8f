#pragma once

#include "CommandLine.h"
#include "http/ApiHandler.h"

namespace cadenio::app {

// Number of serving threads: one per core unless CADENIO_HTTP_THREADS says otherwise.
int serverThreadCount();

// The request limits of the API for these options (rate limit per key, body size).
api::ApiHandler::Limits handlerLimits(const ServeOptions &options);

} // namespace cadenio::app
