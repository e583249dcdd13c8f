#pragma once

#include <QStyledItemDelegate>

namespace cadenio::views {

// Shows a role column's API code ("ADMIN") as its translated name ("Admin"). The model keeps
// the code so that other users of it (sorting, copying) see a stable value.
class RoleItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QString displayText(const QVariant &value, const QLocale &locale) const override;
};

} // namespace cadenio::views
