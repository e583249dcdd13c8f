#include "Database.h"

#include "Migrator.h"
#include "SqlQuery.h"
#include "StoreError.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QThread>

namespace cadenio {

namespace {
QAtomicInt s_instances;
}

Database::Database(DatabaseUrl url)
    : m_url(std::move(url))
    , m_dialect(m_url.engine())
    , m_namePrefix(QStringLiteral("cadenio-%1-").arg(s_instances.fetchAndAddRelaxed(1)))
{
}

Database::~Database()
{
    releaseThreadConnection();
}

QString Database::connectionName() const
{
    return m_namePrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

QSqlDatabase Database::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    QSqlDatabase db = QSqlDatabase::contains(name)
                          ? QSqlDatabase::database(name, false)
                          : QSqlDatabase::addDatabase(m_dialect.driverName(), name);
    if (m_url.engine() == DatabaseUrl::Engine::Sqlite) {
        db.setDatabaseName(m_url.sqlitePath());
    } else {
        db.setHostName(m_url.host());
        db.setPort(m_url.port());
        db.setDatabaseName(m_url.databaseName());
        db.setUserName(m_url.userName());
        db.setPassword(m_url.password());
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        const QString why = db.lastError().text();
        throw StoreError(QStringLiteral("cannot open the database %1: %2")
                             .arg(m_url.redacted(), why.isEmpty() ? QStringLiteral("unknown error") : why));
    }
    for (const QString &statement : m_dialect.connectionSetup())
        SqlQuery(db, statement).exec();
    return db;
}

void Database::releaseThreadConnection() const
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void Database::open()
{
    if (m_url.engine() == DatabaseUrl::Engine::Sqlite) {
        const QFileInfo file(m_url.sqlitePath());
        if (!file.absoluteDir().exists())
            throw StoreError(QStringLiteral("cannot open the database %1: folder %2 does not exist")
                                 .arg(m_url.redacted(), file.absolutePath()));
        if (file.exists() && !file.isWritable())
            throw StoreError(QStringLiteral("cannot open the database %1: the file is not writable")
                                 .arg(m_url.redacted()));
    }
    Migrator(*this).migrate();
}

int Database::schemaVersion() const
{
    return Migrator(*this).currentVersion();
}

int Database::latestSchemaVersion()
{
    return Migrator::latestVersion();
}

} // namespace cadenio
