#include "store/DatabaseUrl.h"

#include <QTest>

using namespace cadenio;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private slots:
    void sqlite_data();
    void sqlite();
    void postgres_data();
    void postgres();
    void invalid_data();
    void invalid();
    void invalidWithoutErrorOut();
    void redactedHidesPassword_data();
    void redactedHidesPassword();
};

void TestDatabaseUrl::sqlite_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::addRow("relative") << QStringLiteral("sqlite:data/cadenio.db")
                              << QStringLiteral("data/cadenio.db");
    QTest::addRow("absolute, one slash") << QStringLiteral("sqlite:/var/lib/cadenio/store.db")
                                         << QStringLiteral("/var/lib/cadenio/store.db");
    // The URL form: "sqlite://" + "/abs/path"; the authority part is empty.
    QTest::addRow("absolute, three slashes") << QStringLiteral("sqlite:///var/lib/cadenio/store.db")
                                             << QStringLiteral("/var/lib/cadenio/store.db");
    QTest::addRow("file name only")
        << QStringLiteral("sqlite:store.db") << QStringLiteral("store.db");
}

void TestDatabaseUrl::sqlite()
{
    QFETCH(QString, text);
    QFETCH(QString, path);
    QString error;
    const auto url = DatabaseUrl::parse(text, &error);
    QVERIFY2(url.has_value(), qPrintable(error));
    QCOMPARE(url->engine(), DatabaseUrl::Engine::Sqlite);
    QCOMPARE(url->sqlitePath(), path);
    QCOMPARE(url->redacted(), QStringLiteral("sqlite:") + path);
}

void TestDatabaseUrl::postgres_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::addRow("all fields") << QStringLiteral(
                                       "postgresql://cadenio:s3cret@db.example.org:5433/cadenio")
                                << QStringLiteral("db.example.org") << 5433
                                << QStringLiteral("cadenio") << QStringLiteral("cadenio")
                                << QStringLiteral("s3cret");
    QTest::addRow("default port") << QStringLiteral(
                                         "postgresql://cadenio:s3cret@db.example.org/cadenio")
                                  << QStringLiteral("db.example.org") << 5432
                                  << QStringLiteral("cadenio") << QStringLiteral("cadenio")
                                  << QStringLiteral("s3cret");
    // libpq accepts both schemes; so must we, or copied connection strings fail.
    QTest::addRow("postgres:// alias")
        << QStringLiteral("postgres://app:pw@10.0.0.5:6432/prod") << QStringLiteral("10.0.0.5")
        << 6432 << QStringLiteral("prod") << QStringLiteral("app") << QStringLiteral("pw");
    // Reserved characters in credentials arrive percent-encoded and must reach the
    // driver decoded, or the login fails with a password that "looks right".
    QTest::addRow("percent-decoded credentials")
        << QStringLiteral("postgresql://app%40corp:p%40ss%2Fw%3Ard%25@db:5433/cadenio")
        << QStringLiteral("db") << 5433 << QStringLiteral("cadenio") << QStringLiteral("app@corp")
        << QStringLiteral("p@ss/w:rd%");
    QTest::addRow("percent-decoded database")
        << QStringLiteral("postgresql://u:p@db/my%20db") << QStringLiteral("db") << 5432
        << QStringLiteral("my db") << QStringLiteral("u") << QStringLiteral("p");
    QTest::addRow("no credentials")
        << QStringLiteral("postgresql://db.internal/cadenio") << QStringLiteral("db.internal")
        << 5432 << QStringLiteral("cadenio") << QString() << QString();
    QTest::addRow("user without password")
        << QStringLiteral("postgresql://cadenio@db/cadenio") << QStringLiteral("db") << 5432
        << QStringLiteral("cadenio") << QStringLiteral("cadenio") << QString();
    QTest::addRow("IPv6 host") << QStringLiteral("postgresql://u:p@[::1]:5433/cadenio")
                               << QStringLiteral("::1") << 5433 << QStringLiteral("cadenio")
                               << QStringLiteral("u") << QStringLiteral("p");
}

