#include "Dialect.h"

namespace cadenio {

Dialect Dialect::of(const QSqlDatabase &db)
{
    return Dialect(db.driverName() == QLatin1String("QPSQL") ? DatabaseUrl::Engine::Postgres
                                                             : DatabaseUrl::Engine::Sqlite);
}

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
    // synchronous_commit=on (the default, set explicitly so a server configured otherwise
    // cannot weaken it): COMMIT returns only once the change is on disk, as on SQLite.
    return {QStringLiteral("SET TIME ZONE 'UTC'"), QStringLiteral("SET synchronous_commit = on")};
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

QString Dialect::lockRows() const
{
    return m_engine == DatabaseUrl::Engine::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
}

QString Dialect::lockRowsSkipLocked() const
{
    return m_engine == DatabaseUrl::Engine::Postgres ? QStringLiteral(" FOR UPDATE SKIP LOCKED")
                                                     : QString();
}

QString Dialect::trySessionLock(qint64 key) const
{
    if (m_engine != DatabaseUrl::Engine::Postgres)
        return QStringLiteral("SELECT 1");
    // Advisory locks stack per session; asking only when this session does not hold it yet
    // keeps one hold, so one release frees it. A bigint key shows in pg_locks as classid
    // (high half), objid (low half) and objsubid 1.
    return QStringLiteral("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = "
                          "'advisory' AND pid = pg_backend_pid() AND granted AND classid = %1 "
                          "AND objid = %2 AND objsubid = 1) THEN true ELSE "
                          "pg_try_advisory_lock(%3) END")
        .arg(quint64(key) >> 32)
        .arg(quint64(key) & 0xffffffffu)
        .arg(key);
}

QString Dialect::releaseSessionLock(qint64 key) const
{
    return m_engine == DatabaseUrl::Engine::Postgres
               ? QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(key)
               : QStringLiteral("SELECT 1");
}

} // namespace cadenio
