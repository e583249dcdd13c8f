#pragma once

#include "Field.h"

#include <QDateTime>
#include <QJsonValue>
#include <QList>

#include <optional>

namespace cadenio {

// Show a task only while another task of the same run has a given value.
struct TaskCondition
{
    QString taskId; // a TaskDefinition id ("tdef_…") of the same template
    QJsonValue equals;
    bool operator==(const TaskCondition &) const = default;
};

struct TaskDefinition
{
    QString id; // "tdef_…", stable across versions so form_data keys keep working
    QString name;
    QString description;
    bool required = true;
    FieldSpec field;
    QString assigneeId;                // empty: none
    std::optional<int> dueOffsetHours; // due this long after launch
    std::optional<TaskCondition> condition;
    bool operator==(const TaskDefinition &) const = default;
};

enum class TemplateStatus
{
    Draft,
    Published
};

// A template as its editors see it: the current draft, and which version (if any) runs
// are launched from.
struct Template
{
    QString id;
    QString orgId;
    QString folderId; // empty: top level
    QString name;
    QString description;
    QList<TaskDefinition> tasks; // the draft
    std::optional<int> publishedVersion;
    bool hasUnpublishedChanges = true;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime publishedAt;

    TemplateStatus status() const
    {
        return publishedVersion ? TemplateStatus::Published : TemplateStatus::Draft;
    }
};

// A published version: immutable and kept forever; runs pin to one.
struct TemplateVersion
{
    QString templateId;
    int version = 0;
    QString name;
    QString description;
    QList<TaskDefinition> tasks;
    QDateTime publishedAt;
    QString publishedBy;
};

struct Folder
{
    QString id;
    QString orgId;
    QString name;
    QString parentId; // empty: top level
    QDateTime createdAt;
};

} // namespace cadenio
