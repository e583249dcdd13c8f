// The cadenio-console executable as a user meets it: flags, exit codes, the one
// "Listening on" line, and a graceful stop on SIGTERM.
#include "ServeProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

using Result = cadenio::test::ConsoleResult;

class tst_Cli : public QObject
{
    Q_OBJECT

private:
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = cadenio::test::consoleEnvironment(kPassword);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    Result run(const QStringList &arguments, const QProcessEnvironment &env)
    {
        return cadenio::test::runConsole(env, arguments);
    }
    Result run(const QStringList &arguments) { return run(arguments, environment()); }

    // Starts `serve` and waits for its "Listening on" line; returns the base URL.
    QString startServer(QProcess &process, const QStringList &extra)
    {
        return cadenio::test::startServe(process, environment(), extra, 30000);
    }

    QPair<int, QJsonObject> http(const QByteArray &method, const QString &url,
                                 const QByteArray &body = {}, const QByteArray &token = {})
    {
        const cadenio::test::HttpReply reply = cadenio::test::sendRequest(method, url, body, token);
        return {reply.status, reply.json()};
    }

    // `init` of the organization "Acme" with owner@acme.test in `dataDir`; the exit code.
    int initStore(const QString &dataDir)
    {
        return run({QStringLiteral("init"), QStringLiteral("--org"), QStringLiteral("Acme"),
                    QStringLiteral("--owner-email"), QStringLiteral("owner@acme.test"),
                    QStringLiteral("--data-dir"), dataDir})
            .exitCode;
    }

    // The owner's session token from POST /v1/sessions, or empty.
    QByteArray signIn(const QString &base)
    {
        auto [status, login] = http(
            "POST", base + QStringLiteral("/v1/sessions"),
            QJsonDocument(QJsonObject{{QStringLiteral("email"), QStringLiteral("owner@acme.test")},
                                      {QStringLiteral("password"), kPassword}})
                .toJson());
        return status == 201 ? login.value(QStringLiteral("token")).toString().toLatin1()
                             : QByteArray();
    }

