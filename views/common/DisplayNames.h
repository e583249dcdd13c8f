#pragma once

#include "domain/Plan.h"
#include "domain/Role.h"

#include <QString>

namespace cadenio::views {

// Translated names for the domain's codes. The models speak the stable API codes ("OWNER",
// "ENTERPRISE"); a person reading the console should see words in their language.
QString roleDisplayName(Role role);
QString roleDescription(Role role);
QString planDisplayName(Plan plan);

// For model data that arrives as an API code; unknown codes are shown as they are.
QString roleDisplayName(const QString &code);

} // namespace cadenio::views
