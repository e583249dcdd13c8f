#include "StatusIcons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace cadenio::views {

namespace {
enum class Shape
{
    Ring,
    Tick,
    Warning,
    Cross,
    Arrow,
};

Shape shapeOf(const QString &code)
{
    if (code == QLatin1String("COMPLETED"))
        return Shape::Tick;
    if (code == QLatin1String("OVERDUE"))
        return Shape::Warning;
    if (code == QLatin1String("CANCELLED"))
        return Shape::Cross;
    if (code == QLatin1String("SKIPPED"))
        return Shape::Arrow;
    return Shape::Ring; // IN_PROGRESS, PENDING
}

QPixmap paint(Shape shape, const QColor &colour, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const qreal pen = std::max<qreal>(1.5, s / 8);
    const QRectF box(pen, pen, s - 2 * pen, s - 2 * pen);
    switch (shape) {
    case Shape::Ring:
        p.setPen(QPen(colour, pen));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(box);
        // Half filled: started, not finished.
        p.setBrush(colour);
        p.drawPie(box, 90 * 16, 180 * 16);
        break;
    case Shape::Tick: {
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawEllipse(box);
        QPainterPath tick;
        tick.moveTo(s * 0.28, s * 0.52);
        tick.lineTo(s * 0.44, s * 0.68);
        tick.lineTo(s * 0.73, s * 0.35);
        p.setPen(QPen(Qt::white, pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(tick);
        break;
    }
    case Shape::Warning: {
        QPainterPath triangle;
        triangle.moveTo(s / 2, pen / 2);
        triangle.lineTo(s - pen / 2, s - pen / 2);
        triangle.lineTo(pen / 2, s - pen / 2);
        triangle.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawPath(triangle);
        p.setPen(QPen(Qt::white, pen, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(s / 2, s * 0.38), QPointF(s / 2, s * 0.66));
        p.drawPoint(QPointF(s / 2, s * 0.82));
        break;
    }
    case Shape::Cross:
        p.setPen(QPen(colour, pen));
        p.setBrush(Qt::NoBrush);
        p.drawRect(box);
        p.drawLine(box.topLeft() + QPointF(pen, pen), box.bottomRight() - QPointF(pen, pen));
        p.drawLine(box.topRight() + QPointF(-pen, pen), box.bottomLeft() + QPointF(pen, -pen));
        break;
    case Shape::Arrow: {
        p.setPen(QPen(colour, pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        const qreal mid = s / 2;
        p.drawLine(QPointF(s * 0.15, mid), QPointF(s * 0.85, mid));
        p.drawLine(QPointF(s * 0.6, s * 0.25), QPointF(s * 0.85, mid));
        p.drawLine(QPointF(s * 0.6, s * 0.75), QPointF(s * 0.85, mid));
        break;
    }
    }
    return pixmap;
}
} // namespace

QColor statusColour(const QString &code)
{
    // Mid tones that keep their contrast on light and dark backgrounds alike.
    if (code == QLatin1String("COMPLETED"))
        return QColor(0x2e, 0x7d, 0x32);
    if (code == QLatin1String("OVERDUE"))
        return QColor(0xc6, 0x28, 0x28);
    if (code == QLatin1String("CANCELLED") || code == QLatin1String("SKIPPED"))
        return QColor(0x75, 0x75, 0x75);
    return QColor(0x15, 0x65, 0xc0); // IN_PROGRESS, PENDING
}

QIcon statusIcon(const QString &code)
{
    QIcon icon;
    for (const int size : {16, 24, 32})
        icon.addPixmap(paint(shapeOf(code), statusColour(code), size));
    return icon;
}

} // namespace cadenio::views
