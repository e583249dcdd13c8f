#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace cadenio {

class SecretStore;

// The instance's master secret, kept in the SecretStore and never in the database. Token
// hashes are keyed with a key derived from it, so a stolen database file alone cannot be
// used to check guessed tokens.
class MasterKey
{
public:
    static MasterKey loadOrCreate(SecretStore &store, const QString &instanceId);
    static MasterKey fromBytes(const QByteArray &secret);

    // Hex HMAC-SHA256 of a bearer token (session or API key) under the pepper.
    QString tokenHash(QStringView token) const;

    // Secrets at rest (webhook signing secrets): libsodium secretbox under a key derived from
    // the master secret, so the database alone does not reveal them. seal() returns base64
    // of nonce ‖ ciphertext; open() returns nullopt when the text was not sealed by this key.
    QString seal(const QByteArray &plain) const;
    std::optional<QByteArray> open(const QString &sealed) const;

    static QString secretName(const QString &instanceId);
    static constexpr int kSecretBytes = 32;

private:
    explicit MasterKey(QByteArray secret);
    QByteArray m_pepper;
    QByteArray m_boxKey;
};

} // namespace cadenio
