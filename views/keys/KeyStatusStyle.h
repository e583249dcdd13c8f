#pragma once

#include <QIdentityProxyModel>

namespace cadenio::views {

// Colours and icons for ApiKeysModel's statuses: a key expiring within a week gets an amber
// row and a warning sign, an expired one a red row and a cross. The status column's words
// say the same, so the table reads in greyscale and to a screen reader.
class KeyStatusStyle : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace cadenio::views
