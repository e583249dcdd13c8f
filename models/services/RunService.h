#pragma once

#include "AuditLog.h"
#include "domain/Actor.h"
#include "domain/AuditEntry.h"
#include "domain/Run.h"
#include "store/AuditRepository.h"
#include "store/Page.h"
#include "store/RunOrder.h"

#include <QObject>

#include <functional>
#include <optional>

namespace cadenio {

class Database;

// Runs and their tasks: launching from a published template version, working on tasks,
// completion, cancellation and deadlines. Every change writes its audit entry and outbox
// event in the same transaction; signals follow the commit.
//
// Writes need a writer role (OWNER, ADMIN, MEMBER) of users; API keys are limited by
// scope at the route. An API key in resource mode SELECTED sees only runs of templates
// it reaches; any other run is NOT_FOUND, exactly as if it did not exist.
class RunService : public QObject
{
    Q_OBJECT
public:
    // An Idempotency-Key reused within this window replays the first answer.
    static constexpr qint64 kIdempotencyWindowMs = 24 * 60 * 60 * 1000;

    struct LaunchRequest
    {
        QString templateId;
        std::optional<QString> name; // default: the template version's name
        QString assigneeId;          // empty: none
        QDateTime dueDate;           // invalid: none
        QJsonObject formData;        // TaskDefinition id → value
    };

    // Stripe's Idempotency-Key: the same key with the same request (from the same
    // principal) replays the first response byte for byte; the same key with anything
    // else is CONFLICT. Only successful launches are remembered: a request that failed
    // validation can be corrected and retried under the same key.
    struct Idempotency
    {
        QString key;
        QByteArray request;                          // canonical request body
        std::function<QByteArray(const Run &)> body; // the response body of a new run
    };
    struct Launched
    {
        Run run;         // empty on a replay
        int status = 0;  // 201, or the remembered status
        QByteArray body; // the response body, or the remembered one
        bool replayed = false;
    };

    struct ListFilter
    {
        std::optional<RunStatus> status;
        QString templateId; // empty: any
        QString assigneeId; // empty: any
        // Non-empty: runs whose name contains it (ignoring case) or whose id it is. The
        // console's search; the API offers no such parameter. (Initialised so that the
        // three-field aggregates of existing callers stay warning-free.)
        QString text = {};
    };

    struct RunChanges
    {
        std::optional<QString> name;
        std::optional<QString> assigneeId; // empty string: unassign
        std::optional<QDateTime> dueDate;  // invalid: no deadline
        bool cancel = false;
    };

    struct TaskChanges
    {
        std::optional<TaskStatus> status; // Completed or Skipped
        std::optional<QJsonValue> value;  // Null clears
        std::optional<QString> assigneeId;
        std::optional<QDateTime> dueDate;
    };

    explicit RunService(const Database &database, QObject *parent = nullptr);

    // NOT_FOUND for an unknown or unreached template; CONFLICT without a published
    // version; UNPROCESSABLE for an unknown assignee or bad form_data (naming
    // "form_data.<key>"). The run opens IN_PROGRESS, pinned to the published version.
    Run launch(const Actor &actor, const LaunchRequest &request);
    // The same, under an Idempotency-Key (see Idempotency). CONFLICT when the key was used
    // for a different request.
    Launched launch(const Actor &actor, const LaunchRequest &request,
                    const Idempotency &idempotency);

    // With tasks.
    Run get(const Actor &actor, const QString &id) const;
    // Newest first, without tasks.
    Page<Run> list(const Actor &actor, const ListFilter &filter, const PageRequest &page) const;
    // In `order`, at most `limit` runs after `after`, without tasks: the console's list,
    // which sorts by more than the creation time.
    // With a text filter and `scanLimit` > 0, each call searches only that many runs (see
    // RunRepository::list): a short page with a next position means "search on".
    RunPage list(const Actor &actor, const ListFilter &filter, const RunOrder &order, int limit,
                 const std::optional<RunPosition> &after = std::nullopt, int scanLimit = 0) const;
    // CONFLICT on a COMPLETED or CANCELLED run. An OVERDUE run whose deadline moves into
    // the future (or goes away) is IN_PROGRESS again. With tasks.
    Run update(const Actor &actor, const QString &id, const RunChanges &changes);
    // CONFLICT on a closed run; UNPROCESSABLE for a value of the wrong type, a skipped
    // required task, a status change of a hidden task, an unknown assignee. Completing
    // the last required visible task completes the run in the same transaction.
    Task updateTask(const Actor &actor, const QString &runId, const QString &taskId,
                    const TaskChanges &changes);
    // Oldest first.
    QList<AuditEntry> audit(const Actor &actor, const QString &runId) const;
    // The run's recorded head and its entries from one read, for verifying and exporting
    // exactly the same chain. NOT_FOUND for an unknown or unreached run.
    AuditRepository::Chain auditChain(const Actor &actor, const QString &runId) const;
    // The first broken link of the run's chain; nullopt when it is intact.
    std::optional<AuditLog::Break> verifyAudit(const Actor &actor, const QString &runId) const;

    // One pass of the deadline check over every organization: IN_PROGRESS runs whose due
    // date is before `now` become OVERDUE (audited as the system, run.overdue emitted),
    // each exactly once even with several instances on one database. Returns how many.
    int markOverdue(const QDateTime &now);

signals:
    void runLaunched(const QString &orgId, const QString &runId);
    // Anything about the run or its tasks changed (including completion and deadlines).
    void runChanged(const QString &orgId, const QString &runId);
    void runCompleted(const QString &orgId, const QString &runId);

private:
    Launched launchOnce(const Actor &actor, const LaunchRequest &request,
                        const Idempotency *idempotency);

    const Database &m_database;
};

} // namespace cadenio
