#include "AuditTimelineModel.h"

#include "NameDirectory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace cadenio {

namespace {
QString valueText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("—");
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
}
} // namespace

AuditTimelineModel::AuditTimelineModel(NameDirectory &names, QObject *parent)
    : QAbstractTableModel(parent)
    , m_names(names)
{}

QString AuditTimelineModel::actionText(const QString &action)
{
    if (action == QLatin1String("run.created"))
        return tr("Run launched");
    if (action == QLatin1String("run.updated"))
        return tr("Run changed");
    if (action == QLatin1String("run.cancelled"))
        return tr("Run cancelled");
    if (action == QLatin1String("run.completed"))
        return tr("Run completed");
    if (action == QLatin1String("run.overdue"))
        return tr("Run overdue");
    if (action == QLatin1String("task.completed"))
        return tr("Task completed");
    if (action == QLatin1String("task.updated"))
        return tr("Task changed");
    return action;
}

void AuditTimelineModel::setEntries(const QList<AuditEntry> &entries,
                                    const QHash<QString, QString> &taskNames)
{
    beginResetModel();
    m_entries = entries;
    m_taskNames = taskNames;
    m_brokenSeq = 0;
    endResetModel();
}

void AuditTimelineModel::setBreak(const std::optional<AuditLog::Break> &broken)
{
    m_brokenSeq = broken ? broken->seq : 0;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString AuditTimelineModel::actorText(const AuditEntry &entry) const
{
    if (entry.actorType == QLatin1String("user"))
        return m_names.userName(entry.actorId);
    if (entry.actorType == QLatin1String("api_key"))
        return tr("API key %1").arg(entry.actorId);
    return tr("System");
}

QString AuditTimelineModel::fieldText(const QString &field) const
{
    // "tasks.<task id>.<field>": name the task as the tasks table does.
    const QStringList parts = field.split(QLatin1Char('.'));
    if (parts.size() == 3 && parts.at(0) == QLatin1String("tasks"))
        return tr("%1 › %2").arg(m_taskNames.value(parts.at(1), parts.at(1)), parts.at(2));
    return field;
}

QString AuditTimelineModel::changedValueText(const QString &field, const QJsonValue &value) const
{
    // Ids of people and templates read as names; the exports keep the ids.
    if (value.isString()) {
        if (field.endsWith(QLatin1String("assignee_id")) ||
            field.endsWith(QLatin1String("completed_by")))
            return m_names.userName(value.toString());
        if (field == QLatin1String("template_id"))
            return m_names.templateName(value.toString());
    }
    return valueText(value);
}

QString AuditTimelineModel::changesText(const AuditEntry &entry) const
{
    QStringList lines;
    for (auto it = entry.changes.begin(); it != entry.changes.end(); ++it) {
        const QJsonObject change = it.value().toObject();
        lines << tr("%1: %2 → %3")
                     .arg(fieldText(it.key()),
                          changedValueText(it.key(), change.value(QLatin1String("from"))),
                          changedValueText(it.key(), change.value(QLatin1String("to"))));
    }
    return lines.join(QLatin1Char('\n'));
}

int AuditTimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    switch (role) {
    case IdRole:
        return entry.id;
    case SeqRole:
        return entry.seq;
    case ActionRole:
        return entry.action;
    case HashRole:
        return entry.hash;
    case BrokenRole:
        return m_brokenSeq != 0 && entry.seq == m_brokenSeq;
    case Qt::ToolTipRole:
        return tr("Entry %1 (%2)\nhash %3\nprevious %4")
            .arg(entry.seq)
            .arg(entry.id, entry.hash, entry.prevHash);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case WhenColumn:
        return QLocale().toString(entry.at.toLocalTime(), QLocale::ShortFormat);
    case WhoColumn:
        return actorText(entry);
    case ActionColumn:
        return actionText(entry.action);
    case ChangesColumn:
        return changesText(entry);
    default:
        return {};
    }
}

QVariant AuditTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case ActionColumn:
        return tr("What");
    case ChangesColumn:
        return tr("Before → after");
    default:
        return {};
    }
}

} // namespace cadenio
