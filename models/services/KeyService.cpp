#include "KeyService.h"

#include "domain/Crypto.h"
#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/KeyMaterial.h"
#include "domain/Scope.h"
#include "domain/Timestamps.h"
#include "store/ApiKeyRepository.h"
#include "store/Database.h"
#include "store/OrgRepository.h"
#include "store/Transaction.h"
#include "UserRules.h"

namespace cadenio {

namespace {
constexpr qint64 kUseRecordIntervalMs = 60 * 1000;

Error planRequired()
{
    return Error(Error::Code::PlanRequired,
                 QStringLiteral("API access requires the Enterprise plan. Talk to us to enable it "
                                "for your organization."));
}

QStringList checkedIds(const QStringList &ids, QStringView prefix, const QString &field)
{
    QStringList result;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (!ids::hasPrefix(ids.at(i), prefix) || ids.at(i).contains(QLatin1Char(' '))) {
            const QString path = QStringLiteral("%1[%2]").arg(field).arg(i);
            throw Error::unprocessable(
                path, QStringLiteral("'%1' is not a %2… id.").arg(path, prefix.toString()));
        }
        if (!result.contains(ids.at(i)))
            result << ids.at(i);
    }
    return result;
}
} // namespace

KeyService::KeyService(const Database &database, MasterKey masterKey, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_masterKey(std::move(masterKey))
{}

NewApiKey KeyService::create(const Actor &actor, const NewKey &request)
{
    if (actor.type != Actor::Type::User || !actor.hasRole(Roles::admins()))
        throw Error::forbidden(QStringLiteral("Only an owner or admin can create API keys."));

    ApiKey key;
    key.name = userrules::name(request.name);
    if (request.scopes.isEmpty())
        throw Error::unprocessable(QStringLiteral("scopes"),
                                   QStringLiteral("'scopes' must name at least one scope."));
    for (qsizetype i = 0; i < request.scopes.size(); ++i) {
        const QString &scope = request.scopes.at(i);
        if (!scopes::isKnown(scope)) {
            const QString path = QStringLiteral("scopes[%1]").arg(i);
            throw Error::unprocessable(path,
                                       QStringLiteral("'%1' is not a scope; valid scopes are %2.")
                                           .arg(scope, scopes::all().join(QStringLiteral(", "))));
        }
        if (!key.scopes.contains(scope))
            key.scopes << scope;
    }
    key.resourceMode = request.resourceMode;
    key.templateIds = checkedIds(request.templateIds, u"tmpl_", QStringLiteral("template_ids"));
    key.folderIds = checkedIds(request.folderIds, u"fld_", QStringLiteral("folder_ids"));
    const bool selectsSomething = !key.templateIds.isEmpty() || !key.folderIds.isEmpty();
    if (key.resourceMode == ResourceMode::Selected && !selectsSomething) {
        throw Error::unprocessable(
            QStringLiteral("template_ids"),
            QStringLiteral("Resource mode SELECTED needs template_ids or folder_ids."));
    }
    if (key.resourceMode == ResourceMode::All && selectsSomething) {
        throw Error::unprocessable(
            QStringLiteral("resource_mode"),
            QStringLiteral("template_ids and folder_ids need resource mode SELECTED."));
    }
    const QDateTime now = timestamps::now();
    if (request.expiresAt.isValid() && request.expiresAt <= now)
        throw Error::unprocessable(QStringLiteral("expires_at"),
                                   QStringLiteral("'expires_at' must be in the future."));
    key.expiresAt = request.expiresAt.isValid() ? request.expiresAt.toUTC() : QDateTime();

    NewApiKey created;
    created.plainKey = keymaterial::generate();
    key.id = ids::generate(u"key_");
    key.orgId = actor.orgId;
    key.keyPrefix = keymaterial::displayPrefix(created.plainKey);
    key.createdAt = now;
    key.createdBy = actor.id;

    Transaction tx(m_database);
    const auto org = OrgRepository(tx.db()).find(actor.orgId);
    if (!org)
        throw Error::notFound(QStringLiteral("organization"));
    if (org->plan != Plan::Enterprise)
        throw planRequired();
    ApiKeyRepository(tx.db()).insert(key, m_masterKey.tokenHash(created.plainKey));
    tx.commit();
    created.key = key;
    emit keyCreated(key.orgId, key.id);
    return created;
}

Page<ApiKey> KeyService::listActive(const Actor &actor, const PageRequest &request) const
{
    return ApiKeyRepository(m_database.connection()).listActive(actor.orgId, request);
}

void KeyService::revoke(const Actor &actor, const QString &id)
{
    if (actor.type != Actor::Type::User || !actor.hasRole(Roles::admins()))
        throw Error::forbidden(QStringLiteral("Only an owner or admin can revoke API keys."));
    Transaction tx(m_database);
    if (!ApiKeyRepository(tx.db()).revoke(actor.orgId, id, timestamps::toStored(timestamps::now())))
        throw Error::notFound(QStringLiteral("API key"));
    tx.commit();
    emit keyRevoked(actor.orgId, id);
}

ApiKey KeyService::verify(QStringView presented)
{
    const Error unauthorized(Error::Code::Unauthorized, QStringLiteral("Invalid API key."));
    if (!keymaterial::isWellFormed(presented))
        throw unauthorized;
    const QString hash = m_masterKey.tokenHash(presented);
    const auto found = ApiKeyRepository(m_database.connection()).findByHash(hash);
    // The lookup is by hash; comparing again in constant time keeps the decision itself
    // free of early exits on secret-derived bytes.
    if (!found || !crypto::constantTimeEquals(found->keyHash.toLatin1(), hash.toLatin1()))
        throw unauthorized;
    const ApiKey &key = found->key;
    if (key.isRevoked())
        throw Error(Error::Code::KeyRevoked, QStringLiteral("This API key has been revoked."));
    if (key.isExpiredAt(timestamps::now()))
        throw Error(
            Error::Code::KeyExpired,
            QStringLiteral("This API key expired at %1.").arg(timestamps::format(key.expiresAt)));
    if (found->orgPlan != Plan::Enterprise)
        throw planRequired();
    recordUse(key);
    return key;
}

void KeyService::recordUse(const ApiKey &key)
{
    const qint64 now = timestamps::toStored(timestamps::now());
    {
        QMutexLocker lock(&m_useMutex);
        qint64 &last = m_lastRecordedUse[key.id];
        const qint64 known =
            std::max(last, key.lastUsedAt.isValid() ? timestamps::toStored(key.lastUsedAt) : 0);
        if (now - known < kUseRecordIntervalMs)
            return;
        last = now;
    }
    Transaction tx(m_database);
    ApiKeyRepository(tx.db()).touch(key.id, now);
    tx.commit();
}

} // namespace cadenio
