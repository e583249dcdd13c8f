#pragma once

#include "User.h"

#include <QDateTime>
#include <QString>

namespace cadenio {

// A signed-in console user. The token itself is never stored; see SessionService.
struct Session
{
    QString id;
    User user;
    QDateTime createdAt;
    QDateTime expiresAt;
};

// What a newly created session hands back once: the bearer token and its record.
struct NewSession
{
    QString token;
    Session session;
};

} // namespace cadenio
