// Crash consistency of `cadenio-console serve`: several clients write concurrently (run
// launches, task completions, file uploads), the server is killed with SIGKILL at a random
// moment, restarted, and everything it acknowledged (2xx) must be there, whole: runs with
// all their tasks, completed tasks with their values, files with their exact bytes, the
// outbox event of every launch, and an audit trail that verifies. Over several rounds, so
// each restart also proves the earlier rounds' writes survived again.
#include "ServeProcess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kRounds = 5;
constexpr int kClients = 4;
constexpr int kTasksPerRun = 3;
const QByteArray kBoundary = "crash-test-boundary";

struct AckedTask
{
    QString runId;
    QString taskId;
    QString value;
};

struct AckedFile
{
    QString id;
    QByteArray sha256; // lower-case hex
};

// Everything the server acknowledged over all rounds.
struct Acknowledged
{
    QStringList runs;
    QList<AckedTask> tasks;
    QList<AckedFile> files;

    qsizetype total() const { return runs.size() + tasks.size() + files.size(); }
};

QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// One client: launches a run, reads its tasks, completes the first, uploads a file to the
// second, and starts over, until a request fails (the server died).
class Writer : public QObject
{
public:
    Writer(const QString &base, const QByteArray &token, const QString &templateId,
           Acknowledged &acked, QRandomGenerator &random)
        : m_base(base)
        , m_token(token)
        , m_templateId(templateId)
        , m_acked(acked)
        , m_random(random)
    {}

    void start() { launch(); }
    bool isDone() const { return m_done; }

private:
    using Then = std::function<void(const QJsonObject &)>;

    void send(const QByteArray &method, const QString &path, const QByteArray &body,
              const QByteArray &contentType, Then then)
    {
        QNetworkRequest request{QUrl(m_base + path)};
        request.setRawHeader("Authorization", "Bearer " + m_token);
        if (!contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        connect(reply, &QNetworkReply::finished, this, [this, reply, then] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status / 100 != 2) {
                if (status != 0) // an answer, but not a success: a bug, not a crash
                    qWarning() << "unexpected" << status << reply->readAll();
                m_failedWithStatus = m_failedWithStatus || status != 0;
                m_done = true;
                return;
            }
            then(QJsonDocument::fromJson(reply->readAll()).object());
        });
    }

    void launch()
    {
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("template_id"), m_templateId}}).toJson();
        send("POST", QStringLiteral("/v1/runs"), body, "application/json",
             [this](const QJsonObject &run) {
                 const QString id = run.value(QStringLiteral("id")).toString();
                 m_acked.runs << id;
                 send("GET", QStringLiteral("/v1/runs/") + id, {}, {},
                      [this, id](const QJsonObject &full) { complete(id, full); });
             });
    }

    void complete(const QString &runId, const QJsonObject &run)
    {
        const QJsonArray tasks = run.value(QStringLiteral("tasks")).toArray();
        const QString notes = tasks.at(0).toObject().value(QStringLiteral("id")).toString();
        const QString evidence = tasks.at(1).toObject().value(QStringLiteral("id")).toString();
        const QString value = QStringLiteral("checked %1").arg(m_random.generate());
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("COMPLETED")},
                                      {QStringLiteral("value"), value}})
                .toJson();
        send("PATCH", QStringLiteral("/v1/runs/%1/tasks/%2").arg(runId, notes), body,
             "application/json", [=, this](const QJsonObject &) {
                 m_acked.tasks << AckedTask{runId, notes, value};
                 upload(runId, evidence);
             });
    }

    void upload(const QString &runId, const QString &taskId)
    {
        QByteArray content(1 + int(m_random.bounded(64 * 1024)), Qt::Uninitialized);
        for (char &c : content)
            c = char(m_random.bounded(256));
        auto part = [](const QByteArray &name, const QByteArray &value,
                       const QByteArray &extra = {}) -> QByteArray {
            return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
                   extra + "\r\n\r\n" + value + "\r\n";
        };
        const QByteArray body = part("run_id", runId.toLatin1()) +
                                part("task_id", taskId.toLatin1()) +
                                part("file", content,
                                     "; filename=\"evidence.bin\"\r\nContent-Type: "
                                     "application/octet-stream") +
                                "--" + kBoundary + "--\r\n";
        const QByteArray sha = sha256Hex(content);
        send("POST", QStringLiteral("/v1/files"), body,
             "multipart/form-data; boundary=" + kBoundary, [this, sha](const QJsonObject &file) {
                 m_acked.files << AckedFile{file.value(QStringLiteral("id")).toString(), sha};
                 launch();
             });
    }

public:
    bool failedWithStatus() const { return m_failedWithStatus; }

private:
    QNetworkAccessManager m_network;
    QString m_base;
    QByteArray m_token;
    QString m_templateId;
    Acknowledged &m_acked;
    QRandomGenerator &m_random;
    bool m_done = false;
    bool m_failedWithStatus = false;
};

} // namespace

