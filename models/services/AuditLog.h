#pragma once

#include "domain/Actor.h"
#include "domain/AuditEntry.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

// The append-only, hash-chained audit trail of runs. Entries are appended inside the
// transaction of the change they record, so a change and its entry commit together.
class AuditLog
{
public:
    // The prev_hash of a run's first entry.
    static const QString kGenesis;

    static AuditEntry append(const QSqlDatabase &tx, const QString &runId, const Actor &actor,
                             const QString &action, const QJsonObject &changes,
                             const QDateTime &at);

    static QList<AuditEntry> entries(const QSqlDatabase &db, const QString &runId);

    struct Break
    {
        QString runId;
        QString entryId; // empty when the break is at the end of the chain (truncation)
        int seq = 0;
        QString reason;
    };
    // The first broken link of a run's chain, if any (none for a run that does not exist).
    static std::optional<Break> verify(const QSqlDatabase &db, const QString &runId);
    // The same check on a chain already read: `head` is the run's recorded audit_head,
    // `entries` its entries ordered by seq. Lets a caller verify exactly what it exports.
    static std::optional<Break> verify(const QString &runId, const QString &head,
                                       const QList<AuditEntry> &entries);

    // What is hashed: the entry without its hashes, as compact JSON with sorted keys.
    static QByteArray canonicalJson(const AuditEntry &entry);
    static QString hashOf(const QString &prevHash, const AuditEntry &entry);

    // {"from": …, "to": …} for one changed field.
    static QJsonObject change(const QJsonValue &from, const QJsonValue &to);
};

} // namespace cadenio
