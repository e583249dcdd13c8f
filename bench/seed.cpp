// bench/seed: a store with N runs for the benchmarks, fast.
//
//   cadenio-bench-seed --data-dir DIR --runs N
//
// The organization, its members, API keys and templates are created through the services,
// exactly as the console would; one prototype run per template is launched and partly
// completed through RunService, so its rows are what the product writes. The N runs are then
// stamped out from the prototypes with SQLite's C API in one transaction: new ids and times,
// the same tasks, and audit entries whose hash chain is recomputed, so `audit verify` passes
// on the result. Hashing runs on a second thread while the first one inserts.
//
// Prints the API keys (one per line, to --keys-file, default DIR/bench-keys.txt) and a line
// of timings. The data dir must not exist yet.

#include "CommandLine.h"
#include "domain/Actor.h"
#include "domain/AuditEntry.h"
#include "domain/Scope.h"
#include "domain/Timestamps.h"
#include "Instance.h"
#include "services/AuditLog.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/SqlQuery.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDriver>

#include <sqlite3.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

using namespace cadenio;

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "cadenio-bench-seed: %s\n", qPrintable(message));
    std::exit(1);
}

// Fixed-width base62 of a counter, so seeded ids look like real ones (prefix + 22
// characters) and sort in insertion order, which keeps every B-tree append-only.
QByteArray sequentialId(const char *prefix, qint64 n)
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray id(22, '0');
    for (int i = 21; i >= 0 && n > 0; --i, n /= 62)
        id[i] = digits[n % 62];
    return prefix + id;
}

// One table's rows of a prototype run, column values as SQLite will store them.
struct Row
{
    QList<std::optional<QByteArray>> text; // nullopt: NULL
};

// One audit entry of a prototype, ready to be stamped out: the columns that never change
// as bytes, and its canonical JSON (what the chain hashes) with the places of the id, the
// run id and the time, which seeded entries overwrite with values of the same width.
// `audit verify` on the seeded store proves the bytes equal AuditLog::canonicalJson.
struct AuditTemplate
{
    static inline const QString kId = QStringLiteral("aud_") + QString(22, QLatin1Char('@'));
    static inline const QString kRun = QStringLiteral("run_") + QString(22, QLatin1Char('@'));
    static constexpr qint64 kAt = 1111111111000;

    explicit AuditTemplate(const AuditEntry &entry)
        : seq(entry.seq)
        , actorType(entry.actorType.toUtf8())
        , actorId(entry.actorId.toUtf8())
        , action(entry.action.toUtf8())
        , changes(QJsonDocument(entry.changes).toJson(QJsonDocument::Compact))
    {
        AuditEntry placeholder = entry;
        placeholder.id = kId;
        placeholder.runId = kRun;
        placeholder.at = timestamps::fromStored(kAt);
        canonical = AuditLog::canonicalJson(placeholder);
        idAt = canonical.indexOf(kId.toLatin1());
        runAt = canonical.indexOf(kRun.toLatin1());
        timeAt = canonical.indexOf(QByteArray::number(kAt));
        if (idAt < 0 || runAt < 0 || timeAt < 0)
            fail(QStringLiteral("unexpected canonical JSON: %1").arg(QString::fromUtf8(canonical)));
    }

    // prev_hash and the entry's JSON, hashed as AuditLog::hashOf does.
    QByteArray hash(const QByteArray &prev, const QByteArray &id, const QByteArray &runId,
                    qint64 at) const
    {
        QByteArray json = canonical;
        json.replace(idAt, id.size(), id);
        json.replace(runAt, runId.size(), runId);
        const QByteArray time = QByteArray::number(at);
        json.replace(timeAt, time.size(), time);
        QCryptographicHash sha(QCryptographicHash::Sha256);
        sha.addData(prev);
        sha.addData(json);
        return sha.result().toHex();
    }

    int seq;
    QByteArray actorType, actorId, action, changes, canonical;
    qsizetype idAt, runAt, timeAt;
};

struct Prototype
{
    QByteArray templateId;
    QByteArray name;
    QList<Row> tasks; // columns as in kTaskInsert
    QList<AuditTemplate> audit;
};

// A seeded audit entry: what differs from its template.
struct SeededEntry
{
    QByteArray id, prev, hash;
    qint64 at = 0;
};

const char *const kRunInsert =
    "INSERT INTO runs (id, org_id, template_id, template_version, name, status, assignee_id, "
    "due_date, created_at, updated_at, completed_at, audit_head) VALUES "
    "(?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const char *const kTaskInsert =
    "INSERT INTO tasks (id, run_id, position, definition_id, name, description, required, field, "
    "condition, visible, status, value, assignee_id, due_date, completed_at, completed_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
