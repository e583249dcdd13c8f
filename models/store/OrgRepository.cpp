#include "OrgRepository.h"

#include "SqlQuery.h"
#include "domain/Timestamps.h"

namespace cadenio {

namespace {
const QString kColumns = QStringLiteral("SELECT id, name, plan, created_at FROM orgs");

Org readOrg(const SqlQuery &q)
{
    return Org{q.text(0), q.text(1), planFromName(q.text(2)).value_or(Plan::Free),
               timestamps::fromStored(q.integer(3))};
}
} // namespace

std::optional<Org> OrgRepository::find(const QString &id) const
{
    SqlQuery q(m_db, kColumns + QStringLiteral(" WHERE id = :id"));
    q.bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readOrg(q);
}

std::optional<Org> OrgRepository::first() const
{
    SqlQuery q(m_db, kColumns + QStringLiteral(" ORDER BY created_at, id LIMIT 1"));
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readOrg(q);
}

bool OrgRepository::any() const
{
    return first().has_value();
}

void OrgRepository::insert(const Org &org)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO orgs (id, name, plan, created_at) "
                                  "VALUES (:id, :name, :plan, :at)"))
        .bind(QStringLiteral(":id"), org.id)
        .bind(QStringLiteral(":name"), org.name)
        .bind(QStringLiteral(":plan"), planName(org.plan))
        .bind(QStringLiteral(":at"), timestamps::toStored(org.createdAt))
        .exec();
}

void OrgRepository::update(const Org &org)
{
    SqlQuery(m_db, QStringLiteral("UPDATE orgs SET name = :name, plan = :plan WHERE id = :id"))
        .bind(QStringLiteral(":id"), org.id)
        .bind(QStringLiteral(":name"), org.name)
        .bind(QStringLiteral(":plan"), planName(org.plan))
        .exec();
}

std::optional<QString> OrgRepository::instanceId() const
{
    SqlQuery q(m_db, QStringLiteral("SELECT id FROM instance LIMIT 1"));
    q.exec();
    if (!q.next())
        return std::nullopt;
    return q.text(0);
}

void OrgRepository::insertInstance(const QString &id, qint64 createdAt)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO instance (id, created_at) VALUES (:id, :at)"))
        .bind(QStringLiteral(":id"), id)
        .bind(QStringLiteral(":at"), createdAt)
        .exec();
}

} // namespace cadenio
