#pragma once

#include "domain/AuditEntry.h"

#include <QSqlDatabase>

namespace cadenio {

class AuditRepository
{
public:
    explicit AuditRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    void insert(const AuditEntry &entry);
    // Oldest first.
    QList<AuditEntry> forRun(const QString &runId) const;
    // The newest entry's hash and seq, from the run row (not from the entries, which an
    // attacker might have truncated). Empty hash and 0 before the first entry.
    QPair<QString, int> head(const QString &runId) const;
    void setHead(const QString &runId, const QString &hash);
    QStringList runIds() const;

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
