#pragma once

// Many runs at once, straight into the store: one INSERT … SELECT over a counter in one
// transaction, so a test can have a million runs in seconds. Runs only (no tasks, no audit
// entries): what the runs list reads. Statuses, deadlines and update times vary so that
// every filter and order has something to find.

#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/SqlQuery.h"
#include "store/Transaction.h"

#include <QStringList>

namespace runseeder {

// Run n (1-based) is named "Seeded run <n>", created at base + n seconds, has status
// IN_PROGRESS, COMPLETED, OVERDUE, CANCELLED in turn, is assigned to assignees[n % size],
// is updated at a scrambled time and is due in n hours unless n is a multiple of 5.
inline void seed(const cadenio::Database &database, const QString &orgId, const QString &templateId,
                 const QStringList &assignees, qint64 count, qint64 base = 1'700'000'000'000)
{
    // A page cache that holds the runs indexes while they grow: with SQLite's default of
    // 2 MB every insert into the scrambled updated_at index goes to disk.
    cadenio::SqlQuery(database.connection(), QStringLiteral("PRAGMA cache_size = -262144")).exec();
    cadenio::Transaction tx(database);
    QString assigneeCase = QStringLiteral("NULL");
    if (!assignees.isEmpty()) {
        assigneeCase = QStringLiteral("CASE n % %1").arg(assignees.size());
        for (qsizetype i = 0; i < assignees.size(); ++i)
            assigneeCase += QStringLiteral(" WHEN %1 THEN :assignee%1").arg(i);
        assigneeCase += QStringLiteral(" END");
    }
    cadenio::SqlQuery insert(
        tx.db(),
        QStringLiteral(
            "WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n "
            "< :count) "
            "INSERT INTO runs (id, org_id, template_id, template_version, name, status, "
            "assignee_id, due_date, created_at, updated_at, completed_at, audit_head) "
            "SELECT 'run_seed' || substr('000000000' || n, -9, 9), :org, :template, 1, 'Seeded run "
            "' || n, "
            "CASE n % 4 WHEN 0 THEN 'IN_PROGRESS' WHEN 1 THEN 'COMPLETED' WHEN 2 THEN "
            "'OVERDUE' ELSE 'CANCELLED' END, %1, "
            "CASE WHEN n % 5 = 0 THEN NULL ELSE :base_due + n * 3600000 END, "
            ":base + n * 1000, :base_updated + ((n * 7919) % :count_mod) * 1000, NULL, '' "
            "FROM counter")
            .arg(assigneeCase));
    insert.bind(QStringLiteral(":count"), count)
        .bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":template"), templateId)
        .bind(QStringLiteral(":base_due"), base)
        .bind(QStringLiteral(":base"), base)
        .bind(QStringLiteral(":base_updated"), base)
        .bind(QStringLiteral(":count_mod"), count);
    for (qsizetype i = 0; i < assignees.size(); ++i)
        insert.bind(QStringLiteral(":assignee%1").arg(i), assignees.at(i));
    insert.exec();
    tx.commit();
    cadenio::SqlQuery(database.connection(), QStringLiteral("PRAGMA cache_size = -2000")).exec();
}

} // namespace runseeder
