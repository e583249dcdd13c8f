#include "RunTasksModel.h"

#include "NameDirectory.h"

#include <QDate>
#include <QJsonArray>
#include <QLocale>

namespace cadenio {

namespace {
QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}
} // namespace

RunTasksModel::RunTasksModel(NameDirectory &names, QObject *parent)
    : QAbstractTableModel(parent)
    , m_names(names)
{}

QString RunTasksModel::statusText(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Pending:
        return tr("Pending");
    case TaskStatus::Completed:
        return tr("Completed");
    case TaskStatus::Skipped:
        return tr("Skipped");
    }
    return {};
}

void RunTasksModel::setRun(const Run &run, const QHash<QString, QString> &fileNames)
{
    beginResetModel();
    m_run = run;
    m_fileNames = fileNames;
    m_rows.clear();
    for (const Task &task : run.tasks) {
        if (task.visible)
            m_rows.append(task);
    }
    endResetModel();
}

void RunTasksModel::clear()
{
    setRun(Run());
}

const Task *RunTasksModel::taskAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int RunTasksModel::rowOf(const QString &taskId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == taskId)
            return row;
    }
    return -1;
}

QString RunTasksModel::valueText(const Task &task) const
{
    const QJsonValue &value = task.value;
    if (value.isNull() || value.isUndefined())
        return {};
    switch (task.field.type) {
    case FieldSpec::Type::Boolean:
        return value.toBool() ? tr("Yes") : tr("No");
    case FieldSpec::Type::Number:
        return QLocale().toString(value.toDouble(), 'g', 15);
    case FieldSpec::Type::Date: {
        const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
        return date.isValid() ? QLocale().toString(date, QLocale::ShortFormat) : value.toString();
    }
    case FieldSpec::Type::MultiSelect: {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items << item.toString();
        return items.join(QStringLiteral(", "));
    }
    case FieldSpec::Type::File:
        return m_fileNames.value(value.toString(), value.toString());
    default:
        return value.toString();
    }
}

int RunTasksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunTasksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTasksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Task &task = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return task.id;
    case StatusRole:
        return taskStatusName(task.status);
    case RequiredRole:
        return task.required;
    case FieldTypeRole:
        return FieldSpec::typeName(task.field.type);
    case ValueRole:
        return QVariant::fromValue(task.value);
    case Qt::ToolTipRole:
        if (index.column() == NameColumn && !task.description.isEmpty())
            return task.description;
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return task.required ? task.name : tr("%1 (optional)").arg(task.name);
    case StatusColumn:
        return statusText(task.status);
    case ValueColumn:
        return valueText(task);
    case AssigneeColumn:
        return task.assigneeId.isEmpty() ? QString() : m_names.userName(task.assigneeId);
    case DueColumn:
        return shortTime(task.dueDate);
    case CompletedColumn:
        if (!task.completedAt.isValid())
            return QString();
        return tr("%1 by %2").arg(shortTime(task.completedAt), m_names.userName(task.completedBy));
    default:
        return {};
    }
}

QVariant RunTasksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Task");
    case StatusColumn:
        return tr("Status");
    case ValueColumn:
        return tr("Value");
    case AssigneeColumn:
        return tr("Assignee");
    case DueColumn:
        return tr("Due");
    case CompletedColumn:
        return tr("Completed");
    default:
        return {};
    }
}

} // namespace cadenio
