#include "FileService.h"

#include "AuditLog.h"
#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "ResourceReach.h"
#include "store/Database.h"
#include "store/RunRepository.h"
#include "store/SqlQuery.h"
#include "store/TemplateRepository.h"
#include "store/Transaction.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QScopeGuard>
#include <QTemporaryFile>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcFiles, "cadenio.files")

namespace cadenio {

namespace {
constexpr int kMaxNameLength = 255;

const QString kColumns = QStringLiteral("id, org_id, run_id, task_id, name, size, content_type, "
                                        "sha256, storage_key, created_at, created_by");

StoredFile readFile(const SqlQuery &q)
{
    StoredFile file;
    file.id = q.text(0);
    file.orgId = q.text(1);
    file.runId = q.text(2);
    file.taskId = q.text(3);
    file.name = q.text(4);
    file.size = q.integer(5);
    file.contentType = q.text(6);
    file.sha256 = q.text(7);
    file.storageKey = q.text(8);
    file.createdAt = timestamps::fromStored(q.integer(9));
    file.createdBy = q.text(10);
    return file;
}

// The name is echoed in Content-Disposition and shown in the console: control characters
// would let it forge headers or hide its extension, so they are refused outright.
void checkName(const QString &name)
{
    const QString field = QStringLiteral("file");
    if (name.trimmed().isEmpty())
        throw Error::invalid(field, QStringLiteral("The part 'file' needs a file name."));
    if (name.size() > kMaxNameLength)
        throw Error::unprocessable(
            field, QStringLiteral("The file name exceeds %1 characters.").arg(kMaxNameLength));
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        throw Error::unprocessable(field, QStringLiteral("'%1' is not a file name.").arg(name));
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            throw Error::unprocessable(
                field, QStringLiteral("The file name contains control characters."));
    }
}

void checkContentType(const QString &type)
{
    // type "/" subtype, optional parameters; anything with CR/LF would split headers.
    const QString field = QStringLiteral("file");
    const QString media = type.section(QLatin1Char(';'), 0, 0).trimmed();
    const bool printable = std::all_of(type.begin(), type.end(), [](QChar c) {
        return c.unicode() >= 0x20 && c.unicode() < 0x7f;
    });
    if (!printable || media.count(QLatin1Char('/')) != 1 || media.startsWith(QLatin1Char('/')) ||
        media.endsWith(QLatin1Char('/')) || type.size() > 255)
        throw Error::invalid(field, QStringLiteral("The part 'file' has an invalid Content-Type."));
}
} // namespace

FileService::FileService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

void FileService::setStorageDir(const QString &dir)
{
    m_storageDir = dir;
}

QString FileService::storageDir() const
{
    if (!m_storageDir.isEmpty())
        return m_storageDir;
    const DatabaseUrl &url = m_database.url();
    if (url.engine() == DatabaseUrl::Engine::Sqlite && !url.sqlitePath().isEmpty())
        return QFileInfo(url.sqlitePath()).absoluteDir().filePath(QStringLiteral("files"));
    return {};
}

