#pragma once

#include "domain/AuditEntry.h"

#include <QSqlDatabase>

#include <optional>

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
    // The run's recorded head hash (from the run row, not from the entries, which an
    // attacker might have truncated) and the highest seq among its entries. Empty hash and
    // 0 before the first entry.
    QPair<QString, int> head(const QString &runId) const;

    struct Chain
    {
        QString head;              // runs.audit_head
        QList<AuditEntry> entries; // oldest first
    };
    // The run's head and entries read by one statement, so both come from the same snapshot
    // even while another connection appends (two reads could see a head newer than the
    // entries and report a truncation that never happened). nullopt: no such run.
    std::optional<Chain> chain(const QString &runId) const;
    void setHead(const QString &runId, const QString &hash);
    QStringList runIds() const;

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
