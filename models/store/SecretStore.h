#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <stdexcept>

namespace cadenio {

class SecretStoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Where the instance keeps what must never sit in the database in clear: its master
// secret, and on request a newly created key. Real: the OS keychain (app/); headless: a
// 0600 file; tests: memory.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    virtual std::optional<QByteArray> read(const QString &name) = 0;
    virtual void write(const QString &name, const QByteArray &secret) = 0;
    virtual void remove(const QString &name) = 0;
    // For the log: where secrets go ("OS keychain", "file /…/secrets.json").
    virtual QString description() const = 0;
    // Stable name of this place ("keychain:<service>", "file:<path>", "memory"), recorded
    // in the store so every process on it opens the same place.
    virtual QString location() const = 0;
};

} // namespace cadenio