StoredFile FileService::upload(const Actor &actor, const Upload &upload)
{
    // API keys carry no role; their scope was checked at the route.
    if (actor.type == Actor::Type::User && !actor.hasRole(Roles::writers()))
        throw Error::forbidden(QStringLiteral("Your role may read files but not upload them."));
    checkName(upload.name);
    const QString contentType = upload.contentType.isEmpty()
                                    ? QStringLiteral("application/octet-stream")
                                    : upload.contentType;
    checkContentType(contentType);

    const QString root = storageDir();
    if (root.isEmpty() || !QDir().mkpath(root))
        throw Error(Error::Code::Internal, QStringLiteral("No file storage folder is available."));

    const QString sha = QString::fromLatin1(
        QCryptographicHash::hash(upload.content, QCryptographicHash::Sha256).toHex());
    StoredFile file;
    file.id = ids::generate(u"file_");
    file.orgId = actor.orgId;
    file.runId = upload.runId;
    file.taskId = upload.taskId;
    file.name = upload.name;
    file.size = upload.content.size();
    file.contentType = contentType;
    file.sha256 = sha;
    file.storageKey = sha.left(2) + QLatin1Char('/') + sha.mid(2);
    file.createdAt = timestamps::now();
    file.createdBy = actor.id;

    // The bytes go to a temporary file in the storage folder (same file system, so the
    // rename below is atomic); it disappears with this scope unless renamed into place.
    QTemporaryFile temp(QDir(root).filePath(QStringLiteral(".upload-XXXXXX")));
    // Durable before the row that names it commits (synchronous=FULL makes the row durable).
    if (!temp.open() || temp.write(upload.content) != upload.content.size() || !temp.flush() ||
        ::fsync(temp.handle()) != 0)
        throw Error(Error::Code::Internal, QStringLiteral("The file could not be stored."));
    temp.close();

    // The content goes into place before its row commits: a crash in between leaves bytes
    // no row names (harmless, and found again by the next upload of the same content),
    // never a row without its bytes. Same content is stored once: when the address is
    // taken, the bytes there are these bytes. Placing, committing and taking back a refused
    // upload's bytes are one step per process, so no upload removes bytes another's row
    // has just come to name.
    static QMutex placement;
    QMutexLocker placing(&placement);
    const QString target = QDir(root).filePath(file.storageKey);
    bool placed = false;
    if (!QFileInfo::exists(target)) {
        QDir().mkpath(QFileInfo(target).absolutePath());
        const bool moved = temp.rename(target);
        if (!moved && !QFileInfo::exists(target)) {
            qCWarning(lcFiles) << "could not move" << temp.fileName() << "to" << target << ":"
                               << temp.errorString();
            throw Error(Error::Code::Internal, QStringLiteral("The file could not be stored."));
        }
        // A rename that lost a race for the address leaves the temporary file to be removed.
        if (moved)
            temp.setAutoRemove(false);
        placed = moved;
    }
    auto takeBack = qScopeGuard([&] {
        if (placed)
            QFile::remove(target);
    });

    {
        Transaction tx(m_database);
        const QSqlDatabase &db = tx.db();
        const auto run = RunRepository(db).find(actor.orgId, upload.runId, true);
        if (!run)
            throw Error::notFound(QStringLiteral("run"));
        requireReach(db, actor, run->templateId, QStringLiteral("run"));
        const auto task = std::find_if(run->tasks.begin(), run->tasks.end(),
                                       [&](const Task &t) { return t.id == upload.taskId; });
        if (task == run->tasks.end())
            throw Error::unprocessable(
                QStringLiteral("task_id"),
                QStringLiteral("'task_id' is not a task of run %1.").arg(run->id));
        if (task->field.type != FieldSpec::Type::File)
            throw Error::unprocessable(
                QStringLiteral("task_id"),
                QStringLiteral("Task %1 does not take files (its field is %2).")
                    .arg(task->id, FieldSpec::typeName(task->field.type)));
        if (run->isClosed())
            throw Error::conflict(QStringLiteral("Run %1 is %2; files can no longer be attached.")
                                      .arg(run->id, runStatusName(run->status)));
        SqlQuery(db, QStringLiteral("INSERT INTO files (%1) VALUES (:id, :org, :run, :task, "
                                    ":name, :size, :type, :sha, :key, :at, :by)")
                         .arg(kColumns))
            .bind(QStringLiteral(":id"), file.id)
            .bind(QStringLiteral(":org"), file.orgId)
            .bind(QStringLiteral(":run"), file.runId)
            .bind(QStringLiteral(":task"), file.taskId)
            .bind(QStringLiteral(":name"), file.name)
            .bind(QStringLiteral(":size"), file.size)
            .bind(QStringLiteral(":type"), file.contentType)
            .bind(QStringLiteral(":sha"), file.sha256)
            .bind(QStringLiteral(":key"), file.storageKey)
            .bind(QStringLiteral(":at"), timestamps::toStored(file.createdAt))
            .bind(QStringLiteral(":by"), file.createdBy)
            .exec();
        // Attached evidence is part of the run's record: who added which bytes, and when.
        const QJsonObject attached{{QStringLiteral("name"), file.name},
                                   {QStringLiteral("size"), file.size},
                                   {QStringLiteral("sha256"), file.sha256}};
        AuditLog::append(db, run->id, actor, QStringLiteral("file.attached"),
                         {{QStringLiteral("tasks.%1.files.%2").arg(task->id, file.id),
                           AuditLog::change(QJsonValue(), attached)}},
                         file.createdAt);
        tx.commit();
    }
    takeBack.dismiss();
    return file;
}

StoredFile FileService::meta(const Actor &actor, const QString &id) const
{
    const QSqlDatabase db = m_database.connection();
    SqlQuery q(
        db, QStringLiteral("SELECT %1 FROM files WHERE org_id = :org AND id = :id").arg(kColumns));
    q.bind(QStringLiteral(":org"), actor.orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        throw Error::notFound(QStringLiteral("file"));
    StoredFile file = readFile(q);
    if (actor.resources) {
        const auto run = RunRepository(db).find(actor.orgId, file.runId);
        if (!run)
            throw Error::notFound(QStringLiteral("file"));
        requireReach(db, actor, run->templateId, QStringLiteral("file"));
    }
    return file;
}

QList<StoredFile> FileService::forRun(const Actor &actor, const QString &runId) const
{
    const QSqlDatabase db = m_database.connection();
    const auto run = RunRepository(db).find(actor.orgId, runId);
    if (!run)
        throw Error::notFound(QStringLiteral("run"));
    requireReach(db, actor, run->templateId, QStringLiteral("run"));
    // Served by files_org_run.
    SqlQuery q(db, QStringLiteral("SELECT %1 FROM files WHERE org_id = :org AND run_id = :run "
                                  "ORDER BY created_at, id")
                       .arg(kColumns));
    q.bind(QStringLiteral(":org"), actor.orgId).bind(QStringLiteral(":run"), runId).exec();
    QList<StoredFile> files;
    while (q.next())
        files.append(readFile(q));
    return files;
}

QByteArray FileService::content(const Actor &actor, const QString &id, StoredFile *file) const
{
    const StoredFile found = meta(actor, id);
    QFile stored(QDir(storageDir()).filePath(found.storageKey));
    if (!stored.open(QIODevice::ReadOnly))
        throw Error(Error::Code::Internal,
                    QStringLiteral("The content of file %1 is missing from storage.").arg(id));
    if (file)
        *file = found;
    return stored.readAll();
}

bool FileService::belongsToRun(const QSqlDatabase &db, const QString &orgId, const QString &fileId,
                               const QString &runId)
{
    SqlQuery q(db, QStringLiteral("SELECT 1 FROM files WHERE org_id = :org AND id = :id AND "
                                  "run_id = :run"));
    q.bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":id"), fileId)
        .bind(QStringLiteral(":run"), runId)
        .exec();
    return q.next();
}

} // namespace cadenio
