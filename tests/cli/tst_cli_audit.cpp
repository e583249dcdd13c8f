// `cadenio-console audit verify|export` as an auditor meets it: a store made by `init`, runs
// and audit entries written through the models library, tampering done with plain SQL, and
// the executable's exit codes, lines and exports checked against the stored chain.
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "ServeProcess.h"
#include "services/AuditLog.h"
#include "store/Database.h"
#include "store/SqlQuery.h"
#include "store/Transaction.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <utility>

using namespace cadenio;

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QDateTime kStart(QDate(2026, 4, 10), QTime(14, 22, 0), Qt::UTC);

using Result = cadenio::test::ConsoleResult;

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"'))
                field += text.at(++i);
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                field += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << std::exchange(field, QString());
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                   text.at(i + 1) == QLatin1Char('\n')) {
            ++i;
            record << std::exchange(field, QString());
            records << std::exchange(record, QStringList());
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        records << (record << field); // a last record without CRLF: malformed, shows in asserts
    return records;
}

class tst_CliAudit : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    QString m_orgId;
    QString m_templateId;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = cadenio::test::consoleEnvironment(kPassword);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    Result run(const QStringList &arguments)
    {
        return cadenio::test::runConsole(environment(), arguments);
    }

    // `audit …` against this test's store.
    Result audit(const QStringList &arguments)
    {
        return run(QStringList{QStringLiteral("audit")} + arguments +
                   QStringList{QStringLiteral("--data-dir"), m_dir->path()});
    }

    static bool isOneLine(const QString &text)
    {
        return text.count(QLatin1Char('\n')) == 1 && text.endsWith(QLatin1Char('\n'));
    }
    static bool isOneErrorLine(const QString &text)
    {
        return text.startsWith(QLatin1String("cadenio-console: ")) && isOneLine(text);
    }

    QString insertRun()
    {
        const QString id = ids::generate(u"run_");
        Transaction tx(*m_db);
        SqlQuery(tx.db(),
                 QStringLiteral("INSERT INTO runs (id, org_id, template_id, template_version, "
                                "name, status, created_at, updated_at, audit_head) VALUES (:id, "
                                ":org, :tmpl, 1, 'Onboarding', 'IN_PROGRESS', :at, :at, '')"))
            .bind(QStringLiteral(":id"), id)
            .bind(QStringLiteral(":org"), m_orgId)
            .bind(QStringLiteral(":tmpl"), m_templateId)
            .bind(QStringLiteral(":at"), timestamps::toStored(kStart))
            .exec();
        tx.commit();
        return id;
    }

    QList<AuditEntry> appendEntries(const QString &runId, int count)
    {
        QList<AuditEntry> appended;
        for (int i = 0; i < count; ++i) {
            Transaction tx(*m_db);
            // Values a CSV writer must quote: commas, quotes, a line break, non-ASCII.
            appended << AuditLog::append(
                tx.db(), runId,
                i % 2 ? Actor::apiKey(QStringLiteral("key_ci"), m_orgId, std::nullopt)
                      : Actor::user(QStringLiteral("usr_owner"), m_orgId, Role::Owner),
                i == 0 ? QStringLiteral("run.created") : QStringLiteral("task.completed"),
                QJsonObject{{QStringLiteral("note"),
                             AuditLog::change(QJsonValue::Null,
                                              QStringLiteral("Größe %1, \"checked\"\nok").arg(i))},
                            {QStringLiteral("count"), AuditLog::change(i, i + 1)}},
                kStart.addSecs(90 * i));
            tx.commit();
        }
        return appended;
    }

    void execute(const QString &statement) { SqlQuery(m_db->connection(), statement).exec(); }

    // Builds an entry back from an exported JSON entry, as an outside verifier would.
    static AuditEntry fromJson(const QJsonObject &json)
    {
        AuditEntry entry;
        entry.id = json.value(QStringLiteral("id")).toString();
        entry.runId = json.value(QStringLiteral("run_id")).toString();
        entry.seq = json.value(QStringLiteral("seq")).toInt();
        entry.at =
            timestamps::parse(json.value(QStringLiteral("at")).toString()).value_or(QDateTime());
        const QJsonObject actor = json.value(QStringLiteral("actor")).toObject();
        entry.actorType = actor.value(QStringLiteral("type")).toString();
        entry.actorId = actor.value(QStringLiteral("id")).toString();
        entry.action = json.value(QStringLiteral("action")).toString();
        entry.changes = json.value(QStringLiteral("changes")).toObject();
        entry.prevHash = json.value(QStringLiteral("prev_hash")).toString();
        entry.hash = json.value(QStringLiteral("hash")).toString();
        return entry;
    }

    static void compareEntries(const AuditEntry &actual, const AuditEntry &expected)
    {
        QCOMPARE(actual.id, expected.id);
        QCOMPARE(actual.runId, expected.runId);
        QCOMPARE(actual.seq, expected.seq);
        QCOMPARE(actual.at, expected.at);
        QCOMPARE(actual.actorType, expected.actorType);
        QCOMPARE(actual.actorId, expected.actorId);
        QCOMPARE(actual.action, expected.action);
        QCOMPARE(actual.changes, expected.changes);
        QCOMPARE(actual.prevHash, expected.prevHash);
        QCOMPARE(actual.hash, expected.hash);
        // Recomputable from the export alone.
        QCOMPARE(AuditLog::hashOf(actual.prevHash, actual), actual.hash);
    }

