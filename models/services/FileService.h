#pragma once

#include "domain/Actor.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

namespace cadenio {

class Database;

// A file attached to a run task; its bytes live in the storage folder.
struct StoredFile
{
    QString id; // "file_…"
    QString orgId;
    QString runId;
    QString taskId;
    QString name;
    qint64 size = 0;
    QString contentType;
    QString sha256;     // lower-case hex
    QString storageKey; // path under the storage folder: "ab/cdef…" (the SHA-256)
    QDateTime createdAt;
    QString createdBy;
};

// Files attached to run tasks. Content is stored once per SHA-256 under the storage folder
// ("ab/cdef…"): written to a temporary file first and renamed into place only after the row
// committed, so a failed insert leaves no file and a crash leaves no half file under a
// content address. Rows never point to content that was not fully written.
//
// Reading a file needs the run to be reached: another organization's file, or one of a
// template an API key in resource mode SELECTED does not reach, is NOT_FOUND.
class FileService : public QObject
{
    Q_OBJECT
public:
    struct Upload
    {
        QString runId;
        QString taskId;
        QString name;
        QString contentType; // empty: application/octet-stream
        QByteArray content;
    };

    explicit FileService(const Database &database, QObject *parent = nullptr);

    // Default: a "files" folder next to the SQLite file; other engines need one set.
    void setStorageDir(const QString &dir);
    QString storageDir() const;

    // NOT_FOUND for an unknown or unreached run; UNPROCESSABLE ("task_id") for a task not of
    // that run or not a file task, or a bad name; CONFLICT for a COMPLETED or CANCELLED run.
    StoredFile upload(const Actor &actor, const Upload &upload);
    StoredFile meta(const Actor &actor, const QString &id) const;
    // The files attached to the tasks of a run, oldest first. NOT_FOUND for an unknown or
    // unreached run.
    QList<StoredFile> forRun(const Actor &actor, const QString &runId) const;
    // The file's bytes, with its metadata in `file`.
    QByteArray content(const Actor &actor, const QString &id, StoredFile *file) const;

    // For task values of type file: whether `fileId` is a file of `runId` in `orgId`. Takes
    // the caller's connection so it runs inside the caller's transaction.
    static bool belongsToRun(const QSqlDatabase &db, const QString &orgId, const QString &fileId,
                             const QString &runId);

private:
    const Database &m_database;
    QString m_storageDir;
};

} // namespace cadenio
