#include "AuditRepository.h"

#include "domain/Timestamps.h"
#include "SqlQuery.h"

#include <QJsonDocument>

namespace cadenio {

void AuditRepository::insert(const AuditEntry &entry)
{
    SqlQuery(m_db,
             QStringLiteral(
                 "INSERT INTO audit_entries (id, run_id, seq, at, actor_type, actor_id, action, "
                 "changes, prev_hash, hash) VALUES (:id, :run, :seq, :at, :type, :actor, :action, "
                 ":changes, :prev, :hash)"))
        .bind(QStringLiteral(":id"), entry.id)
        .bind(QStringLiteral(":run"), entry.runId)
        .bind(QStringLiteral(":seq"), entry.seq)
        .bind(QStringLiteral(":at"), timestamps::toStored(entry.at))
        .bind(QStringLiteral(":type"), entry.actorType)
        .bind(QStringLiteral(":actor"), entry.actorId)
        .bind(QStringLiteral(":action"), entry.action)
        .bind(QStringLiteral(":changes"),
              QString::fromUtf8(QJsonDocument(entry.changes).toJson(QJsonDocument::Compact)))
        .bind(QStringLiteral(":prev"), entry.prevHash)
        .bind(QStringLiteral(":hash"), entry.hash)
        .exec();
}

namespace {
// Reads the ten entry columns starting at `first`.
AuditEntry entryAt(const SqlQuery &q, int first)
{
    AuditEntry e;
    e.id = q.text(first);
    e.runId = q.text(first + 1);
    e.seq = int(q.integer(first + 2));
    e.at = timestamps::fromStored(q.integer(first + 3));
    e.actorType = q.text(first + 4);
    e.actorId = q.text(first + 5);
    e.action = q.text(first + 6);
    e.changes = QJsonDocument::fromJson(q.text(first + 7).toUtf8()).object();
    e.prevHash = q.text(first + 8);
    e.hash = q.text(first + 9);
    return e;
}
} // namespace

QList<AuditEntry> AuditRepository::forRun(const QString &runId) const
{
    SqlQuery q(m_db,
               QStringLiteral(
                   "SELECT id, run_id, seq, at, actor_type, actor_id, action, changes, prev_hash, "
                   "hash FROM audit_entries WHERE run_id = :run ORDER BY seq"));
    q.bind(QStringLiteral(":run"), runId).exec();
    QList<AuditEntry> entries;
    while (q.next())
        entries.append(entryAt(q, 0));
    return entries;
}

std::optional<AuditRepository::Chain> AuditRepository::chain(const QString &runId) const
{
    SqlQuery q(m_db,
               QStringLiteral("SELECT r.audit_head, a.id, a.run_id, a.seq, a.at, a.actor_type, "
                              "a.actor_id, a.action, a.changes, a.prev_hash, a.hash FROM runs r "
                              "LEFT JOIN audit_entries a ON a.run_id = r.id WHERE r.id = :run "
                              "ORDER BY a.seq"));
    q.bind(QStringLiteral(":run"), runId).exec();
    if (!q.next())
        return std::nullopt;
    Chain chain;
    chain.head = q.text(0);
    do {
        if (!q.isNull(1)) // a run without entries gives one row of NULLs
            chain.entries.append(entryAt(q, 1));
    } while (q.next());
    return chain;
}

QPair<QString, int> AuditRepository::head(const QString &runId) const
{
    SqlQuery q(m_db, QStringLiteral(
                         "SELECT r.audit_head, (SELECT COALESCE(MAX(seq), 0) FROM audit_entries a "
                         "WHERE a.run_id = r.id) FROM runs r WHERE r.id = :run"));
    q.bind(QStringLiteral(":run"), runId).exec();
    if (!q.next())
        return {QString(), 0};
    return {q.text(0), int(q.integer(1))};
}

void AuditRepository::setHead(const QString &runId, const QString &hash)
{
    SqlQuery(m_db, QStringLiteral("UPDATE runs SET audit_head = :hash WHERE id = :run"))
        .bind(QStringLiteral(":hash"), hash)
        .bind(QStringLiteral(":run"), runId)
        .exec();
}

QStringList AuditRepository::runIds() const
{
    SqlQuery q(m_db, QStringLiteral("SELECT id FROM runs ORDER BY created_at, id"));
    q.exec();
    QStringList ids;
    while (q.next())
        ids << q.text(0);
    return ids;
}

} // namespace cadenio
