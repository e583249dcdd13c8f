#include "Icons.h"

#include <QPainter>
#include <QPixmap>

namespace cadenio::views {

QIcon consoleIcon(const QString &name)
{
    return QIcon(QStringLiteral(":/cadenio/icons/") + name + QStringLiteral(".svg"));
}

QIcon selectableIcon(const QString &name)
{
    QIcon icon = consoleIcon(name);
    // The outline icons are drawn in one dark colour that vanishes on the selection's
    // highlight; selected items get the same shape in white, like their text.
    for (int side : {16, 20, 24, 32, 48}) {
        QPixmap white = icon.pixmap(QSize(side, side));
        QPainter painter(&white);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(white.rect(), Qt::white);
        painter.end();
        icon.addPixmap(white, QIcon::Selected);
    }
    return icon;
}

} // namespace cadenio::views
