#pragma once

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
};

} // namespace cadenio::views
