#include "Commands.h"
#include "Instance.h"
#include "services/AuditExport.h"
#include "services/AuditLog.h"
#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/StoreError.h"

#include <QDir>
#include <QFileInfo>
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
    AuditExport evidence(
        AuditExport::formatFromName(options.format).value_or(AuditExport::Format::Json),
        options.runId, chainOf(database, options.runId));
    const auto broken = evidence.firstBreak();
    writeOut(evidence.document(), options.output);
    if (!options.output.isEmpty()) {
        QTextStream(stdout) << "Exported " << plural(evidence.entryCount(), "entry", "entries")
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
