#pragma once

#include "domain/Actor.h"

#include <QString>
#include <QStringList>

namespace cadenio::api {

// Who sent a request, once the credential has been checked.
struct Principal
{
    enum class Kind
    {
        Anonymous,
        Session,
        ApiKey
    };
    Kind kind = Kind::Anonymous;
    Actor actor;
    QString token;      // the bearer token as presented (sessions: to sign out)
    QStringList scopes; // API keys only
};

} // namespace cadenio::api