class tst_Crash : public QObject
{
    Q_OBJECT

private:
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = cadenio::test::consoleEnvironment(kPassword);
        env.insert(QStringLiteral("CADENIO_HTTP_THREADS"), QStringLiteral("2"));
        return env;
    }

    int run(const QStringList &arguments, QString *output = nullptr)
    {
        const cadenio::test::ConsoleResult result =
            cadenio::test::runConsole(environment(), arguments, 120000);
        if (output)
            *output = result.out + result.err;
        return result.exitCode;
    }

    // Starts `serve` on a free port; the base URL, or empty.
    QString startServer(QProcess &process)
    {
        return cadenio::test::startServe(process, environment(),
                                         {QStringLiteral("--data-dir"), m_dir.path()}, 60000);
    }

    QPair<int, QByteArray> http(const QByteArray &method, const QString &url,
                                const QByteArray &body = {}, const QByteArray &token = {})
    {
        const cadenio::test::HttpReply reply = cadenio::test::sendRequest(method, url, body, token);
        return {reply.status, reply.body};
    }

    static QJsonObject object(const QByteArray &json)
    {
        return QJsonDocument::fromJson(json).object();
    }

    // Checks through the restarted server that every acknowledged write is there, whole.
    // Returns an empty string or the first discrepancy.
    QString verifyOverHttp(const QString &base)
    {
        QHash<QString, QJsonObject> runs;
        for (const QString &id : std::as_const(m_acked.runs)) {
            const auto [status, body] =
                http("GET", base + QStringLiteral("/v1/runs/") + id, {}, m_token);
            if (status != 200)
                return QStringLiteral("acknowledged run %1: GET answered %2").arg(id).arg(status);
            const QJsonObject run = object(body);
            if (run.value(QStringLiteral("tasks")).toArray().size() != kTasksPerRun)
                return QStringLiteral("run %1 lacks tasks: %2").arg(id, QString::fromUtf8(body));
            runs.insert(id, run);
        }
        for (const AckedTask &acked : std::as_const(m_acked.tasks)) {
            const QJsonArray tasks =
                runs.value(acked.runId).value(QStringLiteral("tasks")).toArray();
            bool found = false;
            for (const QJsonValue &task : tasks) {
                const QJsonObject t = task.toObject();
                if (t.value(QStringLiteral("id")).toString() != acked.taskId)
                    continue;
                found =
                    t.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED") &&
                    t.value(QStringLiteral("value")).toString() == acked.value;
            }
            if (!found)
                return QStringLiteral("acknowledged completion of %1 in %2 is missing")
                    .arg(acked.taskId, acked.runId);
        }
        for (const AckedFile &file : std::as_const(m_acked.files)) {
            const auto [status, bytes] =
                http("GET", base + QStringLiteral("/v1/files/") + file.id, {}, m_token);
            if (status != 200 || sha256Hex(bytes) != file.sha256)
                return QStringLiteral("acknowledged file %1: HTTP %2, sha256 %3, expected %4")
                    .arg(file.id)
                    .arg(status)
                    .arg(QString::fromLatin1(sha256Hex(bytes)), QString::fromLatin1(file.sha256));
        }
        return {};
    }

    // Checks the store itself while the server is down: nothing half-written anywhere, not
    // only in what was acknowledged. Returns an empty string or the first discrepancy.
    QString verifyStore()
    {
        const QString name = QStringLiteral("crash-check");
        QString problem;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(QDir(m_dir.path()).filePath(QStringLiteral("cadenio.db")));
            if (!db.open())
                return QStringLiteral("cannot open the store: ") + db.lastError().text();
            QSqlQuery q(db);
            q.exec(
                QStringLiteral("SELECT r.id, (SELECT count(*) FROM tasks t WHERE t.run_id = r.id) "
                               "FROM runs r"));
            while (problem.isEmpty() && q.next()) {
                if (q.value(1).toInt() != kTasksPerRun)
                    problem = QStringLiteral("run %1 has %2 tasks")
                                  .arg(q.value(0).toString())
                                  .arg(q.value(1).toInt());
            }
            q.exec(QStringLiteral("SELECT id, storage_key, sha256, size FROM files"));
            while (problem.isEmpty() && q.next()) {
                QFile content(
                    QDir(m_dir.path()).filePath(QStringLiteral("files/") + q.value(1).toString()));
                if (!content.open(QIODevice::ReadOnly)) {
                    problem = QStringLiteral("file %1 has a row but no content")
                                  .arg(q.value(0).toString());
                    break;
                }
                const QByteArray bytes = content.readAll();
                if (bytes.size() != q.value(3).toLongLong() ||
                    sha256Hex(bytes) != q.value(2).toString().toLatin1())
                    problem = QStringLiteral("file %1 has other bytes than its row says")
                                  .arg(q.value(0).toString());
            }
            QSet<QString> created;
            q.exec(QStringLiteral("SELECT payload FROM outbox WHERE event = 'run.created'"));
            while (q.next()) {
                const QJsonObject data =
                    object(q.value(0).toString().toUtf8()).value(QStringLiteral("data")).toObject();
                created.insert(data.value(QStringLiteral("run_id")).toString());
            }
            for (const QString &run : std::as_const(m_acked.runs)) {
                if (problem.isEmpty() && !created.contains(run))
                    problem = QStringLiteral("no run.created event in the outbox for %1").arg(run);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return problem;
    }

private slots:
    void initTestCase();
    void acknowledgedWritesSurviveSigkill();

private:
    QTemporaryDir m_dir;
    QByteArray m_token;
    QString m_templateId;
    Acknowledged m_acked;
};

