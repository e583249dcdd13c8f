#include "SqlQuery.h"

#include "domain/Timestamps.h"
#include "StoreError.h"

#include <QSqlError>

namespace cadenio {

SqlQuery::SqlQuery(const QSqlDatabase &db, const QString &statement)
    : m_query(db)
    , m_statement(statement)
{
    m_query.setForwardOnly(true);
    if (!m_query.prepare(statement))
        fail(QStringLiteral("prepare"));
}

void SqlQuery::run(const QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (!query.exec(statement)) {
        throw StoreError(QStringLiteral("database error (execute \"%1\"): %2")
                             .arg(statement.simplified().left(80), query.lastError().text()));
    }
}

SqlQuery &SqlQuery::bind(const QString &placeholder, const QVariant &value)
{
    m_query.bindValue(placeholder, value);
    return *this;
}

SqlQuery &SqlQuery::exec()
{
    if (!m_query.exec())
        fail(QStringLiteral("execute"));
    return *this;
}

void SqlQuery::fail(const QString &stage) const
{
    throw StoreError(
        QStringLiteral("database error (%1 \"%2\"): %3")
            .arg(stage, m_statement.simplified().left(80), m_query.lastError().text()));
}

QVariant storedOrNull(const QDateTime &at)
{
    return nullableInteger(at.isValid() ? std::optional(timestamps::toStored(at)) : std::nullopt);
}

QDateTime optionalTime(const SqlQuery &query, int column)
{
    return query.isNull(column) ? QDateTime() : timestamps::fromStored(query.integer(column));
}

QVariant nullableInteger(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace cadenio
