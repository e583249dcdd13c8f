#pragma once

#include <QHash>
#include <QIcon>
#include <QStyledItemDelegate>

namespace cadenio::views {

// Draws a status cell as its shape icon (see StatusIcons) next to its translated text; the
// model supplies the code in `statusRole` and the text as its display.
class StatusItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    StatusItemDelegate(int statusRole, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_statusRole;
    // Painted once per status for the delegate's lifetime (not in a static: pixmaps must
    // go before the application does).
    mutable QHash<QString, QIcon> m_icons;
};

} // namespace cadenio::views
