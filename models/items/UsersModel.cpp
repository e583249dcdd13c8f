#include "UsersModel.h"

#include "services/UserService.h"

#include <QLocale>

namespace cadenio {

UsersModel::UsersModel(UserService &users, Actor actor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_users(users)
    , m_actor(std::move(actor))
{
    connect(&m_users, &UserService::userCreated, this,
            [this](const QString &orgId, const QString &userId) {
                if (orgId == m_actor.orgId)
                    insertCreated(userId);
            });
    reload();
}

void UsersModel::reload()
{
    QList<User> rows;
    PageRequest request{100, std::nullopt};
    for (;;) {
        Page<User> page = m_users.list(m_actor, request);
        rows.append(page.items);
        if (!page.next)
            break;
        request.after = page.next;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void UsersModel::insertCreated(const QString &userId)
{
    // One new row at the top (newest first), so views keep their selection and scroll
    // position; a reset would lose both.
    const auto user = m_users.find(m_actor, userId);
    if (!user)
        return;
    for (const User &known : std::as_const(m_rows)) {
        if (known.id == userId)
            return;
    }
    beginInsertRows({}, 0, 0);
    m_rows.prepend(*user);
    endInsertRows();
}

int UsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &user = m_rows.at(index.row());
    if (role == IdRole)
        return user.id;
    if (role == SortRole) {
        switch (index.column()) {
        case RoleColumn:
            return int(user.role);
        case CreatedColumn:
            return user.createdAt;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return user.name;
    case EmailColumn:
        return user.email;
    case RoleColumn:
        return roleName(user.role);
    case CreatedColumn:
        return QLocale().toString(user.createdAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("Email");
    case RoleColumn:
        return tr("Role");
    case CreatedColumn:
        return tr("Added");
    default:
        return {};
    }
}

} // namespace cadenio
