#include "ServerSettings.h"

#include <QThread>

namespace cadenio::app {

int serverThreadCount()
{
    bool ok = false;
    const int forced = qEnvironmentVariableIntValue("CADENIO_HTTP_THREADS", &ok);
    if (ok && forced > 0 && forced <= 64)
        return forced;
    return std::max(2, QThread::idealThreadCount());
}

api::ApiHandler::Limits handlerLimits(const ServeOptions &options)
{
    api::ApiHandler::Limits limits;
    limits.requestsPerKeyPerWindow = options.rateLimit;
    return limits;
}

} // namespace cadenio::app
