#include "ApiKeyRepository.h"

#include "domain/Timestamps.h"
#include "Keyset.h"
#include "SqlQuery.h"

namespace cadenio {

namespace {
const QString kColumns =
    QStringLiteral("k.id, k.org_id, k.name, k.key_prefix, k.scopes, k.resource_mode, "
                   "k.template_ids, k.folder_ids, "
                   "k.expires_at, k.revoked_at, k.last_used_at, k.created_at, k.created_by");

// An empty list is stored as '' (not NULL): the columns are NOT NULL.
QString joined(const QStringList &list)
{
    return list.isEmpty() ? QStringLiteral("") : list.join(QLatin1Char(' '));
}

QStringList split(const QString &stored)
{
    return stored.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

ApiKey readKey(const SqlQuery &q)
{
    ApiKey key;
    key.id = q.text(0);
    key.orgId = q.text(1);
    key.name = q.text(2);
    key.keyPrefix = q.text(3);
    key.scopes = split(q.text(4));
    key.resourceMode = resourceModeFromName(q.text(5)).value_or(ResourceMode::Selected);
    key.templateIds = split(q.text(6));
    key.folderIds = split(q.text(7));
    key.expiresAt = optionalTime(q, 8);
    key.revokedAt = optionalTime(q, 9);
    key.lastUsedAt = optionalTime(q, 10);
    key.createdAt = timestamps::fromStored(q.integer(11));
    key.createdBy = q.text(12);
    return key;
}
} // namespace

std::optional<ApiKeyRepository::Found> ApiKeyRepository::findByHash(const QString &keyHash) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kColumns +
                         QStringLiteral(
                             ", k.key_hash, o.plan FROM api_keys k JOIN orgs o ON o.id = k.org_id "
                             "WHERE k.key_hash = :hash"));
    q.bind(QStringLiteral(":hash"), keyHash).exec();
    if (!q.next())
        return std::nullopt;
    return Found{readKey(q), q.text(13), planFromName(q.text(14)).value_or(Plan::Free)};
}

std::optional<ApiKey> ApiKeyRepository::findActive(const QString &orgId, const QString &id) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kColumns +
                         QStringLiteral(" FROM api_keys k WHERE k.org_id = :org AND k.id = :id "
                                        "AND k.revoked_at IS NULL"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readKey(q);
}

Page<ApiKey> ApiKeyRepository::listActive(const QString &orgId, const PageRequest &request) const
{
    const QString table = QStringLiteral("k");
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kColumns +
                         QStringLiteral(
                             " FROM api_keys k WHERE k.org_id = :org AND k.revoked_at IS NULL") +
                         keyset::condition(request, table) + keyset::orderAndLimit(request, table));
    q.bind(QStringLiteral(":org"), orgId);
    keyset::bind(q, request);
    q.exec();
    QList<ApiKey> rows;
    while (q.next())
        rows.append(readKey(q));
    return keyset::finish(std::move(rows), request, [](const ApiKey &k) {
        return PagePosition{timestamps::toStored(k.createdAt), k.id};
    });
}

void ApiKeyRepository::insert(const ApiKey &key, const QString &keyHash)
{
    SqlQuery(
        m_db,
        QStringLiteral(
            "INSERT INTO api_keys (id, org_id, name, key_hash, key_prefix, scopes, resource_mode, "
            "template_ids, folder_ids, expires_at, created_at, created_by) VALUES (:id, :org, "
            ":name, "
            ":hash, :prefix, :scopes, :mode, :templates, :folders, :expires, :at, :by)"))
        .bind(QStringLiteral(":id"), key.id)
        .bind(QStringLiteral(":org"), key.orgId)
        .bind(QStringLiteral(":name"), key.name)
        .bind(QStringLiteral(":hash"), keyHash)
        .bind(QStringLiteral(":prefix"), key.keyPrefix)
        .bind(QStringLiteral(":scopes"), joined(key.scopes))
        .bind(QStringLiteral(":mode"), resourceModeName(key.resourceMode))
        .bind(QStringLiteral(":templates"), joined(key.templateIds))
        .bind(QStringLiteral(":folders"), joined(key.folderIds))
        .bind(QStringLiteral(":expires"), storedOrNull(key.expiresAt))
        .bind(QStringLiteral(":at"), timestamps::toStored(key.createdAt))
        .bind(QStringLiteral(":by"), key.createdBy)
        .exec();
}

bool ApiKeyRepository::revoke(const QString &orgId, const QString &id, qint64 at)
{
    SqlQuery q(m_db, QStringLiteral(
                         "UPDATE api_keys SET revoked_at = :at WHERE org_id = :org AND id = :id "
                         "AND revoked_at IS NULL"));
    q.bind(QStringLiteral(":at"), at)
        .bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":id"), id)
        .exec();
    return q.rowsAffected() > 0;
}

void ApiKeyRepository::touch(const QString &id, qint64 at)
{
    SqlQuery(m_db, QStringLiteral("UPDATE api_keys SET last_used_at = :at WHERE id = :id"))
        .bind(QStringLiteral(":at"), at)
        .bind(QStringLiteral(":id"), id)
        .exec();
}

} // namespace cadenio
