#include "IdempotencyRepository.h"

#include "SqlQuery.h"

namespace cadenio {

std::optional<IdempotencyRepository::Stored> IdempotencyRepository::find(const QString &orgId,
                                                                         const QString &key) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT request_hash, response_status, response_body, "
                                    "created_at FROM idempotency_keys "
                                    "WHERE org_id = :org AND idempotency_key = :key"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":key"), key).exec();
    if (!q.next())
        return std::nullopt;
    return Stored{q.text(0), int(q.integer(1)), q.text(2).toUtf8(), q.integer(3)};
}

void IdempotencyRepository::insert(const QString &orgId, const QString &key, const Stored &stored)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO idempotency_keys (org_id, idempotency_key, "
                                  "request_hash, response_status, response_body, created_at) "
                                  "VALUES (:org, :key, :hash, :status, :body, :at)"))
        .bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":key"), key)
        .bind(QStringLiteral(":hash"), stored.requestHash)
        .bind(QStringLiteral(":status"), stored.status)
        // The body is compact UTF-8 JSON; TEXT keeps it readable and round-trips it exactly.
        .bind(QStringLiteral(":body"), QString::fromUtf8(stored.body))
        .bind(QStringLiteral(":at"), stored.createdAt)
        .exec();
}

void IdempotencyRepository::remove(const QString &orgId, const QString &key)
{
    SqlQuery(m_db, QStringLiteral("DELETE FROM idempotency_keys WHERE org_id = :org AND "
                                  "idempotency_key = :key"))
        .bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":key"), key)
        .exec();
}

int IdempotencyRepository::removeOlderThan(qint64 cutoff)
{
    SqlQuery q(m_db, QStringLiteral("DELETE FROM idempotency_keys WHERE created_at < :cutoff"));
    q.bind(QStringLiteral(":cutoff"), cutoff).exec();
    return q.rowsAffected();
}

} // namespace cadenio
