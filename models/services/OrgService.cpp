#include "OrgService.h"

#include "domain/Error.h"
#include "store/Database.h"
#include "store/OrgRepository.h"
#include "store/Transaction.h"
#include "UserRules.h"

namespace cadenio {

OrgService::OrgService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

Org OrgService::get(const Actor &actor) const
{
    const auto org = OrgRepository(m_database.connection()).find(actor.orgId);
    if (!org)
        throw Error::notFound(QStringLiteral("organization"));
    return *org;
}

Org OrgService::update(const Actor &actor, const Changes &changes)
{
    if (!actor.hasRole(Roles::owner()))
        throw Error::forbidden(QStringLiteral("Only an owner can change the organization."));
    const std::optional<QString> name =
        changes.name ? std::optional(userrules::name(*changes.name)) : std::nullopt;
    Transaction tx(m_database);
    OrgRepository orgs(tx.db());
    auto org = orgs.find(actor.orgId);
    if (!org)
        throw Error::notFound(QStringLiteral("organization"));
    if (name)
        org->name = *name;
    if (changes.plan)
        org->plan = *changes.plan;
    orgs.update(*org);
    tx.commit();
    emit orgChanged(org->id);
    return *org;
}

} // namespace cadenio
