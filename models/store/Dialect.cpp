#include "Dialect.h"

namespace cadenio {

QString Dialect::driverName() const
{
    return m_engine == DatabaseUrl::Engine::Sqlite ? QStringLiteral("QSQLITE")
                                                   : QStringLiteral("QPSQL");
}

QStringList Dialect::connectionSetup() const
{
    if (m_engine == DatabaseUrl::Engine::Sqlite) {
        // synchronous=FULL: an acknowledged write survives a power cut, even in WAL mode.
        return {QStringLiteral("PRAGMA journal_mode=WAL"),
                QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=ON"),
                QStringLiteral("PRAGMA busy_timeout=10000")};
    }
    return {QStringLiteral("SET TIME ZONE 'UTC'")};
}

QString Dialect::beginWrite() const
{
    return m_engine == DatabaseUrl::Engine::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                   : QStringLiteral("BEGIN");
}

QStringList Dialect::migrationLock() const
{
    if (m_engine == DatabaseUrl::Engine::Postgres)
        return {QStringLiteral("SELECT pg_advisory_xact_lock(74131)")};
    return {};
}

} // namespace cadenio
