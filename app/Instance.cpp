#include "Instance.h"

#include "SecretStoreFactory.h"
#include "services/InstanceSecret.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/SecretStore.h"
#include "store/StoreError.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace cadenio::app {

QString Instance::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

std::unique_ptr<Instance> Instance::open(const StoreOptions &options)
{
    std::unique_ptr<Instance> instance(new Instance);
    instance->m_dataDir =
        QDir(options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir).absolutePath();

    QString error;
    const QString urlText =
        options.database.isEmpty()
            ? QStringLiteral("sqlite:") +
                  QDir(instance->m_dataDir).filePath(QStringLiteral("cadenio.db"))
            : options.database;
    const auto url = DatabaseUrl::parse(urlText, &error);
    if (!url)
        throw UsageError(QStringLiteral("--database: ") + error);

    if (!QDir().mkpath(instance->m_dataDir))
        throw StartupError(
            QStringLiteral("cannot create the data folder %1").arg(instance->m_dataDir));
    // Probe by writing: permission bits alone do not tell (root, ACLs, read-only mounts).
    QTemporaryFile probe(QDir(instance->m_dataDir).filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open())
        throw StartupError(
            QStringLiteral("the data folder %1 is not writable").arg(instance->m_dataDir));
    probe.close();

    try {
        instance->m_database = std::make_unique<Database>(*url);
        instance->m_database->open();
        instance->m_secrets =
            openSecretStore(instance->m_dataDir, recordedSecretLocation(*instance->m_database));
        instance->m_services =
            std::make_unique<Services>(*instance->m_database, *instance->m_secrets);
        // Uploaded files live beside the data, whatever the database engine.
        instance->m_services->files().setStorageDir(
            QDir(instance->m_dataDir).filePath(QStringLiteral("files")));
    } catch (const StoreError &e) {
        throw StartupError(e.message());
    } catch (const SecretStoreError &e) {
        throw StartupError(QString::fromStdString(e.what()));
    }
    return instance;
}

Instance::~Instance()
{
    m_services.reset();
    m_database.reset();
}

QString Instance::secretStoreDescription() const
{
    return m_secrets->description();
}

} // namespace cadenio::app
