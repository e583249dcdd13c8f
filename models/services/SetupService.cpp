#include "SetupService.h"

#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "PasswordHasher.h"
#include "store/Database.h"
#include "store/OrgRepository.h"
#include "store/Transaction.h"
#include "store/UserRepository.h"
#include "UserRules.h"

namespace cadenio {

SetupService::SetupService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

bool SetupService::isInitialized() const
{
    return OrgRepository(m_database.connection()).any();
}

QString SetupService::instanceId() const
{
    const auto record = OrgRepository(m_database.connection()).instance();
    return record ? record->id : QString();
}

SetupService::Result SetupService::initialize(const Request &request)
{
    const QString orgName = userrules::name(request.orgName, QStringLiteral("org"));
    const QString email = userrules::email(request.ownerEmail, QStringLiteral("owner_email"));
    const QString ownerName =
        request.ownerName.trimmed().isEmpty()
            ? email.section(QLatin1Char('@'), 0, 0)
            : userrules::name(request.ownerName, QStringLiteral("owner_name"));
    userrules::password(request.ownerPassword, QStringLiteral("password"));
    // Hash before taking the write lock: Argon2id is slow on purpose.
    const QString hash = passwords::hash(request.ownerPassword);

    const QDateTime now = timestamps::now();
    Result result;
    result.org = Org{ids::generate(u"org_"), orgName, request.plan, now};
    result.owner = User{ids::generate(u"usr_"), result.org.id, email, ownerName, Role::Owner, now};

    Transaction tx(m_database);
    OrgRepository orgs(tx.db());
    if (orgs.any())
        throw Error::conflict(QStringLiteral("The store is already initialized."));
    orgs.insert(result.org);
    UserRepository(tx.db()).insert(result.owner, hash);
    tx.commit();
    emit initialized(result.org.id);
    return result;
}

} // namespace cadenio
