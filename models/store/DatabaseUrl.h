#pragma once

#include <QString>

#include <optional>

namespace cadenio {

// Where the store lives: "sqlite:<path>" or "postgresql://user:pass@host:port/db".
// Everything above the store sees only this value, so a new engine never touches services.
class DatabaseUrl
{
public:
    enum class Engine
    {
        Sqlite,
        Postgres
    };

    static std::optional<DatabaseUrl> parse(const QString &text, QString *error);
    static DatabaseUrl sqliteFile(const QString &path);

    Engine engine() const { return m_engine; }
    QString sqlitePath() const { return m_path; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString databaseName() const { return m_database; }
    QString userName() const { return m_user; }
    QString password() const { return m_password; }

    // The URL without its password, for logs and error messages.
    QString redacted() const;
    // The URL in full, as parse() reads it back (e.g. to hand to another process).
    QString toString() const;
    // The same server and credentials, another database on it.
    DatabaseUrl withDatabaseName(const QString &name) const;

private:
    Engine m_engine = Engine::Sqlite;
    QString m_path;
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_user;
    QString m_password;
};

} // namespace cadenio