private slots:
    // A fresh store per test: `init`, then a template to hang runs on.
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const Result created =
            run({QStringLiteral("init"), QStringLiteral("--org"), QStringLiteral("Acme"),
                 QStringLiteral("--owner-email"), QStringLiteral("owner@acme.test"),
                 QStringLiteral("--data-dir"), m_dir->path()});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        m_db = std::make_unique<Database>(
            DatabaseUrl::sqliteFile(m_dir->filePath(QStringLiteral("cadenio.db"))));
        m_db->open();
        SqlQuery org(m_db->connection(), QStringLiteral("SELECT id FROM orgs"));
        org.exec();
        QVERIFY(org.next());
        m_orgId = org.text(0);
        m_templateId = ids::generate(u"tmpl_");
        SqlQuery(m_db->connection(),
                 QStringLiteral("INSERT INTO templates (id, org_id, name, description, tasks, "
                                "published_version, has_unpublished_changes, created_at, "
                                "updated_at, published_at) VALUES (:id, :org, 'T', '', '[]', 1, "
                                "0, 0, 0, 0)"))
            .bind(QStringLiteral(":id"), m_templateId)
            .bind(QStringLiteral(":org"), m_orgId)
            .exec();
    }
    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void help()
    {
        Result result = run({QStringLiteral("audit"), QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(QStringLiteral("audit export --run ID --format csv|json")),
                 qPrintable(result.out));
        QVERIFY(result.err.isEmpty());
        result = run({QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(QStringLiteral("  audit ")), qPrintable(result.out));
    }

    void verifyEmptyStore()
    {
        const Result result = audit({QStringLiteral("verify")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("Audit trail intact: 0 runs, 0 entries verified.\n"));
        QVERIFY(result.err.isEmpty());
    }

    void verifyIntactCountsEverything()
    {
        appendEntries(insertRun(), 4);
        appendEntries(insertRun(), 1);
        insertRun(); // a run without entries is intact too
        const Result result = audit({QStringLiteral("verify")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("Audit trail intact: 3 runs, 5 entries verified.\n"));
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    }

    void verifyNamesTheFirstBreak_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<int>("namedSeq"); // 0: truncation, no entry to name
        QTest::addColumn<QString>("mentions");
        QTest::addRow("changes edited")
            << QStringLiteral("UPDATE audit_entries SET changes = '{}' WHERE run_id = RUN AND "
                              "seq = 2")
            << 2 << QStringLiteral("content does not match its hash");
        QTest::addRow("actor edited")
            << QStringLiteral("UPDATE audit_entries SET actor_id = 'usr_x' WHERE run_id = RUN "
                              "AND seq = 3")
            << 3 << QStringLiteral("content does not match its hash");
        QTest::addRow("middle deleted")
            << QStringLiteral("DELETE FROM audit_entries WHERE run_id = RUN AND seq = 2") << 3
            << QStringLiteral("entry 2 is missing");
        QTest::addRow("last deleted")
            << QStringLiteral("DELETE FROM audit_entries WHERE run_id = RUN AND seq = 4") << 0
            << QStringLiteral("truncated at the end");
    }
    void verifyNamesTheFirstBreak()
    {
        QFETCH(QString, statement);
        QFETCH(int, namedSeq);
        QFETCH(QString, mentions);
        appendEntries(insertRun(), 2); // intact, checked first
        const QString run = insertRun();
        const QList<AuditEntry> chain = appendEntries(run, 4);
        execute(QString(statement).replace(QStringLiteral("RUN"),
                                           QLatin1Char('\'') + run + QLatin1Char('\'')));

        const Result result = audit({QStringLiteral("verify")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(isOneLine(result.out), qPrintable(result.out));
        QVERIFY2(result.out.startsWith(QString(QLatin1String("Audit trail broken: run ") + run)),
                 qPrintable(result.out));
        QVERIFY2(result.out.contains(mentions), qPrintable(result.out));
        if (namedSeq) {
            QVERIFY2(result.out.contains(QStringLiteral("entry %1 (seq %2)")
                                             .arg(chain.at(namedSeq - 1).id)
                                             .arg(namedSeq)),
                     qPrintable(result.out));
        } else {
            QVERIFY2(result.out.contains(QStringLiteral("seq 4")), qPrintable(result.out));
        }
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    }

    void verifyOneRun()
    {
        const QString good = insertRun();
        appendEntries(good, 3);
        const QString bad = insertRun();
        appendEntries(bad, 2);
        execute(QStringLiteral("UPDATE audit_entries SET action = 'run.cancelled' WHERE run_id = "
                               "'%1' AND seq = 1")
                    .arg(bad));

        Result result = audit({QStringLiteral("verify"), QStringLiteral("--run"), good});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("Audit trail intact: 1 run, 3 entries verified.\n"));

        result = audit({QStringLiteral("verify"), QString(QStringLiteral("--run=") + bad)});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.out.contains(bad) && result.out.contains(QStringLiteral("(seq 1)")),
                 qPrintable(result.out));

        // A mistyped id must not pass as "intact".
        result = audit({QStringLiteral("verify"), QStringLiteral("--run"),
                        QStringLiteral("run_doesnotexist")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(isOneErrorLine(result.err) &&
                     result.err.contains(QStringLiteral("run_doesnotexist")),
                 qPrintable(result.err));
    }

    void exportJson()
    {
        const QString run = insertRun();
        appendEntries(insertRun(), 2); // another run's entries stay out of the export
        const QList<AuditEntry> chain = appendEntries(run, 3);
        const QDateTime before = timestamps::now().addSecs(-1);

        const Result result = audit({QStringLiteral("export"), QStringLiteral("--run"), run,
                                     QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(json.value(QStringLiteral("run_id")).toString(), run);
        QCOMPARE(json.value(QStringLiteral("verified")), QJsonValue(true));
        QVERIFY(json.value(QStringLiteral("first_break")).isNull());
        const QString exportedAt = json.value(QStringLiteral("exported_at")).toString();
        QVERIFY2(exportedAt.endsWith(QLatin1Char('Z')), qPrintable(exportedAt));
        const auto at = timestamps::parse(exportedAt);
        QVERIFY(at && *at >= before && *at <= timestamps::now());

        const QJsonArray entries = json.value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), chain.size());
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QJsonObject entry = entries.at(i).toObject();
            QCOMPARE(entry.keys(), QStringList({QStringLiteral("action"), QStringLiteral("actor"),
                                                QStringLiteral("at"), QStringLiteral("changes"),
                                                QStringLiteral("hash"), QStringLiteral("id"),
                                                QStringLiteral("prev_hash"),
                                                QStringLiteral("run_id"), QStringLiteral("seq")}));
            QCOMPARE(entry.value(QStringLiteral("at")).toString(),
                     timestamps::format(chain.at(i).at));
            compareEntries(fromJson(entry), chain.at(i));
        }
    }

    void exportCsv_data()
    {
        QTest::addColumn<bool>("toFile");
        QTest::addRow("stdout") << false;
        QTest::addRow("--output") << true;
    }
    void exportCsv()
    {
        QFETCH(bool, toFile);
        const QString run = insertRun();
        const QList<AuditEntry> chain = appendEntries(run, 3);
        const QString path = m_dir->filePath(QStringLiteral("evidence.csv"));
        QStringList arguments{QStringLiteral("export"), QStringLiteral("--run"), run,
                              QStringLiteral("--format"), QStringLiteral("csv")};
        if (toFile)
            arguments << QStringLiteral("--output") << path;
        const Result result = audit(arguments);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));

        QByteArray csv = result.out.toUtf8();
        if (toFile) {
            QCOMPARE(result.out,
                     QStringLiteral("Exported 3 entries of run %1 to %2.\n").arg(run, path));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            csv = file.readAll();
        }
        QVERIFY2(csv.startsWith("seq,at,actor_type,actor_id,action,changes,prev_hash,hash,id\r\n"),
                 csv.constData());
        const QList<QStringList> records = parseCsv(csv);
        QCOMPARE(records.size(), 1 + chain.size());
        for (qsizetype i = 0; i < chain.size(); ++i) {
            const QStringList &row = records.at(i + 1);
            QCOMPARE(row.size(), 9);
            AuditEntry entry;
            entry.seq = row.at(0).toInt();
            QVERIFY2(row.at(1).endsWith(QLatin1Char('Z')), qPrintable(row.at(1)));
            entry.at = timestamps::parse(row.at(1)).value_or(QDateTime());
            entry.actorType = row.at(2);
            entry.actorId = row.at(3);
            entry.action = row.at(4);
            // Compact JSON, the same bytes the store keeps.
            QCOMPARE(row.at(5).toUtf8(),
                     QJsonDocument(chain.at(i).changes).toJson(QJsonDocument::Compact));
            entry.changes = QJsonDocument::fromJson(row.at(5).toUtf8()).object();
            entry.prevHash = row.at(6);
            entry.hash = row.at(7);
            entry.id = row.at(8);
            entry.runId = run; // the file is per run
            compareEntries(entry, chain.at(i));
        }
    }

    void exportOfBrokenChainIsWrittenAndFails()
    {
        const QString run = insertRun();
        const QList<AuditEntry> chain = appendEntries(run, 3);
        execute(QStringLiteral("UPDATE audit_entries SET at = at + 1000 WHERE run_id = '%1' AND "
                               "seq = 2")
                    .arg(run));
        const QString path = m_dir->filePath(QStringLiteral("evidence.json"));
        const Result result = audit({QStringLiteral("export"), QStringLiteral("--run"), run,
                                     QStringLiteral("--format"), QStringLiteral("json"),
                                     QStringLiteral("--output"), path});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(isOneErrorLine(result.err) && result.err.contains(chain.at(1).id),
                 qPrintable(result.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("verified")), QJsonValue(false));
        const QJsonObject firstBreak = json.value(QStringLiteral("first_break")).toObject();
        QCOMPARE(firstBreak.value(QStringLiteral("entry_id")).toString(), chain.at(1).id);
        QCOMPARE(firstBreak.value(QStringLiteral("seq")).toInt(), 2);
        QVERIFY(!firstBreak.value(QStringLiteral("reason")).toString().isEmpty());
        // The file shows what is stored, tampered value included.
        const QJsonArray entries = json.value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(1).toObject().value(QStringLiteral("at")).toString(),
                 timestamps::format(chain.at(1).at.addSecs(1)));
    }

    void exportOfTruncatedChainHasNoEntryToName()
    {
        const QString run = insertRun();
        appendEntries(run, 2);
        execute(
            QStringLiteral("DELETE FROM audit_entries WHERE run_id = '%1' AND seq = 2").arg(run));
        const Result result = audit({QStringLiteral("export"), QStringLiteral("--run"), run,
                                     QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(result.exitCode, 1);
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("verified")), QJsonValue(false));
        const QJsonObject firstBreak = json.value(QStringLiteral("first_break")).toObject();
        QVERIFY(firstBreak.value(QStringLiteral("entry_id")).isNull());
        QCOMPARE(firstBreak.value(QStringLiteral("seq")).toInt(), 2);
        QVERIFY2(isOneErrorLine(result.err) &&
                     result.err.contains(QStringLiteral("truncated at the end")),
                 qPrintable(result.err));
    }

    void runtimeErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("export unknown run")
            << QStringList{QStringLiteral("export"), QStringLiteral("--run"),
                           QStringLiteral("run_nope"), QStringLiteral("--format"),
                           QStringLiteral("csv")}
            << QStringLiteral("run_nope");
        QTest::addRow("output folder missing")
            << QStringList{QStringLiteral("export"),
                           QStringLiteral("--run"),
                           QStringLiteral("RUN"),
                           QStringLiteral("--format"),
                           QStringLiteral("csv"),
                           QStringLiteral("--output"),
                           QStringLiteral("/nonexistent/dir/out.csv")}
            << QStringLiteral("/nonexistent/dir/out.csv");
    }
    void runtimeErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const QString run = insertRun();
        appendEntries(run, 1);
        arguments.replaceInStrings(QStringLiteral("RUN"), run);
        const Result result = audit(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(isOneErrorLine(result.err) && result.err.contains(mentions),
                 qPrintable(result.err));
    }

    // Verifying a folder that holds no store must fail, not create one and call it intact.
    void noStoreIsAnError()
    {
        QTemporaryDir empty;
        const Result result = run({QStringLiteral("audit"), QStringLiteral("verify"),
                                   QStringLiteral("--data-dir"), empty.path()});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(isOneErrorLine(result.err) && result.err.contains(QStringLiteral("no store")),
                 qPrintable(result.err));
        QVERIFY(!QFile::exists(empty.filePath(QStringLiteral("cadenio.db"))));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("no subcommand") << QString() << QStringLiteral("verify or export");
        QTest::addRow("unknown subcommand")
            << QStringLiteral("frobnicate") << QStringLiteral("frobnicate");
        QTest::addRow("flag instead of subcommand")
            << QStringLiteral("--run run_x") << QStringLiteral("verify or export");
        QTest::addRow("export without --run")
            << QStringLiteral("export --format csv") << QStringLiteral("--run");
        QTest::addRow("export without --format")
            << QStringLiteral("export --run run_x") << QStringLiteral("--format");
        QTest::addRow("bad --format")
            << QStringLiteral("export --run run_x --format xml") << QStringLiteral("csv or json");
        QTest::addRow("empty --output") << QStringLiteral("export --run run_x --format csv "
                                                          "--output=")
                                        << QStringLiteral("--output");
        QTest::addRow("--run without value")
            << QStringLiteral("verify --run") << QStringLiteral("--run");
        QTest::addRow("--format on verify")
            << QStringLiteral("verify --format csv") << QStringLiteral("--format");
        QTest::addRow("unknown flag")
            << QStringLiteral("verify --bogus") << QStringLiteral("--bogus");
        QTest::addRow("stray argument")
            << QStringLiteral("verify extra") << QStringLiteral("extra");
    }
    void usageErrors()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        QStringList list{QStringLiteral("audit")};
        if (!arguments.isEmpty())
            list << arguments.split(QLatin1Char(' '));
        const Result result = run(list + QStringList{QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("cadenio.db"))));
    }
};

} // namespace

QTEST_GUILESS_MAIN(tst_CliAudit)
#include "tst_cli_audit.moc"
