#include "ApiKeysModel.h"

namespace cadenio {

int ApiKeysModel::rowCount(const QModelIndex &) const
{
    return 0;
}

int ApiKeysModel::columnCount(const QModelIndex &) const
{
    return 0;
}

QVariant ApiKeysModel::data(const QModelIndex &, int) const
{
    return {};
}

} // namespace cadenio
