#pragma once

#include <QString>

#include <optional>

namespace cadenio {

// The organization's subscription tier; API keys work on ENTERPRISE only.
enum class Plan
{
    Free,
    Team,
    Enterprise
};

QString planName(Plan plan);
std::optional<Plan> planFromName(QStringView name);

} // namespace cadenio
