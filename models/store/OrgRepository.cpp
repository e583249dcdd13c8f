#include "OrgRepository.h"

#include "domain/Timestamps.h"
#include "SqlQuery.h"

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

std::optional<OrgRepository::InstanceRecord> OrgRepository::instance() const
{
    SqlQuery q(m_db, QStringLiteral("SELECT id, secret_location FROM instance LIMIT 1"));
    q.exec();
    if (!q.next())
        return std::nullopt;
    return InstanceRecord{q.text(0), q.text(1)};
}

void OrgRepository::insertInstance(const InstanceRecord &record, qint64 createdAt)
{
    SqlQuery(m_db,
             QStringLiteral(
                 "INSERT INTO instance (id, secret_location, created_at) VALUES (:id, :loc, :at)"))
        .bind(QStringLiteral(":id"), record.id)
        .bind(QStringLiteral(":loc"), record.secretLocation)
        .bind(QStringLiteral(":at"), createdAt)
        .exec();
}

} // namespace cadenio
