#pragma once

#include "CommandLine.h"

namespace cadenio::app {

// Number of serving threads: one per core unless CADENIO_HTTP_THREADS says otherwise.
int serverThreadCount();

} // namespace cadenio::app