void tst_Crash::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--org"), QStringLiteral("Acme"),
                  QStringLiteral("--owner-email"), QStringLiteral("owner@acme.test"),
                  QStringLiteral("--data-dir"), m_dir.path()}),
             0);
    QProcess server;
    const QString base = startServer(server);
    QVERIFY(!base.isEmpty());
    const auto [signInStatus, signIn] =
        http("POST", base + QStringLiteral("/v1/sessions"),
             QJsonDocument(QJsonObject{{QStringLiteral("email"), QStringLiteral("owner@acme.test")},
                                       {QStringLiteral("password"), kPassword}})
                 .toJson());
    QCOMPARE(signInStatus, 201);
    m_token = object(signIn).value(QStringLiteral("token")).toString().toLatin1();

    const QJsonArray tasks{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Notes")},
                    {QStringLiteral("field"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Evidence")},
                    {QStringLiteral("required"), false},
                    {QStringLiteral("field"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("file")}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Sign-off")},
                    {QStringLiteral("field"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}}},
    };
    const auto [created, tmpl] =
        http("POST", base + QStringLiteral("/v1/templates"),
             QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("Access review")},
                                       {QStringLiteral("tasks"), tasks}})
                 .toJson(),
             m_token);
    QCOMPARE(created, 201);
    m_templateId = object(tmpl).value(QStringLiteral("id")).toString();
    const auto [published, ignored] = http(
        "POST", base + QStringLiteral("/v1/templates/%1/publish").arg(m_templateId), {}, m_token);
    Q_UNUSED(ignored);
    QCOMPARE(published, 200);
    server.terminate();
    QVERIFY(server.waitForFinished(30000));
}

void tst_Crash::acknowledgedWritesSurviveSigkill()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("random seed %u", seed);
    QRandomGenerator random(seed);
    int unacknowledgedKills = 0;
    for (int round = 1; round <= kRounds; ++round) {
        QProcess server;
        const QString base = startServer(server);
        QVERIFY2(!base.isEmpty(),
                 qPrintable(QStringLiteral("round %1: serve did not start").arg(round)));
        const QString missing = verifyOverHttp(base);
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("round %1: %2").arg(round).arg(missing)));

        std::vector<std::unique_ptr<Writer>> writers;
        for (int i = 0; i < kClients; ++i) {
            writers.push_back(
                std::make_unique<Writer>(base, m_token, m_templateId, m_acked, random));
            writers.back()->start();
        }
        const qsizetype before = m_acked.total();
        // SIGKILL at a random moment while the writes are in flight.
        QTest::qWait(400 + int(random.bounded(1200)));
        server.kill();
        QVERIFY(server.waitForFinished(30000));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(writers.begin(), writers.end(), [](const auto &w) { return w->isDone(); }),
            30000);
        for (const auto &writer : writers)
            QVERIFY2(!writer->failedWithStatus(),
                     "a write failed with an HTTP error, not the crash");
        QVERIFY2(m_acked.total() > before, "no write was acknowledged before the kill");
        ++unacknowledgedKills;

        const QString broken = verifyStore();
        QVERIFY2(broken.isEmpty(),
                 qPrintable(QStringLiteral("round %1: %2").arg(round).arg(broken)));
        QString output;
        const int audit = run({QStringLiteral("audit"), QStringLiteral("verify"),
                               QStringLiteral("--data-dir"), m_dir.path()},
                              &output);
        QVERIFY2(audit == 0, qPrintable(QStringLiteral("round %1: %2").arg(round).arg(output)));
    }

    // A last restart: all rounds' writes, once more, through the API.
    QProcess server;
    const QString base = startServer(server);
    QVERIFY(!base.isEmpty());
    const QString missing = verifyOverHttp(base);
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    server.terminate();
    QVERIFY(server.waitForFinished(30000));
    qInfo("crash consistency: %d SIGKILL rounds survived; %lld acknowledged writes checked "
          "(%lld launches, %lld task completions, %lld uploads)",
          unacknowledgedKills, qlonglong(m_acked.total()), qlonglong(m_acked.runs.size()),
          qlonglong(m_acked.tasks.size()), qlonglong(m_acked.files.size()));
}

QTEST_MAIN(tst_Crash)
#include "tst_crash.moc"
