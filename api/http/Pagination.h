#pragma once

#include "store/Page.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

#include <functional>

namespace cadenio::api {

// The one way every list endpoint reads `limit`/`cursor` and writes
// {"data", "next_cursor", "has_more"}.
namespace pagination {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

// Throws 400 INVALID_REQUEST naming `limit` or `cursor`.
PageRequest read(const QUrlQuery &query);

QString encodeCursor(const PagePosition &position);
std::optional<PagePosition> decodeCursor(QStringView cursor);

template<typename T>
QJsonObject envelope(const Page<T> &page, const std::function<QJsonObject(const T &)> &toJson)
{
    QJsonArray data;
    for (const T &item : page.items)
        data.append(toJson(item));
    return QJsonObject{
        {QStringLiteral("data"), data},
        {QStringLiteral("next_cursor"),
         page.next ? QJsonValue(encodeCursor(*page.next)) : QJsonValue()},
        {QStringLiteral("has_more"), page.next.has_value()},
    };
}

} // namespace pagination
} // namespace cadenio::api
