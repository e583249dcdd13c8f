#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>

namespace cadenio {

// Domain events, written into the outbox inside the transaction of the change that caused
// them, so an event exists exactly when its change does. The payload is built here once,
// as the webhook body: {"id":"evt_…","event","timestamp","data"}.
namespace events {

inline constexpr QLatin1StringView kRunCreated{"run.created"};
inline constexpr QLatin1StringView kRunUpdated{"run.updated"};
inline constexpr QLatin1StringView kRunCancelled{"run.cancelled"};
inline constexpr QLatin1StringView kRunCompleted{"run.completed"};
inline constexpr QLatin1StringView kRunOverdue{"run.overdue"};
inline constexpr QLatin1StringView kTaskUpdated{"task.updated"};
inline constexpr QLatin1StringView kTaskCompleted{"task.completed"};

// Returns the event id.
QString record(const QSqlDatabase &tx, const QString &orgId, QLatin1StringView event,
               const QJsonObject &data, const QDateTime &at);

} // namespace events
} // namespace cadenio
