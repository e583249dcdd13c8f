#pragma once

#include <QJsonObject>
#include <QString>

#include <exception>

namespace cadenio {

// The one error type of the domain. Services throw it; each front door (HTTP, GUI)
// turns it into its own presentation. Codes are the stable strings API clients see.
class Error : public std::exception
{
public:
    enum class Code
    {
        InvalidRequest,
        Unauthorized,
        KeyExpired,
        KeyRevoked,
        MissingScope,
        PlanRequired,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PayloadTooLarge,
        Unprocessable,
        RateLimited,
        Internal,
    };

    Error(Code code, QString message, QString field = {});

    static Error invalid(const QString &field, const QString &message);
    static Error unprocessable(const QString &field, const QString &message);
    static Error notFound(const QString &what);
    static Error forbidden(const QString &message);
    static Error conflict(const QString &message, const QString &field = {});
    static Error rateLimited(int retryAfterSeconds);

    Code code() const { return m_code; }
    QString codeName() const;
    const QString &message() const { return m_message; }
    const QString &field() const { return m_field; }

    // Extra members of the JSON error body, e.g. "required_scope".
    const QJsonObject &details() const { return m_details; }
    Error &withDetail(const QString &key, const QJsonValue &value);

    int retryAfterSeconds() const { return m_retryAfter; }

    const char *what() const noexcept override;

private:
    Code m_code;
    QString m_message;
    QString m_field;
    QJsonObject m_details;
    int m_retryAfter = 0;
    QByteArray m_what;
};

} // namespace cadenio
