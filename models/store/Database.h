#pragma once

#include "DatabaseUrl.h"
#include "Dialect.h"

#include <QMutex>
#include <QSqlDatabase>

namespace cadenio {

// The store: hands each thread its own connection (QtSql connections must not cross
// threads) and brings the schema up to date when opened.
class Database
{
public:
    explicit Database(DatabaseUrl url);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Connects, checks the schema version and applies pending migrations. Throws
    // StoreError with a message fit for an administrator.
    void open();

    // This thread's connection, opened on first use.
    QSqlDatabase connection() const;

    // Closes this thread's connection; server threads call it before they end.
    void releaseThreadConnection() const;

    const DatabaseUrl &url() const { return m_url; }
    const Dialect &dialect() const { return m_dialect; }

    int schemaVersion() const;
    static int latestSchemaVersion();

private:
    QString connectionName() const;

    DatabaseUrl m_url;
    Dialect m_dialect;
    QString m_namePrefix;
};

} // namespace cadenio
