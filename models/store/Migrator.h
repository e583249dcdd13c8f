#pragma once

#include <QList>
#include <QString>

namespace cadenio {

class Database;

// Applies the numbered scripts of resources/sql/ (NNN_name.sql) in order, all pending
// ones in a single transaction, and refuses a store written by a newer build.
class Migrator
{
public:
    explicit Migrator(const Database &database);

    void migrate();
    int currentVersion() const;
    static int latestVersion();

    struct Script
    {
        int version;
        QString name;
        QStringList statements;
    };
    static QList<Script> scripts();

private:
    const Database &m_database;
};

} // namespace cadenio
