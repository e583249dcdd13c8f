#pragma once

#include "Role.h"

#include <QDateTime>
#include <QString>

namespace cadenio {

struct User
{
    QString id;
    QString orgId;
    QString email;
    QString name;
    Role role = Role::Member;
    QDateTime createdAt;
};

} // namespace cadenio
