#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace cadenio::timestamps {

// RFC 3339 in UTC with a "Z" and whole seconds: the one format API clients see.
QString format(const QDateTime &at);

// Any RFC 3339 date-time with an offset; nullopt when the text is not one.
std::optional<QDateTime> parse(QStringView text);

// Storage form: milliseconds since the epoch, so ordering is exact on every engine.
qint64 toStored(const QDateTime &at);
QDateTime fromStored(qint64 ms);

QDateTime now();

} // namespace cadenio::timestamps
