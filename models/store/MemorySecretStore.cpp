#include "MemorySecretStore.h"

namespace cadenio {

std::optional<QByteArray> MemorySecretStore::read(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_secrets.constFind(name);
    if (it == m_secrets.cend())
        return std::nullopt;
    return *it;
}

void MemorySecretStore::write(const QString &name, const QByteArray &secret)
{
    QMutexLocker lock(&m_mutex);
    m_secrets.insert(name, secret);
}

void MemorySecretStore::remove(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    m_secrets.remove(name);
}

} // namespace cadenio
