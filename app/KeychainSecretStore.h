#pragma once

#include "store/SecretStore.h"

namespace cadenio::app {

// Secrets in the OS keychain through QtKeychain (the Secret Service on Linux). QtKeychain
// is asynchronous; each call here waits for its job, which takes milliseconds.
class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("Cadenio Console"));

    std::optional<QByteArray> read(const QString &name) override;
    void write(const QString &name, const QByteArray &secret) override;
    void remove(const QString &name) override;
    QString description() const override;
    QString location() const override { return QStringLiteral("keychain:") + m_service; }

    // Whether a keychain backend answers at all on this machine.
    static bool isAvailable();

private:
    QString m_service;
};

} // namespace cadenio::app
