#pragma once

#include <QString>

#include <stdexcept>

namespace cadenio {

// A failure of the storage layer itself (I/O, a broken file, an unreachable server), as
// opposed to a rule of the domain. Front doors report it without internal details.
class StoreError : public std::runtime_error
{
public:
    explicit StoreError(const QString &message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {}
    const QString &message() const { return m_message; }

private:
    QString m_message;
};

} // namespace cadenio
