#pragma once

#include "Plan.h"

#include <QDateTime>
#include <QString>

namespace cadenio {

struct Org
{
    QString id;
    QString name;
    Plan plan = Plan::Enterprise;
    QDateTime createdAt;
};

} // namespace cadenio
