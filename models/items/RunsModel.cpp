#include "RunsModel.h"

namespace cadenio {

int RunsModel::rowCount(const QModelIndex &) const
{
    return 0;
}

int RunsModel::columnCount(const QModelIndex &) const
{
    return 0;
}

QVariant RunsModel::data(const QModelIndex &, int) const
{
    return {};
}

} // namespace cadenio
