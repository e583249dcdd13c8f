#include "DatabaseUrl.h"

#include <QUrl>

namespace cadenio {

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (text.startsWith(QLatin1String("sqlite:"))) {
        QString path = text.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2); // sqlite:///abs/path
        if (path.isEmpty())
            return fail(QStringLiteral("sqlite: URL has no file path"));
        return sqliteFile(path);
    }
    if (text.startsWith(QLatin1String("postgresql://")) ||
        text.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return fail(
                QStringLiteral("not a valid PostgreSQL URL (postgresql://user:pass@host:port/db)"));
        DatabaseUrl result;
        result.m_engine = Engine::Postgres;
        result.m_host = url.host();
        result.m_port = url.port(5432);
        result.m_user = url.userName(QUrl::FullyDecoded);
        result.m_password = url.password(QUrl::FullyDecoded);
        result.m_database = url.path().mid(1);
        if (result.m_database.isEmpty() || result.m_database.contains(QLatin1Char('/')))
            return fail(QStringLiteral("PostgreSQL URL must name one database (…/db)"));
        return result;
    }
    return fail(
        QStringLiteral("unsupported database URL \"%1\" (use sqlite:PATH or postgresql://…)")
            .arg(text.section(QLatin1Char(':'), 0, 0)));
}

DatabaseUrl DatabaseUrl::sqliteFile(const QString &path)
{
    DatabaseUrl result;
    result.m_engine = Engine::Sqlite;
    result.m_path = path;
    return result;
}

QString DatabaseUrl::redacted() const
{
    if (m_engine == Engine::Sqlite)
        return QStringLiteral("sqlite:") + m_path;
    QString auth = m_user.isEmpty() ? QString() : m_user + QStringLiteral(":***@");
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(auth, m_host).arg(m_port).arg(m_database);
}

QString DatabaseUrl::toString() const
{
    if (m_engine == Engine::Sqlite)
        return QStringLiteral("sqlite:") + m_path;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_host);
    url.setPort(m_port);
    url.setUserName(m_user);
    url.setPassword(m_password);
    url.setPath(QLatin1Char('/') + m_database);
    return url.toString(QUrl::FullyEncoded);
}

DatabaseUrl DatabaseUrl::withDatabaseName(const QString &name) const
{
    DatabaseUrl result = *this;
    result.m_database = name;
    return result;
}

} // namespace cadenio
