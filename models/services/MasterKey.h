#pragma once

#include <QByteArray>
#include <QString>

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

    static QString secretName(const QString &instanceId);
    static constexpr int kSecretBytes = 32;

private:
    explicit MasterKey(QByteArray secret);
    QByteArray m_pepper;
};

} // namespace cadenio
