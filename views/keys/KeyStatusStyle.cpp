#include "KeyStatusStyle.h"

#include "common/Icons.h"
#include "items/ApiKeysModel.h"

#include <QBrush>
#include <QColor>

namespace cadenio::views {

namespace {
using Status = ApiKeysModel::Status;
}

QVariant KeyStatusStyle::data(const QModelIndex &index, int role) const
{
    if (role != Qt::BackgroundRole && role != Qt::ForegroundRole && role != Qt::DecorationRole)
        return QIdentityProxyModel::data(index, role);
    const auto status = Status(QIdentityProxyModel::data(index, ApiKeysModel::StatusRole).toInt());
    const bool statusColumn = index.column() == ApiKeysModel::StatusColumn;
    switch (role) {
    case Qt::BackgroundRole:
        // Light tints: dark text stays readable on them, and the selection still shows.
        if (status == Status::ExpiringSoon)
            return QBrush(QColor(0xfe, 0xf3, 0xc7));
        if (status == Status::Expired || status == Status::Revoked)
            return QBrush(QColor(0xfd, 0xe8, 0xe8));
        return {};
    case Qt::ForegroundRole:
        if (!statusColumn)
            return status == Status::ExpiringSoon || status == Status::Expired
                       ? QVariant(QBrush(QColor(0x1f, 0x29, 0x37)))
                       : QVariant();
        switch (status) {
        case Status::Active:
            return QBrush(QColor(0x16, 0x65, 0x34));
        case Status::ExpiringSoon:
            return QBrush(QColor(0x92, 0x40, 0x0e));
        case Status::Expired:
        case Status::Revoked:
            return QBrush(QColor(0x99, 0x1b, 0x1b));
        }
        return {};
    case Qt::DecorationRole:
        if (!statusColumn)
            return {};
        switch (status) {
        case Status::Active:
            return consoleIcon(QStringLiteral("status-active"));
        case Status::ExpiringSoon:
            return consoleIcon(QStringLiteral("status-warning"));
        case Status::Expired:
        case Status::Revoked:
            return consoleIcon(QStringLiteral("status-error"));
        }
        return {};
    default:
        return {};
    }
}

} // namespace cadenio::views