const char *const kAuditInsert =
    "INSERT INTO audit_entries (id, run_id, seq, at, actor_type, actor_id, action, changes, "
    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

QList<TaskDefinition> definitionsFor(int templateIndex, const QStringList &assignees)
{
    // 5 to 15 tasks with the field types compliance processes use most.
    static const QStringList kNames = {QStringLiteral("Collect the legal entity name"),
                                       QStringLiteral("Verify the tax ID"),
                                       QStringLiteral("Sanctions screening"),
                                       QStringLiteral("Risk tier"),
                                       QStringLiteral("Bank details confirmed"),
                                       QStringLiteral("Contract value"),
                                       QStringLiteral("Security questionnaire"),
                                       QStringLiteral("Data processing terms"),
                                       QStringLiteral("Review date"),
                                       QStringLiteral("Approver e-mail"),
                                       QStringLiteral("Owner sign-off"),
                                       QStringLiteral("Access list exported"),
                                       QStringLiteral("Exceptions noted"),
                                       QStringLiteral("Evidence link"),
                                       QStringLiteral("Final approval")};
    const int count = 5 + (templateIndex * 4) % 11;
    QList<TaskDefinition> tasks;
    for (int i = 0; i < count; ++i) {
        TaskDefinition t;
        t.name = kNames.at(i % kNames.size());
        switch (i % 5) {
        case 0:
            t.field.type = FieldSpec::Type::Text;
            break;
        case 1:
            t.field.type = FieldSpec::Type::Boolean;
            break;
        case 2:
            t.field.type = FieldSpec::Type::Select;
            t.field.options = {QStringLiteral("low"), QStringLiteral("medium"),
                               QStringLiteral("high")};
            break;
        case 3:
            t.field.type = FieldSpec::Type::Number;
            break;
        default:
            t.field.type = FieldSpec::Type::LongText;
            t.required = false;
        }
        if (i % 3 == 0)
            t.assigneeId = assignees.at(i % assignees.size());
        if (i % 4 == 1)
            t.dueOffsetHours = 24 * (i + 1);
        tasks.append(t);
    }
    return tasks;
}

QJsonValue sampleValue(FieldSpec::Type type)
{
    switch (type) {
    case FieldSpec::Type::Boolean:
        return true;
    case FieldSpec::Type::Select:
        return QStringLiteral("medium");
    case FieldSpec::Type::Number:
        return 125000;
    default:
        return QStringLiteral("Checked against the registry extract of 2026-03-02");
    }
}

std::optional<QByteArray> columnText(const SqlQuery &q, int column)
{
    const QVariant v = q.value(column);
    if (v.isNull())
        return std::nullopt;
    return v.toString().toUtf8();
}

// One seeded run, everything bound as text or integer by the inserting thread.
struct SeededRun
{
    QByteArray id;
    const Prototype *prototype = nullptr;
    QByteArray status;
    QByteArray assignee;
    qint64 createdAt = 0;
    std::optional<qint64> dueDate;
    std::optional<qint64> completedAt;
    QList<SeededEntry> audit; // in the order of prototype->audit, chain recomputed
};

// A bounded hand-over between the hashing thread and the inserting one.
class Batches
{
public:
    void push(std::vector<SeededRun> batch)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [this] { return m_queue.size() < 4; });
        m_queue.push_back(std::move(batch));
        m_notEmpty.notify_one();
    }
    // Empty at the end.
    std::vector<SeededRun> pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [this] { return !m_queue.empty(); });
        std::vector<SeededRun> batch = std::move(m_queue.front());
        m_queue.pop_front();
        m_notFull.notify_one();
        return batch;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notFull, m_notEmpty;
    std::deque<std::vector<SeededRun>> m_queue;
};

class Statement
{
public:
    Statement(sqlite3 *db, const char *sql)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr) != SQLITE_OK)
            fail(QString::fromUtf8(sqlite3_errmsg(db)));
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement &text(int i, const QByteArray &value)
    {
        sqlite3_bind_text(m_statement, i, value.constData(), int(value.size()), SQLITE_STATIC);
        return *this;
    }
    Statement &text(int i, const std::optional<QByteArray> &value)
    {
        if (value)
            return text(i, *value);
        sqlite3_bind_null(m_statement, i);
        return *this;
    }
    Statement &integer(int i, std::optional<qint64> value)
    {
        if (value)
            sqlite3_bind_int64(m_statement, i, *value);
        else
            sqlite3_bind_null(m_statement, i);
        return *this;
    }
    void step()
    {
        if (sqlite3_step(m_statement) != SQLITE_DONE)
            fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
        sqlite3_reset(m_statement);
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
};

