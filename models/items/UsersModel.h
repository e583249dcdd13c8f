#pragma once

#include "domain/Actor.h"
#include "domain/User.h"

#include <QAbstractTableModel>

namespace cadenio {

class UserService;

// The organization's members as a table for the console, refreshed when one is added.
class UsersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        EmailColumn,
        RoleColumn,
        CreatedColumn,
        ColumnCount
    };
    enum ItemRole
    {
        IdRole = Qt::UserRole + 1,
        SortRole, // raw values (the role code, the QDateTime) for sorting proxies
    };

    UsersModel(UserService &users, Actor actor, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    void reload();

private:
    void insertCreated(const QString &userId);

    UserService &m_users;
    Actor m_actor;
    QList<User> m_rows;
};

} // namespace cadenio
