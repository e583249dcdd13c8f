#include "RoleItemDelegate.h"

#include "common/DisplayNames.h"

namespace cadenio::views {

QString RoleItemDelegate::displayText(const QVariant &value, const QLocale &locale) const
{
    if (value.typeId() == QMetaType::QString)
        return roleDisplayName(value.toString());
    return QStyledItemDelegate::displayText(value, locale);
}

} // namespace cadenio::views
