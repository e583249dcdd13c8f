#include "InstanceSecret.h"

#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/OrgRepository.h"
#include "store/SecretStore.h"
#include "store/Transaction.h"

namespace cadenio {

std::optional<QString> recordedSecretLocation(const Database &database)
{
    const auto record = OrgRepository(database.connection()).instance();
    return record ? std::optional(record->secretLocation) : std::nullopt;
}

MasterKey openMasterKey(const Database &database, SecretStore &secrets)
{
    auto record = OrgRepository(database.connection()).instance();
    if (!record) {
        // Secret first, row second: a crash in between leaves an unused secret, never a
        // row that points at nothing.
        const QString id = ids::generate(u"inst_");
        const MasterKey created = MasterKey::loadOrCreate(secrets, id);
        Transaction tx(database);
        OrgRepository orgs(tx.db());
        record = orgs.instance();
        if (!record) {
            orgs.insertInstance({id, secrets.location()}, timestamps::toStored(timestamps::now()));
            tx.commit();
            return created;
        }
        // Another process initialised the store meanwhile; use its secret.
        secrets.remove(MasterKey::secretName(id));
    }
    if (record->secretLocation != secrets.location()) {
        throw SecretStoreError(QStringLiteral("this store's master secret is kept in %1, not in %2")
                                   .arg(record->secretLocation, secrets.location())
                                   .toStdString());
    }
    const auto secret = secrets.read(MasterKey::secretName(record->id));
    if (!secret || secret->size() != MasterKey::kSecretBytes) {
        throw SecretStoreError(
            QStringLiteral("the master secret of this store (%1) is missing from %2; restore it "
                           "there — API keys and sessions depend on it")
                .arg(MasterKey::secretName(record->id), secrets.description())
                .toStdString());
    }
    return MasterKey::fromBytes(*secret);
}

} // namespace cadenio
