#include "StatusItemDelegate.h"

#include "StatusIcons.h"

namespace cadenio::views {

StatusItemDelegate::StatusItemDelegate(int statusRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_statusRole(statusRole)
{}

void StatusItemDelegate::initStyleOption(QStyleOptionViewItem *option,
                                         const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString code = index.data(m_statusRole).toString();
    if (code.isEmpty())
        return;
    auto icon = m_icons.constFind(code);
    if (icon == m_icons.constEnd())
        icon = m_icons.insert(code, statusIcon(code));
    option->icon = *icon;
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(16, 16);
}

} // namespace cadenio::views
