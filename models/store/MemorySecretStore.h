#pragma once

#include "SecretStore.h"

#include <QHash>
#include <QMutex>

namespace cadenio {

class MemorySecretStore final : public SecretStore
{
public:
    std::optional<QByteArray> read(const QString &name) override;
    void write(const QString &name, const QByteArray &secret) override;
    void remove(const QString &name) override;
    QString description() const override { return QStringLiteral("memory"); }
    QString location() const override { return QStringLiteral("memory"); }

private:
    QMutex m_mutex;
    QHash<QString, QByteArray> m_secrets;
};

} // namespace cadenio
