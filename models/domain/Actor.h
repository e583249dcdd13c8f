#pragma once

#include "Role.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace cadenio {

// What an API key in resource mode SELECTED may reach: these templates, and every template
// in these folders or their subfolders (plus the runs and files of those templates).
struct ResourceLimit
{
    QStringList templateIds;
    QStringList folderIds;

    // `folderPath`: the template's folder and all its ancestors, innermost first.
    bool reaches(const QString &templateId, const QStringList &folderPath) const
    {
        if (templateIds.contains(templateId))
            return true;
        for (const QString &folder : folderPath) {
            if (folderIds.contains(folder))
                return true;
        }
        return false;
    }
};

// Who is making a change: a signed-in user, an API key, or the instance itself. Services
// check roles and resource limits against it and the audit trail records it.
struct Actor
{
    enum class Type
    {
        User,
        ApiKey,
        System
    };
    Type type = Type::System;
    QString id;
    QString orgId;
    std::optional<Role> role;               // users only
    std::optional<ResourceLimit> resources; // keys in resource mode SELECTED only

    static Actor user(const QString &id, const QString &orgId, Role role)
    {
        return Actor{Type::User, id, orgId, role, std::nullopt};
    }
    static Actor apiKey(const QString &id, const QString &orgId, std::optional<ResourceLimit> limit)
    {
        return Actor{Type::ApiKey, id, orgId, std::nullopt, std::move(limit)};
    }
    static Actor system(const QString &orgId)
    {
        return Actor{Type::System, QStringLiteral("system"), orgId, std::nullopt, std::nullopt};
    }

    bool hasRole(Roles allowed) const
    {
        return type == Type::System || (role && allowed.contains(*role));
    }
    // Whether a resource of `templateId` (in folders `folderPath`) is visible to this actor.
    bool reaches(const QString &templateId, const QStringList &folderPath = {}) const
    {
        return !resources || resources->reaches(templateId, folderPath);
    }
};

} // namespace cadenio
