#include "SecretStoreFactory.h"

#include "KeychainSecretStore.h"
#include "store/FileSecretStore.h"
#include "store/MemorySecretStore.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSecrets, "cadenio.secrets")

namespace cadenio::app {

namespace {

std::unique_ptr<SecretStore> keychain(const QString &service)
{
    if (!KeychainSecretStore::isAvailable()) {
        throw SecretStoreError(
            "this store's master secret is kept in the OS keychain, but no Secret Service "
            "answers (start and unlock gnome-keyring or KWallet in this session)");
    }
    return std::make_unique<KeychainSecretStore>(service);
}

std::unique_ptr<SecretStore> atRecordedPlace(const QString &location)
{
    if (location.startsWith(QLatin1String("keychain:")))
        return keychain(location.mid(9));
    if (location.startsWith(QLatin1String("file:")))
        return std::make_unique<FileSecretStore>(location.mid(5));
    if (location == QLatin1String("memory"))
        return std::make_unique<MemorySecretStore>();
    throw SecretStoreError("this store records an unknown place for its master secret: " +
                           location.toStdString());
}

std::unique_ptr<SecretStore> forNewStore(const QString &dataDir)
{
    const QByteArray forced = qgetenv("CADENIO_SECRET_STORE");
    const QString file = QDir(dataDir).filePath(QStringLiteral("secrets.json"));
    if (forced == "memory")
        return std::make_unique<MemorySecretStore>();
    if (forced == "file")
        return std::make_unique<FileSecretStore>(file);
    if (forced == "keychain")
        return keychain(QStringLiteral("Cadenio Console"));
    if (!forced.isEmpty())
        throw SecretStoreError("CADENIO_SECRET_STORE must be keychain, file or memory");

    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") &&
        KeychainSecretStore::isAvailable())
        return std::make_unique<KeychainSecretStore>();
    qCInfo(lcSecrets).noquote() << "No Secret Service available; keeping secrets in" << file
                                << "(readable by this user only).";
    return std::make_unique<FileSecretStore>(file);
}

} // namespace

std::unique_ptr<SecretStore> openSecretStore(const QString &dataDir,
                                             const std::optional<QString> &recorded)
{
    return recorded ? atRecordedPlace(*recorded) : forNewStore(dataDir);
}

} // namespace cadenio::app
