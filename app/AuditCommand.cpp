#include "Commands.h"
#include "domain/Timestamps.h"
#include "Instance.h"
#include "services/AuditLog.h"
#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/StoreError.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace cadenio::app {

namespace {

// Opens the store without the instance's secrets: checking evidence must work on a copy of
// the database handed to an auditor, who has no access to the keychain it came from. And
// unlike the other commands it never creates a store: "intact, 0 runs" for a mistyped
// --data-dir would be a false all-clear.
std::unique_ptr<Database> openStore(const StoreOptions &options)
{
    const QString dataDir =
        QDir(options.dataDir.isEmpty() ? Instance::defaultDataDir() : options.dataDir)
            .absolutePath();
    const QString urlText =
        options.database.isEmpty()
            ? QStringLiteral("sqlite:") + QDir(dataDir).filePath(QStringLiteral("cadenio.db"))
            : options.database;
    QString error;
    const auto url = DatabaseUrl::parse(urlText, &error);
    if (!url)
        throw UsageError(QStringLiteral("--database: ") + error);
    if (url->engine() == DatabaseUrl::Engine::Sqlite && !QFileInfo::exists(url->sqlitePath()))
        throw StartupError(QStringLiteral("no store at %1 (create one with init)")
                               .arg(QDir::toNativeSeparators(url->sqlitePath())));
    try {
        auto database = std::make_unique<Database>(*url);
        database->open();
        return database;
    } catch (const StoreError &e) {
        throw StartupError(e.message());
    }
}

AuditRepository::Chain chainOf(const Database &database, const QString &runId)
{
    const auto chain = AuditRepository(database.connection()).chain(runId);
    if (!chain)
        throw StartupError(QStringLiteral("no run '%1' in the store").arg(runId));
    return *chain;
}

QString describe(const AuditLog::Break &broken)
{
    if (broken.entryId.isEmpty())
        return QStringLiteral("run %1, truncated at the end (seq %2 and later removed): %3")
            .arg(broken.runId)
            .arg(broken.seq)
            .arg(broken.reason);
    return QStringLiteral("run %1, entry %2 (seq %3): %4")
        .arg(broken.runId, broken.entryId)
        .arg(broken.seq)
        .arg(broken.reason);
}

QString plural(qsizetype count, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
}

QJsonObject entryJson(const AuditEntry &entry)
{
    return {
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("run_id"), entry.runId},
        {QStringLiteral("seq"), entry.seq},
        {QStringLiteral("at"), timestamps::format(entry.at)},
        {QStringLiteral("actor"), QJsonObject{{QStringLiteral("type"), entry.actorType},
                                              {QStringLiteral("id"), entry.actorId}}},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("changes"), entry.changes},
        {QStringLiteral("prev_hash"), entry.prevHash},
        {QStringLiteral("hash"), entry.hash},
    };
}

QByteArray exportJson(const QString &runId, const AuditRepository::Chain &chain,
                      const std::optional<AuditLog::Break> &broken)
{
    QJsonArray entries;
    for (const AuditEntry &entry : chain.entries)
        entries.append(entryJson(entry));
    QJsonValue firstBreak = QJsonValue::Null;
    if (broken) {
        firstBreak = QJsonObject{
            {QStringLiteral("entry_id"),
             broken->entryId.isEmpty() ? QJsonValue(QJsonValue::Null) : broken->entryId},
            {QStringLiteral("seq"), broken->seq},
            {QStringLiteral("reason"), broken->reason},
        };
    }
    const QJsonObject document{
        {QStringLiteral("run_id"), runId},
        {QStringLiteral("exported_at"), timestamps::format(timestamps::now())},
        {QStringLiteral("verified"), !broken},
        {QStringLiteral("first_break"), firstBreak},
        {QStringLiteral("entries"), entries},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. Values are
// written unaltered (no spreadsheet-formula escaping): the export is evidence, and every
// byte must still hash to what the chain says.
QByteArray csvField(const QString &value)
{
    QByteArray bytes = value.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\r') ||
        bytes.contains('\n')) {
        bytes.replace("\"", "\"\"");
        bytes.prepend('"').append('"');
    }
    return bytes;
}

QByteArray exportCsv(const AuditRepository::Chain &chain)
{
    QByteArray csv = "seq,at,actor_type,actor_id,action,changes,prev_hash,hash,id\r\n";
    for (const AuditEntry &entry : chain.entries) {
        const QStringList fields{
            QString::number(entry.seq),
            timestamps::format(entry.at),
            entry.actorType,
            entry.actorId,
            entry.action,
            QString::fromUtf8(QJsonDocument(entry.changes).toJson(QJsonDocument::Compact)),
            entry.prevHash,
            entry.hash,
            entry.id,
        };
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                csv += ',';
            csv += csvField(fields.at(i));
        }
        csv += "\r\n";
    }
    return csv;
}

void writeOut(const QByteArray &bytes, const QString &path)
{
    if (path.isEmpty()) {
        if (fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout) != size_t(bytes.size()) ||
            fflush(stdout) != 0)
            throw StartupError(QStringLiteral("cannot write the export to standard output"));
        return;
    }
    // QSaveFile: a reader never sees half an export, and a failed run leaves any earlier
    // file of that name as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw StartupError(QStringLiteral("cannot write %1: %2")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
}

int verify(const Database &database, const AuditOptions &options)
{
    const QStringList runIds = options.runId.isEmpty()
                                   ? AuditRepository(database.connection()).runIds()
                                   : QStringList{options.runId};
    QTextStream out(stdout);
    qsizetype runs = 0;
    qsizetype entries = 0;
    for (const QString &runId : runIds) {
        const auto chain = AuditRepository(database.connection()).chain(runId);
        if (!chain) {
            // Asked for by name: a typo must not pass as "intact". Listed a moment ago:
            // deleted since, which the next run of verify sees as a missing run row.
            if (!options.runId.isEmpty())
                throw StartupError(QStringLiteral("no run '%1' in the store").arg(runId));
            continue;
        }
        if (const auto broken = AuditLog::verify(runId, chain->head, chain->entries)) {
            out << "Audit trail broken: " << describe(*broken) << '.' << Qt::endl;
            return ExitFailure;
        }
        ++runs;
        entries += chain->entries.size();
    }
    out << "Audit trail intact: " << plural(runs, "run", "runs") << ", "
        << plural(entries, "entry", "entries") << " verified." << Qt::endl;
    return ExitOk;
}

int exportRun(const Database &database, const AuditOptions &options)
{
    // Verified and written from one read, so the file shows exactly what was checked.
    const AuditRepository::Chain chain = chainOf(database, options.runId);
    const auto broken = AuditLog::verify(options.runId, chain.head, chain.entries);
    writeOut(options.format == QLatin1String("csv") ? exportCsv(chain)
                                                    : exportJson(options.runId, chain, broken),
             options.output);
    if (!options.output.isEmpty()) {
        QTextStream(stdout) << "Exported " << plural(chain.entries.size(), "entry", "entries")
                            << " of run " << options.runId << " to "
                            << QDir::toNativeSeparators(options.output) << '.' << Qt::endl;
    }
    if (broken) {
        // stderr: stdout may be the export itself.
        fprintf(stderr, "cadenio-console: audit trail broken: %s\n", qPrintable(describe(*broken)));
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace

int runAudit(const AuditOptions &options)
{
    const std::unique_ptr<Database> database = openStore(options.store);
    try {
        return options.action == AuditOptions::Action::Verify ? verify(*database, options)
                                                              : exportRun(*database, options);
    } catch (const StoreError &e) {
        throw StartupError(e.message());
    }
}

} // namespace cadenio::app
