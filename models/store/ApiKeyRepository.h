#pragma once

#include "domain/ApiKey.h"
#include "domain/Plan.h"
#include "Page.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

class ApiKeyRepository
{
public:
    explicit ApiKeyRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    struct Found
    {
        ApiKey key;
        QString keyHash;
        Plan orgPlan = Plan::Free;
    };

    // By hash, revoked or not: the caller tells revoked from unknown.
    std::optional<Found> findByHash(const QString &keyHash) const;
    std::optional<ApiKey> findActive(const QString &orgId, const QString &id) const;
    Page<ApiKey> listActive(const QString &orgId, const PageRequest &request) const;
    void insert(const ApiKey &key, const QString &keyHash);
    bool revoke(const QString &orgId, const QString &id, qint64 at);
    void touch(const QString &id, qint64 at);

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
