#pragma once

#include "domain/Run.h"

#include <QAbstractTableModel>
#include <QHash>

namespace cadenio {

class NameDirectory;

// The tasks of one run, in template order, for the run's detail view. Tasks hidden by
// their condition are left out: they cannot be worked on until their condition holds.
class RunTasksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        ValueColumn,
        AssigneeColumn,
        DueColumn,
        CompletedColumn,
        ColumnCount
    };
    enum ItemRole
    {
        IdRole = Qt::UserRole + 1,
        StatusRole,    // the status code ("PENDING")
        RequiredRole,  // bool
        FieldTypeRole, // the field type name ("number")
        ValueRole,     // the value as QJsonValue
    };

    explicit RunTasksModel(NameDirectory &names, QObject *parent = nullptr);

    static QString statusText(TaskStatus status);
    // A value as a person reads it: "Yes", "3.5", "a, b", a file's name.
    QString valueText(const Task &task) const;

    // Replaces the rows; `fileNames` maps file ids to names for values of file fields.
    void setRun(const Run &run, const QHash<QString, QString> &fileNames = {});
    void clear();
    const Run &run() const { return m_run; }
    const Task *taskAt(int row) const;
    int rowOf(const QString &taskId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    NameDirectory &m_names;
    Run m_run;
    QList<Task> m_rows;
    QHash<QString, QString> m_fileNames;
};

} // namespace cadenio
