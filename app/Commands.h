#pragma once

#include "CommandLine.h"

namespace cadenio::app {

// Exit codes shared by every command.
enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2,
    ExitAlreadyInitialized = 3
};

int runInit(const InitOptions &options);
int runServe(const ServeOptions &options);
int runAudit(const AuditOptions &options);
int runGui(int &argc, char **argv, const ServeOptions &options);

} // namespace cadenio::app