void exec(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK)
        fail(QString::fromUtf8(error));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cadenio-bench-seed"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fills a new store with N runs."));
    parser.addHelpOption();
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"), QStringLiteral("the store to create"), QStringLiteral("DIR"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("how many runs"),
                                        QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption keysOption(QStringLiteral("keys-file"),
                                        QStringLiteral("where to write the API keys"),
                                        QStringLiteral("FILE"));
    parser.addOptions({dataDirOption, runsOption, keysOption});
    parser.process(app);
    bool ok = false;
    const qint64 runCount = parser.value(runsOption).toLongLong(&ok);
    if (!parser.isSet(dataDirOption) || !ok || runCount < 1)
        fail(QStringLiteral("usage: cadenio-bench-seed --data-dir DIR --runs N"));
    const QString dataDir = parser.value(dataDirOption);
    if (QDir(dataDir).exists())
        fail(QStringLiteral("%1 exists; give a new folder").arg(dataDir));
    const QString keysFile = parser.isSet(keysOption)
                                 ? parser.value(keysOption)
                                 : QDir(dataDir).filePath(QStringLiteral("bench-keys.txt"));

    QElapsedTimer total;
    total.start();
    // The file secret store, so a later `serve` on this data dir finds the master secret.
    qputenv("CADENIO_SECRET_STORE", "file");
    auto instance = app::Instance::open({dataDir, {}});
    Services &services = instance->services();
    const auto setup = services.setup().initialize(
        {QStringLiteral("Benchmark Inc."), Plan::Enterprise, QStringLiteral("owner@bench.test"),
         QStringLiteral("Bea Owner"), QStringLiteral("benchmark owner password")});
    const Actor owner = Actor::user(setup.owner.id, setup.org.id, Role::Owner);

    QStringList assignees{setup.owner.id};
    for (int i = 1; i <= 4; ++i)
        assignees << services.users()
                         .create(owner, {QStringLiteral("member%1@bench.test").arg(i),
                                         QStringLiteral("Member %1").arg(i), Role::Member,
                                         QStringLiteral("benchmark member password")})
                         .id;

    QFile keys(keysFile);
    if (!keys.open(QIODevice::WriteOnly | QIODevice::Truncate))
        fail(QStringLiteral("cannot write %1").arg(keysFile));
    const QStringList allScopes = scopes::all();
    for (int i = 1; i <= 4; ++i) {
        const NewApiKey key = services.keys().create(
            owner,
            {QStringLiteral("Benchmark key %1").arg(i), allScopes, ResourceMode::All, {}, {}, {}});
        keys.write(key.plainKey.toUtf8() + '\n');
    }
    keys.close();

    // Prototypes: one real run per template, a third of its tasks completed.
    static const QStringList kTemplates = {
        QStringLiteral("Vendor onboarding"),     QStringLiteral("Quarterly access review"),
        QStringLiteral("Incident post-mortem"),  QStringLiteral("Policy attestation"),
        QStringLiteral("Change approval"),       QStringLiteral("Employee offboarding"),
        QStringLiteral("Data retention review"), QStringLiteral("Supplier audit")};
    QList<Prototype> prototypes;
    for (int t = 0; t < kTemplates.size(); ++t) {
        const Template tmpl =
            services.templates().createTemplate(owner, {kTemplates.at(t),
                                                        QStringLiteral("Seeded for benchmarks."),
                                                        {},
                                                        definitionsFor(t, assignees)});
        services.templates().publish(owner, tmpl.id);
        RunService::LaunchRequest launch;
        launch.templateId = tmpl.id;
        launch.assigneeId = assignees.at(t % assignees.size());
        const Run run = services.runs().launch(owner, launch);
        for (qsizetype i = 0; i < run.tasks.size(); i += 3) {
            RunService::TaskChanges change;
            change.status = TaskStatus::Completed;
            change.value = sampleValue(run.tasks.at(i).field.type);
            services.runs().updateTask(owner, run.id, run.tasks.at(i).id, change);
        }
        Prototype p;
        p.templateId = tmpl.id.toUtf8();
        p.name = kTemplates.at(t).toUtf8();
        SqlQuery q(instance->database().connection(),
                   QStringLiteral("SELECT id, run_id, position, definition_id, name, description, "
                                  "required, field, condition, visible, status, value, "
                                  "assignee_id, due_date, completed_at, completed_by FROM tasks "
                                  "WHERE run_id = :run ORDER BY position"));
        q.bind(QStringLiteral(":run"), run.id).exec();
        while (q.next()) {
            Row row;
            for (int c = 0; c < 16; ++c)
                row.text.append(columnText(q, c));
            p.tasks.append(row);
        }
        for (const AuditEntry &entry : AuditLog::entries(instance->database().connection(), run.id))
            p.audit.append(AuditTemplate(entry));
        prototypes.append(p);
    }
    const qint64 setupMs = total.elapsed();

    // Stamped-out runs: created a minute apart, ending now; statuses in realistic shares.
    const qint64 now = timestamps::toStored(QDateTime::currentDateTimeUtc()) / 1000 * 1000;
    const qint64 first = now - runCount * 60'000;
    Batches batches;
    std::thread producer([&] {
        constexpr qint64 kBatch = 5000;
        for (qint64 start = 1; start <= runCount; start += kBatch) {
            std::vector<SeededRun> batch;
            for (qint64 n = start; n < start + kBatch && n <= runCount; ++n) {
                SeededRun r;
                r.id = sequentialId("run_", n);
                r.prototype = &prototypes.at(n % prototypes.size());
                r.createdAt = first + n * 60'000;
                r.assignee = assignees.at(n % assignees.size()).toUtf8();
                const int share = int(n % 20);
                r.status = share < 12   ? "IN_PROGRESS"
                           : share < 14 ? "OVERDUE"
                           : share < 19 ? "COMPLETED"
                                        : "CANCELLED";
                if (n % 3 != 0)
                    r.dueDate =
                        r.createdAt + (share < 14 && share >= 12 ? 3'600'000 : 30LL * 86'400'000);
                if (r.status == "COMPLETED")
                    r.completedAt = r.createdAt + 3'600'000;
                QByteArray prev = AuditLog::kGenesis.toLatin1();
                for (const AuditTemplate &entry : r.prototype->audit) {
                    SeededEntry e;
                    e.id = sequentialId("aud_", n * 64 + entry.seq);
                    e.at = r.createdAt + entry.seq * 1000;
                    e.prev = prev;
                    e.hash = entry.hash(prev, e.id, r.id, e.at);
                    prev = e.hash;
                    r.audit.append(e);
                }
                batch.push_back(std::move(r));
            }
            batches.push(std::move(batch));
        }
        batches.push({});
    });

    // The Qt connection's own sqlite3 handle: one writer, no second connection to wait on.
    const QSqlDatabase qtDb = instance->database().connection();
    sqlite3 *db = *static_cast<sqlite3 *const *>(qtDb.driver()->handle().data());
    exec(db, "PRAGMA synchronous = OFF");
    exec(db, "PRAGMA cache_size = -262144");
    exec(db, "BEGIN IMMEDIATE");
    {
        Statement runInsert(db, kRunInsert), taskInsert(db, kTaskInsert),
            auditInsert(db, kAuditInsert);
        const QByteArray orgId = setup.org.id.toUtf8();
        qint64 taskSerial = 0;
        for (;;) {
            const std::vector<SeededRun> batch = batches.pop();
            if (batch.empty())
                break;
            for (const SeededRun &r : batch) {
                const QByteArray head =
                    r.audit.isEmpty() ? AuditLog::kGenesis.toLatin1() : r.audit.last().hash;
                const QByteArray name = r.prototype->name + " — " + r.id.right(6);
                runInsert.text(1, r.id)
                    .text(2, orgId)
                    .text(3, r.prototype->templateId)
                    .text(4, name)
                    .text(5, r.status)
                    .text(6, r.assignee)
                    .integer(7, r.dueDate)
                    .integer(8, r.createdAt)
                    .integer(9, r.completedAt.value_or(r.createdAt))
                    .integer(10, r.completedAt)
                    .text(11, head)
                    .step();
                for (const Row &task : r.prototype->tasks) {
                    const QByteArray taskId = sequentialId("task_", ++taskSerial);
                    taskInsert.text(1, taskId).text(2, r.id);
                    for (int c = 2; c < 16; ++c)
                        taskInsert.text(c + 1, task.text.at(c));
                    taskInsert.step();
                }
                for (qsizetype i = 0; i < r.audit.size(); ++i) {
                    const AuditTemplate &entry = r.prototype->audit.at(i);
                    const SeededEntry &e = r.audit.at(i);
                    auditInsert.text(1, e.id)
                        .text(2, r.id)
                        .integer(3, entry.seq)
                        .integer(4, e.at)
                        .text(5, entry.actorType)
                        .text(6, entry.actorId)
                        .text(7, entry.action)
                        .text(8, entry.changes)
                        .text(9, e.prev)
                        .text(10, e.hash)
                        .step();
                }
            }
        }
    }
    exec(db, "COMMIT");
    producer.join();
    exec(db, "PRAGMA synchronous = FULL");
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    // No ANALYZE: stores in use have no planner statistics either, and statistics taken
    // here would go stale when a later migration adds an index.

    std::printf("seeded %lld runs in %s: setup %.1f s, total %.1f s; API keys in %s\n",
                static_cast<long long>(runCount), qPrintable(dataDir), setupMs / 1000.0,
                total.elapsed() / 1000.0, qPrintable(keysFile));
    return 0;
}
