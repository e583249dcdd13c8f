#pragma once

#include "CommandLine.h"

#include <memory>
#include <stdexcept>

namespace cadenio {
class Database;
class SecretStore;
class Services;
} // namespace cadenio

namespace cadenio::app {

// A failure while starting: one line for stderr, exit code 1.
class StartupError : public std::runtime_error
{
public:
    explicit StartupError(const QString &message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {}
    const QString &message() const { return m_message; }

private:
    QString m_message;
};

// One opened store with its secrets and services: what every command works on.
class Instance
{
public:
    // Resolves the data dir and URL, opens and migrates the store, loads the master
    // secret. Throws UsageError (bad URL) or StartupError (anything at run time).
    static std::unique_ptr<Instance> open(const StoreOptions &options);
    ~Instance();

    Database &database() { return *m_database; }
    Services &services() { return *m_services; }
    const QString &dataDir() const { return m_dataDir; }
    QString secretStoreDescription() const;

    static QString defaultDataDir();

private:
    Instance() = default;

    QString m_dataDir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<Services> m_services;
};

} // namespace cadenio::app
