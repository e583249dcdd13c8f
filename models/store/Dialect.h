#pragma once

#include "DatabaseUrl.h"

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

    QString driverName() const;
    // Statements run on every new connection.
    QStringList connectionSetup() const;
    // Starts a transaction that will write. SQLite takes the write lock up front, so two
    // writers never deadlock upgrading a read lock.
    QString beginWrite() const;
    // Run right after beginWrite() before migrating: serialises concurrent migrators.
    QStringList migrationLock() const;

private:
    DatabaseUrl::Engine m_engine;
};

} // namespace cadenio
