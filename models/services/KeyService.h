#pragma once

#include "domain/Actor.h"
#include "domain/ApiKey.h"
#include "domain/Plan.h"
#include "MasterKey.h"
#include "store/Page.h"

#include <QHash>
#include <QMutex>
#include <QObject>

namespace cadenio {

class Database;

// API keys: created and revoked by OWNER/ADMIN users of ENTERPRISE organizations, and
// verified on every request that presents one. Nothing is cached between requests, so a
// revoked key fails on its very next use, on every server thread and every instance.
class KeyService : public QObject
{
    Q_OBJECT
public:
    struct NewKey
    {
        QString name;
        QStringList scopes;
        ResourceMode resourceMode = ResourceMode::All;
        QStringList templateIds;
        QStringList folderIds;
        QDateTime expiresAt; // invalid: never
    };

    KeyService(const Database &database, MasterKey masterKey, QObject *parent = nullptr);

    NewApiKey create(const Actor &actor, const NewKey &request);
    Page<ApiKey> listActive(const Actor &actor, const PageRequest &request) const;
    // NOT_FOUND when there is no such active key in the actor's organization.
    void revoke(const Actor &actor, const QString &id);

    // The checks of a presented key, in the API's order: UNAUTHORIZED (malformed or
    // unknown), KEY_REVOKED, KEY_EXPIRED, PLAN_REQUIRED. Returns the key on success and
    // records its use (at most once a minute per key, so reads stay reads).
    ApiKey verify(QStringView presented);

signals:
    void keyCreated(const QString &orgId, const QString &keyId);
    void keyRevoked(const QString &orgId, const QString &keyId);

private:
    void recordUse(const ApiKey &key);

    const Database &m_database;
    MasterKey m_masterKey;
    QMutex m_useMutex;
    QHash<QString, qint64> m_lastRecordedUse; // key id → ms since epoch
};

} // namespace cadenio
