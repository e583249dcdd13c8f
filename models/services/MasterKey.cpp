#include "MasterKey.h"

#include "domain/Crypto.h"
#include "store/SecretStore.h"

#include <QMessageAuthenticationCode>

#include <sodium.h>

namespace cadenio {

namespace {
QByteArray derive(const QByteArray &secret, const char *purpose)
{
    return QMessageAuthenticationCode::hash(QByteArray(purpose), secret,
                                            QCryptographicHash::Sha256);
}
} // namespace

MasterKey::MasterKey(QByteArray secret)
    : m_pepper(derive(secret, "cadenio token pepper v1"))
{}

MasterKey MasterKey::fromBytes(const QByteArray &secret)
{
    return MasterKey(secret);
}

QString MasterKey::secretName(const QString &instanceId)
{
    return QStringLiteral("instance/%1/master-secret").arg(instanceId);
}

MasterKey MasterKey::loadOrCreate(SecretStore &store, const QString &instanceId)
{
    const QString name = secretName(instanceId);
    if (const auto existing = store.read(name); existing && existing->size() == kSecretBytes)
        return MasterKey(*existing);
    crypto::ensureInitialized();
    QByteArray secret(kSecretBytes, Qt::Uninitialized);
    randombytes_buf(secret.data(), size_t(secret.size()));
    store.write(name, secret);
    return MasterKey(secret);
}

QString MasterKey::tokenHash(QStringView token) const
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(token.toUtf8(), m_pepper, QCryptographicHash::Sha256)
            .toHex());
}

} // namespace cadenio
