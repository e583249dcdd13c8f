#include "UserRepository.h"

#include "domain/Timestamps.h"
#include "Keyset.h"
#include "SqlQuery.h"

namespace cadenio {

namespace {
const QString kSelect = QStringLiteral("SELECT id, org_id, email, name, role, created_at, "
                                       "password_hash FROM users WHERE deactivated_at IS NULL");

User readUser(const SqlQuery &q)
{
    return User{q.text(0),
                q.text(1),
                q.text(2),
                q.text(3),
                roleFromName(q.text(4)).value_or(Role::Auditor),
                timestamps::fromStored(q.integer(5))};
}
} // namespace

std::optional<User> UserRepository::find(const QString &orgId, const QString &id) const
{
    SqlQuery q(m_db, kSelect + QStringLiteral(" AND org_id = :org AND id = :id"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readUser(q);
}

std::optional<UserRepository::Credentials>
UserRepository::findActiveByEmail(const QString &email) const
{
    SqlQuery q(m_db, kSelect + QStringLiteral(" AND email = :email"));
    q.bind(QStringLiteral(":email"), email).exec();
    if (!q.next())
        return std::nullopt;
    return Credentials{readUser(q), q.text(6)};
}

bool UserRepository::emailTaken(const QString &email) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT 1 FROM users WHERE email = :email"));
    q.bind(QStringLiteral(":email"), email).exec();
    return q.next();
}

Page<User> UserRepository::list(const QString &orgId, const PageRequest &request) const
{
    SqlQuery q(m_db, kSelect + QStringLiteral(" AND org_id = :org") + keyset::condition(request) +
                         keyset::orderAndLimit(request));
    q.bind(QStringLiteral(":org"), orgId);
    keyset::bind(q, request);
    q.exec();
    QList<User> rows;
    while (q.next())
        rows.append(readUser(q));
    return keyset::finish(std::move(rows), request, [](const User &u) {
        return PagePosition{timestamps::toStored(u.createdAt), u.id};
    });
}

void UserRepository::insert(const User &user, const QString &passwordHash)
{
    SqlQuery(m_db,
             QStringLiteral(
                 "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at) "
                 "VALUES (:id, :org, :email, :name, :role, :hash, :at)"))
        .bind(QStringLiteral(":id"), user.id)
        .bind(QStringLiteral(":org"), user.orgId)
        .bind(QStringLiteral(":email"), user.email)
        .bind(QStringLiteral(":name"), user.name)
        .bind(QStringLiteral(":role"), roleName(user.role))
        .bind(QStringLiteral(":hash"), passwordHash)
        .bind(QStringLiteral(":at"), timestamps::toStored(user.createdAt))
        .exec();
}

} // namespace cadenio
