#pragma once

#include "domain/Actor.h"

#include <QString>

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
    QString token; // the bearer token as presented (sessions: to sign out)
};

} // namespace cadenio::api
