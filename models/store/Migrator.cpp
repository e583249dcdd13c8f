#include "Migrator.h"

#include "Database.h"
#include "domain/Timestamps.h"
#include "SqlQuery.h"
#include "StoreError.h"
#include "Transaction.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace cadenio {

namespace {
const QString kScriptDir = QStringLiteral(":/cadenio/sql");

QStringList splitStatements(const QString &script)
{
    // Scripts keep one statement per ";"-terminated line group and no procedural bodies,
    // so a plain split is exact.
    QStringList result;
    QString current;
    for (const QString &line : script.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("--")) || trimmed.isEmpty())
            continue;
        current += line + QLatin1Char('\n');
        if (trimmed.endsWith(QLatin1Char(';'))) {
            current = current.trimmed();
            current.chop(1);
            result << current;
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        result << current.trimmed();
    return result;
}

bool hasMigrationTable(const QSqlDatabase &db)
{
    return db.tables().contains(QStringLiteral("schema_migrations"));
}
} // namespace

Migrator::Migrator(const Database &database)
    : m_database(database)
{}

QList<Migrator::Script> Migrator::scripts()
{
    static const QRegularExpression name(QStringLiteral(R"(^(\d{3})_([a-z0-9_]+)\.sql$)"));
    QList<Script> result;
    const QStringList files =
        QDir(kScriptDir).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        const auto match = name.match(fileName);
        if (!match.hasMatch())
            continue;
        QFile file(kScriptDir + QLatin1Char('/') + fileName);
        if (!file.open(QIODevice::ReadOnly))
            throw StoreError(QStringLiteral("migration %1 is unreadable").arg(fileName));
        result.append({match.captured(1).toInt(), match.captured(2),
                       splitStatements(QString::fromUtf8(file.readAll()))});
    }
    return result;
}

int Migrator::latestVersion()
{
    const auto all = scripts();
    return all.isEmpty() ? 0 : all.last().version;
}

int Migrator::currentVersion() const
{
    const QSqlDatabase db = m_database.connection();
    if (!hasMigrationTable(db))
        return 0;
    SqlQuery query(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    query.exec();
    return query.next() ? int(query.integer(0)) : 0;
}

void Migrator::migrate()
{
    const int latest = latestVersion();
    const int found = currentVersion();
    if (found > latest) {
        throw StoreError(QStringLiteral("the store %1 has schema version %2, but this build of "
                                        "Cadenio Console knows only up to %3; use a newer build")
                             .arg(m_database.url().redacted())
                             .arg(found)
                             .arg(latest));
    }
    if (found == latest)
        return;

    Transaction tx(m_database);
    for (const QString &statement : m_database.dialect().migrationLock())
        SqlQuery(tx.db(), statement).exec();
    // Another process may have migrated while this one waited for the lock.
    const int version = currentVersion();
    if (!hasMigrationTable(tx.db())) {
        SqlQuery::run(tx.db(),
                      QStringLiteral("CREATE TABLE schema_migrations (version INTEGER PRIMARY "
                                     "KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
    }
    for (const Script &script : scripts()) {
        if (script.version <= version)
            continue;
        for (const QString &statement : script.statements)
            SqlQuery::run(tx.db(), statement);
        SqlQuery(tx.db(),
                 QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                                "VALUES (:v, :n, :at)"))
            .bind(QStringLiteral(":v"), script.version)
            .bind(QStringLiteral(":n"), script.name)
            .bind(QStringLiteral(":at"), timestamps::toStored(timestamps::now()))
            .exec();
    }
    tx.commit();
}

} // namespace cadenio
