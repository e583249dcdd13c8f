#pragma once

#include "Template.h"

#include <QJsonArray>

namespace cadenio::taskjson {

// TaskDefinition ⇄ the contract's TaskDef JSON: {"id","name","description","required",
// "field","assignee_id"?,"due_offset_hours"?,"condition"?:{"task_id","equals"}}. The same
// form is stored in the database, so what was validated is what is kept.
QJsonObject toJson(const TaskDefinition &task);
QJsonArray toJson(const QList<TaskDefinition> &tasks);

// Parses and validates a list as sent by a client: wrong JSON types are 400
// INVALID_REQUEST, semantic mistakes 422 UNPROCESSABLE, each naming the path
// ("tasks[2].field.type"). Items without "id" get a new "tdef_…" id; ids must be unique;
// conditions must refer to an earlier task of the list. Assignees are not looked up here.
QList<TaskDefinition> fromJson(const QJsonValue &json,
                               const QString &path = QStringLiteral("tasks"));

} // namespace cadenio::taskjson
