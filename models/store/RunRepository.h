#pragma once

#include "domain/Run.h"
#include "Page.h"
#include "RunOrder.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

// Runs and their tasks. Reads are scoped to an organization; whoever changes a run holds
// a Transaction and reads it with lock = true first, so concurrent writers queue instead
// of overwriting each other.
class RunRepository
{
public:
    explicit RunRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    struct Filter
    {
        std::optional<RunStatus> status;
        QString templateId; // empty: any
        QString assigneeId; // empty: any
        // Set: only runs of these templates (an API key in resource mode SELECTED).
        std::optional<QStringList> templateIds;
        // Non-empty: runs whose name contains it (case-insensitive) or whose id it is.
        QString text = {};
    };

    // Inserts the run (with an empty audit head) and its tasks.
    void insert(const Run &run);
    // Saves name, status, assignee, due date, updated_at and completed_at.
    void update(const Run &run);
    // Saves visibility, status, value, assignee, due date and completion of one task.
    void updateTask(const Task &task);

    // With its tasks in position order. `lock`: inside a write transaction, hold the row
    // until commit (PostgreSQL; SQLite's write transaction already excludes other writers).
    std::optional<Run> find(const QString &orgId, const QString &id, bool lock = false) const;
    // Newest first, keyset on (created_at, id); without tasks.
    Page<Run> list(const QString &orgId, const Filter &filter, const PageRequest &request) const;
    // In `order`, at most `limit` runs after `after`; without tasks. With a text filter and
    // `scanLimit` > 0, only the next `scanLimit` runs are searched: the page may then hold
    // fewer than `limit` runs (even none) and still have a next position to search on from.
    RunPage list(const QString &orgId, const Filter &filter, const RunOrder &order, int limit,
                 const std::optional<RunPosition> &after, int scanLimit = 0) const;
    // Where `run` stands in `order`: what a page that ended with it would continue from.
    static RunPosition positionOf(const Run &run, RunSortKey key);

    // IN_PROGRESS runs of every organization whose due date is before `now`, oldest due
    // first, at most `limit`.
    QList<Run> dueBefore(qint64 now, int limit) const;
    // IN_PROGRESS → OVERDUE, only while the run is still IN_PROGRESS and still due before
    // `now`: false when another writer got there first, so each transition happens once.
    bool markOverdue(const QString &runId, qint64 now);

    // (template id, folder id) of every template of the organization, to work out which
    // templates an API key in resource mode SELECTED reaches.
    QList<QPair<QString, QString>> templateFolders(const QString &orgId) const;

private:
    QList<Task> tasks(const QString &runId) const;

    QSqlDatabase m_db;
};

} // namespace cadenio
