#pragma once

#include "domain/AuditEntry.h"
#include "services/AuditLog.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

namespace cadenio {

class NameDirectory;

// A run's audit trail, oldest first, as a person reads it: when, who, what, and each
// changed field as "before → after". After a verification the entry where the chain
// breaks is marked (BrokenRole), so a view can point at it.
class AuditTimelineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        WhenColumn,
        WhoColumn,
        ActionColumn,
        ChangesColumn,
        ColumnCount
    };
    enum ItemRole
    {
        IdRole = Qt::UserRole + 1,
        SeqRole,
        ActionRole, // the action code ("task.completed")
        HashRole,
        BrokenRole, // bool: the chain breaks at this entry
    };

    explicit AuditTimelineModel(NameDirectory &names, QObject *parent = nullptr);

    static QString actionText(const QString &action);
    // "Approval › value: — → yes", one line per changed field.
    QString changesText(const AuditEntry &entry) const;

    // `taskNames` maps the run's task ids to names, for fields such as "tasks.<id>.value".
    void setEntries(const QList<AuditEntry> &entries,
                    const QHash<QString, QString> &taskNames = {});
    void setBreak(const std::optional<AuditLog::Break> &broken);
    const QList<AuditEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString actorText(const AuditEntry &entry) const;
    QString fieldText(const QString &field) const;
    QString changedValueText(const QString &field, const QJsonValue &value) const;

    NameDirectory &m_names;
    QList<AuditEntry> m_entries;
    QHash<QString, QString> m_taskNames;
    int m_brokenSeq = 0; // 0: none
};

} // namespace cadenio
