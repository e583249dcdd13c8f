#pragma once

#include "domain/Run.h"

#include <QList>
#include <QString>

#include <optional>

namespace cadenio {

// The orders a list of runs can come in: each one is served by an index ending in
// (…, column, id), so a page costs the same at any depth.
enum class RunSortKey
{
    Created,
    Updated,
    Due, // runs without a deadline count as the earliest (SQLite's NULL order)
};

struct RunOrder
{
    RunSortKey key = RunSortKey::Created;
    bool ascending = false; // newest (or latest due) first by default
    bool operator==(const RunOrder &) const = default;
};

// A keyset position in such a list: the sort column of the last row seen and its id.
// `value` is empty for a run without a deadline in the Due order.
struct RunPosition
{
    std::optional<qint64> value;
    QString id;
    bool operator==(const RunPosition &) const = default;
};

struct RunPage
{
    QList<Run> items;
    std::optional<RunPosition> next; // set when there are more
};

} // namespace cadenio
