#pragma once

#include "DatabaseUrl.h"

#include <QSqlDatabase>
#include <QStringList>

namespace cadenio {

// Every piece of SQL that differs between SQLite and PostgreSQL lives here and nowhere
// else, so repositories and migrations stay engine-neutral.
class Dialect
{
public:
    explicit Dialect(DatabaseUrl::Engine engine)
        : m_engine(engine)
    {}
    // The dialect of an open connection, for repositories that hold only the connection.
    static Dialect of(const QSqlDatabase &db);

    QString driverName() const;
    // Statements run on every new connection.
    QStringList connectionSetup() const;
    // Starts a transaction that will write. SQLite takes the write lock up front, so two
    // writers never deadlock upgrading a read lock.
    QString beginWrite() const;
    // Run right after beginWrite() before migrating: serialises concurrent migrators.
    QStringList migrationLock() const;

    // Whether several processes (instances of `serve`) may work on this store at once, so
    // that state kept in one process (rate-limit counts, who runs the deadline check) must
    // be agreed through the store instead.
    bool sharedByInstances() const { return m_engine == DatabaseUrl::Engine::Postgres; }

    // Appended to a SELECT inside a write transaction: hold the rows read until commit.
    // Empty on SQLite, whose write transaction already excludes every other writer.
    QString lockRows() const;
    // As lockRows(), but rows another transaction holds are left out instead of waited for:
    // several instances claiming work from one queue each take different rows.
    QString lockRowsSkipLocked() const;

    // A lock named by `key` that belongs to this connection until it is released or the
    // connection ends (a crashed process loses it at once): at most one connection holds it.
    // The statement answers one boolean-like column, true when this connection holds it now
    // (taken now or before: asking again does not stack, one release frees it). SQLite has
    // no such lock and always answers true: its store is one process's own.
    QString trySessionLock(qint64 key) const;
    QString releaseSessionLock(qint64 key) const;

private:
    DatabaseUrl::Engine m_engine;
};

} // namespace cadenio
