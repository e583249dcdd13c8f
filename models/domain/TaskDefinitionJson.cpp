#include "TaskDefinitionJson.h"

#include "Error.h"
#include "Ids.h"

#include <cmath>

namespace cadenio::taskjson {

namespace {
const QStringList kKeys{QStringLiteral("id"),
                        QStringLiteral("name"),
                        QStringLiteral("description"),
                        QStringLiteral("required"),
                        QStringLiteral("field"),
                        QStringLiteral("assignee_id"),
                        QStringLiteral("due_offset_hours"),
                        QStringLiteral("condition")};
constexpr int kMaxTasks = 500;
constexpr int kMaxOffsetHours = 24 * 365 * 10;

[[noreturn]] void invalid(const QString &path, const QString &what)
{
    throw Error::invalid(path, QStringLiteral("'%1' must be %2.").arg(path, what));
}

QString optionalString(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString())
        invalid(path + QLatin1Char('.') + key, QStringLiteral("a string"));
    return value.toString();
}

TaskDefinition parseOne(const QJsonValue &json, const QString &path,
                        const QList<TaskDefinition> &earlier)
{
    if (!json.isObject())
        invalid(path, QStringLiteral("an object"));
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!kKeys.contains(it.key())) {
            const QString field = path + QLatin1Char('.') + it.key();
            throw Error::invalid(field, QStringLiteral("Unknown field '%1'.").arg(field));
        }
    }
    TaskDefinition task;
    task.id = optionalString(object, QStringLiteral("id"), path);
    if (task.id.isEmpty())
        task.id = ids::generate(u"tdef_");
    else if (!ids::hasPrefix(task.id, u"tdef_"))
        throw Error::unprocessable(path + QStringLiteral(".id"),
                                   QStringLiteral("'%1.id' must be a tdef_… id.").arg(path));
    for (const TaskDefinition &other : earlier) {
        if (other.id == task.id)
            throw Error::unprocessable(
                path + QStringLiteral(".id"),
                QStringLiteral("'%1.id' repeats an earlier task's id.").arg(path));
    }

    const QString namePath = path + QStringLiteral(".name");
    if (!object.value(QLatin1String("name")).isString())
        throw Error::invalid(
            namePath, QStringLiteral("'%1' is required and must be a string.").arg(namePath));
    task.name = object.value(QLatin1String("name")).toString().trimmed();
    if (task.name.isEmpty() || task.name.size() > 200)
        throw Error::unprocessable(
            namePath, QStringLiteral("'%1' must have 1 to 200 characters.").arg(namePath));
    task.description = optionalString(object, QStringLiteral("description"), path);

    const QJsonValue required = object.value(QLatin1String("required"));
    if (!required.isUndefined()) {
        if (!required.isBool())
            invalid(path + QStringLiteral(".required"), QStringLiteral("true or false"));
        task.required = required.toBool();
    }
    if (!object.contains(QLatin1String("field")))
        throw Error::invalid(path + QStringLiteral(".field"),
                             QStringLiteral("'%1.field' is required.").arg(path));
    task.field =
        FieldSpec::fromJson(object.value(QLatin1String("field")), path + QStringLiteral(".field"));
    task.assigneeId = optionalString(object, QStringLiteral("assignee_id"), path);

    const QJsonValue offset = object.value(QLatin1String("due_offset_hours"));
    if (!offset.isUndefined() && !offset.isNull()) {
        const QString offsetPath = path + QStringLiteral(".due_offset_hours");
        // Range-checked as a double: toInt() reads anything beyond int as 0, which would
        // call 10^12 hours "not a whole number" instead of "too far out".
        const double hours = offset.toDouble();
        if (!offset.isDouble() || hours != std::floor(hours))
            invalid(offsetPath, QStringLiteral("a whole number of hours"));
        if (hours < 0 || hours > kMaxOffsetHours)
            throw Error::unprocessable(
                offsetPath,
                QStringLiteral("'%1' must be from 0 to %2.").arg(offsetPath).arg(kMaxOffsetHours));
        task.dueOffsetHours = int(hours);
    }

    const QJsonValue condition = object.value(QLatin1String("condition"));
    if (!condition.isUndefined() && !condition.isNull()) {
        const QString conditionPath = path + QStringLiteral(".condition");
        if (!condition.isObject())
            invalid(conditionPath, QStringLiteral("an object {\"task_id\", \"equals\"}"));
        const QJsonObject c = condition.toObject();
        for (auto it = c.begin(); it != c.end(); ++it) {
            if (it.key() != QLatin1String("task_id") && it.key() != QLatin1String("equals")) {
                const QString field = conditionPath + QLatin1Char('.') + it.key();
                throw Error::invalid(field, QStringLiteral("Unknown field '%1'.").arg(field));
            }
        }
        if (!c.value(QLatin1String("task_id")).isString())
            invalid(conditionPath + QStringLiteral(".task_id"), QStringLiteral("a string"));
        if (!c.contains(QLatin1String("equals")))
            throw Error::invalid(conditionPath + QStringLiteral(".equals"),
                                 QStringLiteral("'%1.equals' is required.").arg(conditionPath));
        TaskCondition parsed{c.value(QLatin1String("task_id")).toString(),
                             c.value(QLatin1String("equals"))};
        // Only earlier tasks: conditions then never form a cycle and read top to bottom.
        const auto source =
            std::find_if(earlier.begin(), earlier.end(),
                         [&](const TaskDefinition &t) { return t.id == parsed.taskId; });
        if (source == earlier.end())
            throw Error::unprocessable(
                conditionPath + QStringLiteral(".task_id"),
                QStringLiteral("'%1.task_id' must be the id of an earlier task.")
                    .arg(conditionPath));
        source->field.checkValue(parsed.equals, conditionPath + QStringLiteral(".equals"));
        task.condition = parsed;
    }
    return task;
}
} // namespace

QJsonObject toJson(const TaskDefinition &task)
{
    QJsonObject json{
        {QStringLiteral("id"), task.id},
        {QStringLiteral("name"), task.name},
        {QStringLiteral("description"), task.description},
        {QStringLiteral("required"), task.required},
        {QStringLiteral("field"), task.field.toJson()},
        {QStringLiteral("assignee_id"),
         task.assigneeId.isEmpty() ? QJsonValue() : QJsonValue(task.assigneeId)},
        {QStringLiteral("due_offset_hours"),
         task.dueOffsetHours ? QJsonValue(*task.dueOffsetHours) : QJsonValue()},
        {QStringLiteral("condition"),
         task.condition
             ? QJsonValue(QJsonObject{{QStringLiteral("task_id"), task.condition->taskId},
                                      {QStringLiteral("equals"), task.condition->equals}})
             : QJsonValue()},
    };
    return json;
}

QJsonArray toJson(const QList<TaskDefinition> &tasks)
{
    QJsonArray array;
    for (const TaskDefinition &task : tasks)
        array.append(toJson(task));
    return array;
}

QList<TaskDefinition> fromJson(const QJsonValue &json, const QString &path)
{
    if (!json.isArray())
        invalid(path, QStringLiteral("an array"));
    const QJsonArray items = json.toArray();
    if (items.size() > kMaxTasks)
        throw Error::unprocessable(
            path, QStringLiteral("'%1' may hold at most %2 tasks.").arg(path).arg(kMaxTasks));
    QList<TaskDefinition> tasks;
    for (qsizetype i = 0; i < items.size(); ++i)
        tasks.append(parseOne(items.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), tasks));
    return tasks;
}

} // namespace cadenio::taskjson
