#pragma once

#include "domain/Timestamps.h"

#include <QDateTime>
#include <QJsonValue>

namespace cadenio::api {

// Optional values as API clients see them: null, never an empty string or a missing key.
inline QJsonValue timeOrNull(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(timestamps::format(at)) : QJsonValue();
}

inline QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

} // namespace cadenio::api
