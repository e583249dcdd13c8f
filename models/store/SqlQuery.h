#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace cadenio {

// QSqlQuery that throws StoreError instead of returning false, so repositories read as
// straight-line code and no failure goes unnoticed.
class SqlQuery
{
public:
    SqlQuery(const QSqlDatabase &db, const QString &statement);

    // Runs a statement that takes no parameters without preparing it first: PostgreSQL
    // prepares only queries and data changes, not transaction control or schema changes.
    static void run(const QSqlDatabase &db, const QString &statement);

    SqlQuery &bind(const QString &placeholder, const QVariant &value);
    SqlQuery &exec();

    bool next() { return m_query.next(); }
    QVariant value(int column) const { return m_query.value(column); }
    QString text(int column) const { return m_query.value(column).toString(); }
    qint64 integer(int column) const { return m_query.value(column).toLongLong(); }
    bool isNull(int column) const { return m_query.isNull(column); }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    int columnCount() const { return m_query.record().count(); }

private:
    [[noreturn]] void fail(const QString &stage) const;

    QSqlQuery m_query;
    QString m_statement;
};

// QVariant of the right null type for an optional integer column.
QVariant nullableInteger(const std::optional<qint64> &value);

// Optional timestamps: stored as milliseconds or NULL; an invalid QDateTime stands for NULL.
QVariant storedOrNull(const QDateTime &at);
QDateTime optionalTime(const SqlQuery &query, int column);

} // namespace cadenio
