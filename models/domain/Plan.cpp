#include "Plan.h"

namespace cadenio {

QString planName(Plan plan)
{
    switch (plan) {
    case Plan::Free:
        return QStringLiteral("FREE");
    case Plan::Team:
        return QStringLiteral("TEAM");
    case Plan::Enterprise:
        return QStringLiteral("ENTERPRISE");
    }
    return {};
}

std::optional<Plan> planFromName(QStringView name)
{
    for (Plan p : {Plan::Free, Plan::Team, Plan::Enterprise}) {
        if (name == planName(p))
            return p;
    }
    return std::nullopt;
}

} // namespace cadenio
