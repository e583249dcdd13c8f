#pragma once

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace cadenio {

// Which resources a key reaches: all of the organization's, or only selected templates
// and folders (with their subfolders), and the runs and files of those templates.
enum class ResourceMode
{
    All,
    Selected
};

QString resourceModeName(ResourceMode mode);
std::optional<ResourceMode> resourceModeFromName(QStringView name);

struct ApiKey
{
    QString id;
    QString orgId;
    QString name;
    QString keyPrefix; // "sk_live_...a1b2": enough to recognise, useless to use
    QStringList scopes;
    ResourceMode resourceMode = ResourceMode::All;
    QStringList templateIds;
    QStringList folderIds;
    QDateTime expiresAt; // invalid: never
    QDateTime revokedAt; // invalid: active
    QDateTime lastUsedAt;
    QDateTime createdAt;
    QString createdBy;

    bool hasScope(QStringView scope) const { return scopes.contains(scope); }
    bool isRevoked() const { return revokedAt.isValid(); }
    bool isExpiredAt(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
};

// What a key creation hands back once: the record and the only copy of the secret.
struct NewApiKey
{
    ApiKey key;
    QString plainKey;
};

} // namespace cadenio