void TestDatabaseUrl::postgres()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QFETCH(QString, password);

    QString error;
    const auto url = DatabaseUrl::parse(text, &error);
    QVERIFY2(url.has_value(), qPrintable(error));
    QCOMPARE(url->engine(), DatabaseUrl::Engine::Postgres);
    QCOMPARE(url->host(), host);
    QCOMPARE(url->port(), port);
    QCOMPARE(url->databaseName(), database);
    QCOMPARE(url->userName(), user);
    QCOMPARE(url->password(), password);

    // toString() hands the URL to another process: it must read back the same, password
    // and reserved characters included.
    const auto again = DatabaseUrl::parse(url->toString(), &error);
    QVERIFY2(again.has_value(), qPrintable(error));
    QCOMPARE(again->host(), host);
    QCOMPARE(again->port(), port);
    QCOMPARE(again->databaseName(), database);
    QCOMPARE(again->userName(), user);
    QCOMPARE(again->password(), password);
    QCOMPARE(url->withDatabaseName(QStringLiteral("other")).databaseName(),
             QStringLiteral("other"));
    QCOMPARE(url->withDatabaseName(QStringLiteral("other")).password(), password);
}

void TestDatabaseUrl::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("empty") << QString() << QStringLiteral("unsupported");
    QTest::addRow("sqlite without path")
        << QStringLiteral("sqlite:") << QStringLiteral("no file path");
    QTest::addRow("sqlite:// without path")
        << QStringLiteral("sqlite://") << QStringLiteral("no file path");
    // The message quotes the scheme so an administrator sees what was not understood.
    QTest::addRow("unknown scheme")
        << QStringLiteral("mysql://u:p@db/cadenio") << QStringLiteral("\"mysql\"");
    QTest::addRow("bare path") << QStringLiteral("/var/lib/cadenio/store.db")
                               << QStringLiteral("unsupported");
    QTest::addRow("postgres without database")
        << QStringLiteral("postgresql://u:p@db:5433") << QStringLiteral("one database");
    QTest::addRow("postgres with empty database")
        << QStringLiteral("postgresql://u:p@db:5433/") << QStringLiteral("one database");
    QTest::addRow("postgres with two path segments")
        << QStringLiteral("postgresql://u:p@db/a/b") << QStringLiteral("one database");
    QTest::addRow("postgres without host")
        << QStringLiteral("postgresql:///cadenio") << QStringLiteral("not a valid PostgreSQL URL");
    QTest::addRow("postgres with a non-numeric port")
        << QStringLiteral("postgresql://db:port/cadenio")
        << QStringLiteral("not a valid PostgreSQL URL");
}

void TestDatabaseUrl::invalid()
{
    QFETCH(QString, text);
    QFETCH(QString, messagePart);
    QString error;
    const auto url = DatabaseUrl::parse(text, &error);
    QVERIFY2(!url.has_value(), qPrintable(text));
    QVERIFY2(error.contains(messagePart), qPrintable(error));
}

void TestDatabaseUrl::invalidWithoutErrorOut()
{
    // Callers that only need yes/no pass nullptr; that must not crash.
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("mysql://x/y"), nullptr).has_value());
}

void TestDatabaseUrl::redactedHidesPassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("secret");
    QTest::addRow("plain") << QStringLiteral("postgresql://cadenio:s3cret@db:5433/cadenio")
                           << QStringLiteral("postgresql://cadenio:***@db:5433/cadenio")
                           << QStringLiteral("s3cret");
    QTest::addRow("default port shown")
        << QStringLiteral("postgres://cadenio:s3cret@db/cadenio")
        << QStringLiteral("postgresql://cadenio:***@db:5432/cadenio") << QStringLiteral("s3cret");
    QTest::addRow("encoded password")
        << QStringLiteral("postgresql://u:p%40ss@db/cadenio")
        << QStringLiteral("postgresql://u:***@db:5432/cadenio") << QStringLiteral("ss");
    QTest::addRow("no credentials") << QStringLiteral("postgresql://db/cadenio")
                                    << QStringLiteral("postgresql://db:5432/cadenio") << QString();
}

void TestDatabaseUrl::redactedHidesPassword()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, secret);
    const auto url = DatabaseUrl::parse(text, nullptr);
    QVERIFY(url.has_value());
    const QString redacted = url->redacted();
    QCOMPARE(redacted, expected);
    // redacted() goes into logs and error messages; the password must never be there.
    if (!secret.isEmpty())
        QVERIFY2(!redacted.contains(secret), qPrintable(redacted));
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
