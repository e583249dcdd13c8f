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
{}

Database::~Database()
{
    releaseThreadConnection();
}

QString Database::connectionName() const
{
    // A serial number per thread, not the QThread's address: a new thread may reuse the
    // address of an ended one whose connection QtSql would refuse to hand over.
    static QAtomicInteger<quint64> s_threads;
    thread_local const quint64 thread = s_threads.fetchAndAddRelaxed(1);
    return m_namePrefix + QString::number(thread);
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
    const auto cannotOpen = [this](const QSqlError &error) {
        // Drivers answer in several lines ("…refused\n\tIs the server running…"); one will do.
        QString why = error.databaseText().isEmpty() ? error.text() : error.databaseText();
        why = why.simplified();
        return StoreError(
            QStringLiteral("cannot open the database %1: %2")
                .arg(m_url.redacted(), why.isEmpty() ? QStringLiteral("unknown error") : why));
    };
    if (!db.open()) {
        const StoreError error = cannotOpen(db.lastError());
        db = QSqlDatabase();
        releaseThreadConnection();
        throw error;
    }
    for (const QString &statement : m_dialect.connectionSetup()) {
        QSqlQuery setup(db);
        if (!setup.exec(statement)) {
            // Never leave a connection without its settings (foreign keys, durability) behind.
            const StoreError error = cannotOpen(setup.lastError());
            setup = QSqlQuery();
            db = QSqlDatabase();
            releaseThreadConnection();
            throw error;
        }
    }
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
