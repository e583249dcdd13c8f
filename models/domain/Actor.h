#pragma once

#include "Role.h"

#include <QString>

#include <optional>

namespace cadenio {

// Who is making a change: a signed-in user, an API key, or the instance itself. Services
// check roles against it and the audit trail records it.
struct Actor
{
    enum class Type { User, ApiKey, System };
    Type type = Type::System;
    QString id;
    QString orgId;
    std::optional<Role> role; // users only

    static Actor user(const QString &id, const QString &orgId, Role role)
    {
        return Actor{Type::User, id, orgId, role};
    }
    static Actor system(const QString &orgId) { return Actor{Type::System, QStringLiteral("system"), orgId, {}}; }

    bool hasRole(Roles allowed) const { return type == Type::System || (role && allowed.contains(*role)); }
};

} // namespace cadenio
