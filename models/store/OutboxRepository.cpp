#include "OutboxRepository.h"

#include "SqlQuery.h"

namespace cadenio {

void OutboxRepository::insert(const QString &id, const QString &orgId, const QString &event,
                              const QByteArray &payload, qint64 createdAt)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO outbox (id, org_id, event, payload, created_at) "
                                  "VALUES (:id, :org, :event, :payload, :at)"))
        .bind(QStringLiteral(":id"), id)
        .bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":event"), event)
        .bind(QStringLiteral(":payload"), QString::fromUtf8(payload))
        .bind(QStringLiteral(":at"), createdAt)
        .exec();
}

QList<QByteArray> OutboxRepository::payloads(const QString &orgId) const
{
    SqlQuery q(m_db, QStringLiteral(
                         "SELECT payload FROM outbox WHERE org_id = :org ORDER BY created_at, id"));
    q.bind(QStringLiteral(":org"), orgId).exec();
    QList<QByteArray> result;
    while (q.next())
        result << q.text(0).toUtf8();
    return result;
}

} // namespace cadenio
