#pragma once

#include "Page.h"
#include "SqlQuery.h"

namespace cadenio::keyset {

// "AND (created_at, id) < (:after_at, :after_id)" spelled so both engines use the index.
QString condition(const PageRequest &request, const QString &table = {});
// "ORDER BY created_at DESC, id DESC LIMIT n+1": one extra row tells whether there is more.
QString orderAndLimit(const PageRequest &request, const QString &table = {});
void bind(SqlQuery &query, const PageRequest &request);

// Trims the extra row and sets the next position from the last row kept.
template<typename T, typename PositionOf>
Page<T> finish(QList<T> rows, const PageRequest &request, PositionOf positionOf)
{
    Page<T> page;
    if (rows.size() > request.limit) {
        rows.resize(request.limit);
        page.next = positionOf(rows.last());
    }
    page.items = std::move(rows);
    return page;
}

} // namespace cadenio::keyset
