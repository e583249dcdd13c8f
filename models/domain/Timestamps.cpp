#include "Timestamps.h"

#include <QRegularExpression>

namespace cadenio::timestamps {

QString format(const QDateTime &at)
{
    if (!at.isValid())
        return {};
    return at.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

std::optional<QDateTime> parse(QStringView text)
{
    // Qt::ISODate accepts forms RFC 3339 forbids (no offset, week dates), so check the
    // shape first and let Qt do the arithmetic.
    static const QRegularExpression shape(QStringLiteral(
        R"(^\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$)"));
    if (!shape.match(text).hasMatch())
        return std::nullopt;
    QString normalized = text.toString();
    normalized[10] = QLatin1Char('T');
    if (normalized.endsWith(QLatin1Char('z')))
        normalized.back() = QLatin1Char('Z');
    const QDateTime parsed = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

qint64 toStored(const QDateTime &at)
{
    return at.toMSecsSinceEpoch();
}

QDateTime fromStored(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace cadenio::timestamps
