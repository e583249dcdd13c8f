#include "FileSecretStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

namespace cadenio {

FileSecretStore::FileSecretStore(QString path)
    : m_path(std::move(path))
{}

QJsonObject FileSecretStore::load() const
{
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        throw SecretStoreError("cannot read the secrets file " + m_path.toStdString());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw SecretStoreError("the secrets file " + m_path.toStdString() + " is damaged");
    return doc.object();
}

void FileSecretStore::save(const QJsonObject &all)
{
    QSaveFile file(m_path);
    // Restrict before any byte is written, so the secret is never readable by others.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        throw SecretStoreError("cannot write the secrets file " + m_path.toStdString());
    }
    file.write(QJsonDocument(all).toJson(QJsonDocument::Indented));
    if (!file.commit())
        throw SecretStoreError("cannot write the secrets file " + m_path.toStdString());
}

std::optional<QByteArray> FileSecretStore::read(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    const QJsonValue value = load().value(name);
    if (!value.isString())
        return std::nullopt;
    return QByteArray::fromBase64(value.toString().toLatin1());
}

void FileSecretStore::write(const QString &name, const QByteArray &secret)
{
    QMutexLocker lock(&m_mutex);
    const auto fileLock = lockAcrossProcesses();
    QJsonObject all = load();
    all.insert(name, QString::fromLatin1(secret.toBase64()));
    save(all);
}

void FileSecretStore::remove(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    const auto fileLock = lockAcrossProcesses();
    QJsonObject all = load();
    all.remove(name);
    save(all);
}

std::unique_ptr<QLockFile> FileSecretStore::lockAcrossProcesses() const
{
    // Read-modify-write of one file by two processes (the console and `serve` on one data
    // folder) would otherwise let the later save drop the other's secret.
    auto lock = std::make_unique<QLockFile>(m_path + QStringLiteral(".lock"));
    if (!lock->tryLock(10000))
        throw SecretStoreError("the secrets file " + m_path.toStdString() +
                               " stays locked by another process");
    return lock;
}

QString FileSecretStore::description() const
{
    return QStringLiteral("file ") + m_path;
}

} // namespace cadenio
