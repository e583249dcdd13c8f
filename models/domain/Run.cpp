#include "Run.h"

namespace cadenio {

QString runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::InProgress:
        return QStringLiteral("IN_PROGRESS");
    case RunStatus::Completed:
        return QStringLiteral("COMPLETED");
    case RunStatus::Overdue:
        return QStringLiteral("OVERDUE");
    case RunStatus::Cancelled:
        return QStringLiteral("CANCELLED");
    }
    return {};
}

std::optional<RunStatus> runStatusFromName(QStringView name)
{
    for (RunStatus s :
         {RunStatus::InProgress, RunStatus::Completed, RunStatus::Overdue, RunStatus::Cancelled}) {
        if (name == runStatusName(s))
            return s;
    }
    return std::nullopt;
}

QString taskStatusName(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Pending:
        return QStringLiteral("PENDING");
    case TaskStatus::Completed:
        return QStringLiteral("COMPLETED");
    case TaskStatus::Skipped:
        return QStringLiteral("SKIPPED");
    }
    return {};
}

std::optional<TaskStatus> taskStatusFromName(QStringView name)
{
    for (TaskStatus s : {TaskStatus::Pending, TaskStatus::Completed, TaskStatus::Skipped}) {
        if (name == taskStatusName(s))
            return s;
    }
    return std::nullopt;
}

} // namespace cadenio
