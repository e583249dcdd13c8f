#include "UserService.h"

#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "PasswordHasher.h"
#include "store/Database.h"
#include "store/Transaction.h"
#include "store/UserRepository.h"
#include "UserRules.h"

namespace cadenio {

UserService::UserService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

Page<User> UserService::list(const Actor &actor, const PageRequest &request) const
{
    return UserRepository(m_database.connection()).list(actor.orgId, request);
}

std::optional<User> UserService::find(const Actor &actor, const QString &id) const
{
    return UserRepository(m_database.connection()).find(actor.orgId, id);
}

User UserService::create(const Actor &actor, const NewUser &request)
{
    if (!actor.hasRole(Roles::admins()))
        throw Error::forbidden(QStringLiteral("Only an owner or admin can add members."));
    if (request.role == Role::Owner && !actor.hasRole(Roles::owner()))
        throw Error::forbidden(QStringLiteral("Only an owner can add another owner."));
    const QString email = userrules::email(request.email);
    const QString name = userrules::name(request.name);
    userrules::password(request.password);
    const QString hash = passwords::hash(request.password);

    const User user{ids::generate(u"usr_"), actor.orgId,      email, name,
                    request.role,           timestamps::now()};
    Transaction tx(m_database);
    UserRepository users(tx.db());
    if (users.emailTaken(email))
        throw Error::conflict(QStringLiteral("A member with this email already exists."),
                              QStringLiteral("email"));
    users.insert(user, hash);
    tx.commit();
    emit userCreated(user.orgId, user.id);
    return user;
}

} // namespace cadenio