    static bool isOneLine(const QString &text)
    {
        return text.startsWith(QLatin1String("cadenio-console: ")) &&
               text.count(QLatin1Char('\n')) == 1 && text.endsWith(QLatin1Char('\n'));
    }

private slots:
    void informational_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::addRow("--version")
            << QStringList{QStringLiteral("--version")} << QStringLiteral("cadenio-console 0.");
        QTest::addRow("--help") << QStringList{QStringLiteral("--help")}
                                << QStringLiteral("Commands:");
        QTest::addRow("serve --help")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--help")}
            << QStringLiteral("--listen ADDR:PORT");
        QTest::addRow("init --help")
            << QStringList{QStringLiteral("init"), QStringLiteral("--help")}
            << QStringLiteral("CADENIO_OWNER_PASSWORD");
    }
    void informational()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const Result result = run(arguments);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(expected), qPrintable(result.out));
        QVERIFY(result.err.isEmpty());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const auto args = [](const char *text) {
            return QString::fromLatin1(text).split(QLatin1Char(' '));
        };
        QTest::addRow("unknown command") << args("frobnicate") << QStringLiteral("frobnicate");
        QTest::addRow("unknown flag") << args("--bogus") << QStringLiteral("--bogus");
        QTest::addRow("serve unknown flag") << args("serve --bogus=1") << QStringLiteral("--bogus");
        QTest::addRow("listen without port")
            << args("serve --listen 127.0.0.1") << QStringLiteral("ADDR:PORT");
        QTest::addRow("listen bad port")
            << args("serve --listen 127.0.0.1:99999") << QStringLiteral("99999");
        QTest::addRow("listen bad host")
            << args("serve --listen nohost:80") << QStringLiteral("nohost");
        QTest::addRow("listen no value") << args("serve --listen") << QStringLiteral("--listen");
        QTest::addRow("rate limit negative")
            << args("serve --rate-limit -1") << QStringLiteral("--rate-limit");
        QTest::addRow("rate limit text")
            << args("serve --rate-limit lots") << QStringLiteral("lots");
        QTest::addRow("database scheme")
            << args("serve --database mysql://x/y") << QStringLiteral("mysql");
        QTest::addRow("database no db")
            << args("serve --database postgresql://h:5432/") << QStringLiteral("database");
        QTest::addRow("ca file missing") << args("serve --webhook-ca-file /nonexistent.pem")
                                         << QStringLiteral("/nonexistent.pem");
        QTest::addRow("flag with value")
            << args("serve --allow-http-webhooks=yes") << QStringLiteral("--allow-http-webhooks");
        QTest::addRow("init without org")
            << args("init --owner-email a@b.co") << QStringLiteral("--org");
        QTest::addRow("init without email")
            << args("init --org Acme") << QStringLiteral("--owner-email");
        QTest::addRow("init bad plan")
            << args("init --org Acme --owner-email a@b.co --plan GOLD") << QStringLiteral("--plan");
        QTest::addRow("stray argument") << args("serve extra") << QStringLiteral("extra");
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const Result result =
            run(arguments + QStringList{QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(isOneLine(result.err), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        // A usage error touches nothing.
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("cadenio.db"))));
    }

    void initCreatesOnceThenRefuses()
    {
        QTemporaryDir dir;
        const QStringList init{QStringLiteral("init"),
                               QStringLiteral("--org"),
                               QStringLiteral("Acme"),
                               QStringLiteral("--owner-email"),
                               QStringLiteral("Owner@Acme.test"),
                               QStringLiteral("--data-dir"),
                               dir.path()};
        Result result = run(init);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(QStringLiteral("owner@acme.test")), qPrintable(result.out));
        QVERIFY(!result.out.contains(kPassword));

        result = run(init);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(isOneLine(result.err) &&
                     result.err.contains(QStringLiteral("already initialized")),
                 qPrintable(result.err));
    }

    void initRejectsWeakOrMissingPassword()
    {
        QTemporaryDir dir;
        const QStringList init{QStringLiteral("init"),
                               QStringLiteral("--org"),
                               QStringLiteral("Acme"),
                               QStringLiteral("--owner-email"),
                               QStringLiteral("o@acme.test"),
                               QStringLiteral("--data-dir"),
                               dir.path()};
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("CADENIO_OWNER_PASSWORD"), QStringLiteral("short"));
        Result result = run(init, env);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(isOneLine(result.err) && result.err.contains(QStringLiteral("12")),
                 qPrintable(result.err));

        env.remove(QStringLiteral("CADENIO_OWNER_PASSWORD"));
        result = run(init, env); // stdin is /dev/null, not a terminal
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("CADENIO_OWNER_PASSWORD")),
                 qPrintable(result.err));

        // Still empty: a later init with a good password succeeds.
        QCOMPARE(run(init).exitCode, 0);
    }

    void runtimeErrors_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("data dir under a file")
            << QStringLiteral("file-parent") << QStringLiteral("data folder");
        QTest::addRow("damaged database")
            << QStringLiteral("garbage-db") << QStringLiteral("cadenio.db");
        QTest::addRow("newer schema")
            << QStringLiteral("newer-schema") << QStringLiteral("newer build");
        QTest::addRow("unreachable postgres")
            << QStringLiteral("postgres") << QStringLiteral("cannot open");
        // A new secret would silently invalidate every key and session: refuse instead.
        QTest::addRow("master secret lost")
            << QStringLiteral("lost-secret") << QStringLiteral("master secret");
    }
    void runtimeErrors()
    {
        QFETCH(QString, setup);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        QString dataDir = dir.path();
        QStringList extra;
        if (setup == QLatin1String("file-parent")) {
            QFile file(dir.filePath(QStringLiteral("plain-file")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            dataDir = file.fileName() + QStringLiteral("/data");
        } else if (setup == QLatin1String("garbage-db")) {
            QFile file(dir.filePath(QStringLiteral("cadenio.db")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(8192, 'x'));
        } else if (setup == QLatin1String("newer-schema")) {
            QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--org"), QStringLiteral("A"),
                          QStringLiteral("--owner-email"), QStringLiteral("a@a.test"),
                          QStringLiteral("--data-dir"), dataDir})
                         .exitCode,
                     0);
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("poke"));
                db.setDatabaseName(dir.filePath(QStringLiteral("cadenio.db")));
                QVERIFY(db.open());
                QVERIFY(QSqlQuery(db).exec(
                    QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                                   "VALUES (999, 'future', 0)")));
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("poke"));
        } else if (setup == QLatin1String("lost-secret")) {
            QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--org"), QStringLiteral("A"),
                          QStringLiteral("--owner-email"), QStringLiteral("a@a.test"),
                          QStringLiteral("--data-dir"), dataDir})
                         .exitCode,
                     0);
            QVERIFY(QFile::remove(dir.filePath(QStringLiteral("secrets.json"))));
        } else if (setup == QLatin1String("postgres")) {
            QTcpServer closed; // a port nobody answers on once closed
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            const quint16 port = closed.serverPort();
            closed.close();
            extra << QStringLiteral("--database")
                  << QStringLiteral("postgresql://u:secretpw@127.0.0.1:%1/cadenio").arg(port);
        }
        const Result result =
            run(QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), dataDir} +
                extra);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(isOneLine(result.err), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        QVERIFY2(!result.err.contains(QStringLiteral("secretpw")), "a password reached the log");
        QVERIFY(result.out.isEmpty());
    }

    void busyPortIsRefused()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost));
        QTemporaryDir dir;
        const Result result = run({QStringLiteral("serve"), QStringLiteral("--listen"),
                                   QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort()),
                                   QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QStringLiteral("already in use")), qPrintable(result.err));
    }

    void rateLimitOptionApplies()
    {
        QTemporaryDir dir;
        QCOMPARE(initStore(dir.path()), 0);
        QProcess server;
        const QString base =
            startServer(server, {QStringLiteral("--data-dir"), dir.path(),
                                 QStringLiteral("--rate-limit"), QStringLiteral("2")});
        QVERIFY(!base.isEmpty());
        const QByteArray session = signIn(base);
        QVERIFY(!session.isEmpty());
        auto [keyStatus, key] =
            http("POST", base + QStringLiteral("/v1/api-keys"),
                 QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("ci")},
                                           {QStringLiteral("scopes"),
                                            QJsonArray{QStringLiteral("users:read")}}})
                     .toJson(),
                 session);
        QCOMPARE(keyStatus, 201);
        const QByteArray plain = key.value(QStringLiteral("plain_key")).toString().toLatin1();
        QList<int> statuses;
        for (int i = 0; i < 3; ++i)
            statuses << http("GET", base + QStringLiteral("/v1/users"), {}, plain).first;
        QCOMPARE(statuses, QList<int>({200, 200, 429}));
        ::kill(pid_t(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 0);
    }

    void serveAnswersAndStopsGracefully_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addRow("SIGTERM") << int(SIGTERM);
        QTest::addRow("SIGINT") << int(SIGINT);
    }
    void serveAnswersAndStopsGracefully()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        QCOMPARE(initStore(dir.path()), 0);
        QProcess server;
        const QString base = startServer(server, {QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(!base.isEmpty());

        // The README's quick start: health, sign in, list members.
        auto [status, health] = http("GET", base + QStringLiteral("/v1/health"));
        QCOMPARE(status, 200);
        QCOMPARE(health.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        const QByteArray session = signIn(base);
        QVERIFY(!session.isEmpty());
        auto [listStatus, users] = http("GET", base + QStringLiteral("/v1/users"), {}, session);
        QCOMPARE(listStatus, 200);
        QCOMPARE(users.value(QStringLiteral("data")).toArray().size(), 1);

        ::kill(pid_t(server.processId()), signal);
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        // Exactly one line on stdout for the whole life of the process.
        QCOMPARE(server.readAllStandardOutput(), QByteArray());
    }
};

} // namespace

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
