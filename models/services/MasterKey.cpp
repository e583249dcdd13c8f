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
    , m_boxKey(derive(secret, "cadenio secretbox v1"))
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

QString MasterKey::seal(const QByteArray &plain) const
{
    static_assert(crypto_secretbox_KEYBYTES == 32, "the derived key is a SHA-256 HMAC");
    crypto::ensureInitialized();
    QByteArray out(qsizetype(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) +
                       plain.size(),
                   Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(out.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char *>(plain.constData()),
                          quint64(plain.size()), nonce,
                          reinterpret_cast<const unsigned char *>(m_boxKey.constData()));
    return QString::fromLatin1(out.toBase64());
}

std::optional<QByteArray> MasterKey::open(const QString &sealed) const
{
    crypto::ensureInitialized();
    const auto decoded =
        QByteArray::fromBase64Encoding(sealed.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (!decoded || decoded.decoded.size() < overhead)
        return std::nullopt;
    const QByteArray &box = decoded.decoded;
    QByteArray plain(box.size() - overhead, Qt::Uninitialized);
    const auto *nonce = reinterpret_cast<const unsigned char *>(box.constData());
    if (crypto_secretbox_open_easy(
            reinterpret_cast<unsigned char *>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
            quint64(box.size() - qsizetype(crypto_secretbox_NONCEBYTES)), nonce,
            reinterpret_cast<const unsigned char *>(m_boxKey.constData())) != 0)
        return std::nullopt;
    return plain;
}

} // namespace cadenio
