#pragma once

#include "domain/Ids.h"
#include "domain/Org.h"
#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/OrgRepository.h"
#include "store/SqlQuery.h"
#include "store/Transaction.h"

#include <QTemporaryDir>

#include <memory>
#include <stdexcept>

namespace cadenio::testing {

// A real SQLite store in a folder of its own, opened (and so migrated) the way the console
// opens it. No mocks: the SQL, the PRAGMAs and the migrations under test are the real ones.
class TestStore
{
public:
    TestStore()
    {
        if (!m_dir.isValid())
            throw std::runtime_error("cannot create a temporary folder for the test store");
        m_database = std::make_unique<Database>(DatabaseUrl::sqliteFile(path()));
        m_database->open();
    }

    Database &db() { return *m_database; }
    QString path() const { return m_dir.filePath(QStringLiteral("store.db")); }
    QString folder() const { return m_dir.path(); }

private:
    // Declared first so it is removed last, after the connection has been closed.
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

// First column of the first row of `sql` on this thread's connection.
inline qint64 scalar(const Database &database, const QString &sql)
{
    SqlQuery q(database.connection(), sql);
    q.exec();
    if (!q.next())
        throw std::runtime_error("query returned no row");
    return q.integer(0);
}

inline qint64 rowCount(const Database &database, const QString &table)
{
    return scalar(database, QStringLiteral("SELECT COUNT(*) FROM ") + table);
}

inline void execute(const Database &database, const QString &sql)
{
    SqlQuery(database.connection(), sql).exec();
}

// One committed org row through the product's own write path (BEGIN IMMEDIATE, commit).
inline Org insertOrg(const Database &database, const QString &name)
{
    const Org org{ids::generate(u"org_"), name, Plan::Enterprise, timestamps::now()};
    Transaction tx(database);
    OrgRepository(tx.db()).insert(org);
    tx.commit();
    return org;
}

} // namespace cadenio::testing
