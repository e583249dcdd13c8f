#include "KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTimer>

namespace cadenio::app {

namespace {
constexpr int kTimeoutMs = 10000;

// Returns false when the keychain did not answer in time (a locked or hung daemon).
bool run(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(kTimeoutMs, &loop, [&loop] { loop.exit(1); });
    job.setAutoDelete(false);
    job.start();
    return loop.exec() == 0;
}

[[noreturn]] void fail(const char *what, const QKeychain::Job &job, bool answered)
{
    const std::string why =
        answered ? job.errorString().toStdString() : std::string("no answer in time");
    throw SecretStoreError(std::string("keychain ") + what + " failed: " + why);
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{}

std::optional<QByteArray> KeychainSecretStore::read(const QString &name)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(name);
    const bool answered = run(job);
    if (answered && job.error() == QKeychain::EntryNotFound)
        return std::nullopt;
    if (!answered || job.error() != QKeychain::NoError)
        fail("read", job, answered);
    return job.binaryData();
}

void KeychainSecretStore::write(const QString &name, const QByteArray &secret)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(name);
    job.setBinaryData(secret);
    const bool answered = run(job);
    if (!answered || job.error() != QKeychain::NoError)
        fail("write", job, answered);
}

void KeychainSecretStore::remove(const QString &name)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(name);
    const bool answered = run(job);
    if (!answered || (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound))
        fail("delete", job, answered);
}

QString KeychainSecretStore::description() const
{
    return QStringLiteral("OS keychain (service \"%1\")").arg(m_service);
}

bool KeychainSecretStore::isAvailable()
{
    // QtKeychain 0.13 has no availability query: read an entry that does not exist and
    // see whether a backend answers "not found" rather than failing.
    QKeychain::ReadPasswordJob job(QStringLiteral("Cadenio Console"));
    job.setKey(QStringLiteral("availability-probe"));
    const bool answered = run(job);
    return answered &&
           (job.error() == QKeychain::EntryNotFound || job.error() == QKeychain::NoError);
}

} // namespace cadenio::app
