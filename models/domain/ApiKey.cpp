#include "ApiKey.h"

namespace cadenio {

QString resourceModeName(ResourceMode mode)
{
    return mode == ResourceMode::All ? QStringLiteral("ALL") : QStringLiteral("SELECTED");
}

std::optional<ResourceMode> resourceModeFromName(QStringView name)
{
    if (name == u"ALL")
        return ResourceMode::All;
    if (name == u"SELECTED")
        return ResourceMode::Selected;
    return std::nullopt;
}

} // namespace cadenio
