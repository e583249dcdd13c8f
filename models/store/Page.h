#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace cadenio {

// A position in a newest-first list: the (created_at, id) of the last row seen. Keyset,
// not OFFSET, so pages stay stable while rows are inserted and cost the same at any depth.
struct PagePosition
{
    qint64 createdAt = 0;
    QString id;
    bool operator==(const PagePosition &) const = default;
};

struct PageRequest
{
    int limit = 20;
    std::optional<PagePosition> after;
};

template<typename T>
struct Page
{
    QList<T> items;
    std::optional<PagePosition> next; // set when has_more
};

} // namespace cadenio
