#pragma once

#include "Field.h"
#include "Template.h"

#include <QDateTime>
#include <QJsonValue>
#include <QList>

#include <optional>

namespace cadenio {

enum class RunStatus
{
    InProgress,
    Completed,
    Overdue,
    Cancelled
};
enum class TaskStatus
{
    Pending,
    Completed,
    Skipped
};

QString runStatusName(RunStatus status);
std::optional<RunStatus> runStatusFromName(QStringView name);
QString taskStatusName(TaskStatus status);
std::optional<TaskStatus> taskStatusFromName(QStringView name);

struct Task
{
    QString id; // "task_…"
    QString runId;
    int position = 0;
    QString definitionId; // the TaskDefinition it was made from
    QString name;
    QString description;
    bool required = true;
    FieldSpec field;
    std::optional<TaskCondition> condition;
    bool visible = true; // false while its condition does not hold
    TaskStatus status = TaskStatus::Pending;
    QJsonValue value; // Null: none
    QString assigneeId;
    QDateTime dueDate;
    QDateTime completedAt;
    QString completedBy;
};

struct Run
{
    QString id; // "run_…"
    QString orgId;
    QString templateId;
    int templateVersion = 0;
    QString name;
    RunStatus status = RunStatus::InProgress;
    QString assigneeId;
    QDateTime dueDate;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime completedAt;
    QList<Task> tasks; // filled where the caller asked for them

    bool isClosed() const
    {
        return status == RunStatus::Completed || status == RunStatus::Cancelled;
    }
};

} // namespace cadenio
