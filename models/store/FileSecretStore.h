#pragma once

#include "SecretStore.h"

#include <QJsonObject>
#include <QMutex>

#include <memory>

class QLockFile;

namespace cadenio {

// Fallback for machines without a Secret Service: a JSON file readable by the owner only.
class FileSecretStore final : public SecretStore
{
public:
    explicit FileSecretStore(QString path);

    std::optional<QByteArray> read(const QString &name) override;
    void write(const QString &name, const QByteArray &secret) override;
    void remove(const QString &name) override;
    QString description() const override;
    QString location() const override { return QStringLiteral("file:") + m_path; }

private:
    QJsonObject load() const;
    void save(const QJsonObject &all);
    std::unique_ptr<QLockFile> lockAcrossProcesses() const;

    QString m_path;
    QMutex m_mutex;
};

} // namespace cadenio
