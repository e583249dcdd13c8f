#include "Keyset.h"

namespace cadenio::keyset {

namespace {
QString column(const QString &table, const char *name)
{
    const QString bare = QLatin1String(name);
    return table.isEmpty() ? bare : QString(table + QLatin1Char('.') + bare);
}
} // namespace

QString condition(const PageRequest &request, const QString &table)
{
    if (!request.after)
        return {};
    const QString at = column(table, "created_at");
    const QString id = column(table, "id");
    return QStringLiteral(" AND (%1 < :after_at OR (%1 = :after_at_eq AND %2 < :after_id))")
        .arg(at, id);
}

QString orderAndLimit(const PageRequest &request, const QString &table)
{
    return QStringLiteral(" ORDER BY %1 DESC, %2 DESC LIMIT %3")
        .arg(column(table, "created_at"), column(table, "id"))
        .arg(request.limit + 1);
}

void bind(SqlQuery &query, const PageRequest &request)
{
    if (!request.after)
        return;
    // Each placeholder once: not every driver binds a repeated name.
    query.bind(QStringLiteral(":after_at"), request.after->createdAt);
    query.bind(QStringLiteral(":after_at_eq"), request.after->createdAt);
    query.bind(QStringLiteral(":after_id"), request.after->id);
}

} // namespace cadenio::keyset
