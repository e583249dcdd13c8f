#include "Role.h"

namespace cadenio {

QString roleName(Role role)
{
    switch (role) {
    case Role::Owner:
        return QStringLiteral("OWNER");
    case Role::Admin:
        return QStringLiteral("ADMIN");
    case Role::Member:
        return QStringLiteral("MEMBER");
    case Role::Auditor:
        return QStringLiteral("AUDITOR");
    }
    return {};
}

std::optional<Role> roleFromName(QStringView name)
{
    for (Role r : {Role::Owner, Role::Admin, Role::Member, Role::Auditor}) {
        if (name == roleName(r))
            return r;
    }
    return std::nullopt;
}

} // namespace cadenio
