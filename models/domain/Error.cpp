#include "Error.h"

namespace cadenio {

Error::Error(Code code, QString message, QString field)
    : m_code(code)
    , m_message(std::move(message))
    , m_field(std::move(field))
    , m_what(m_message.toUtf8())
{}

Error Error::invalid(const QString &field, const QString &message)
{
    return Error(Code::InvalidRequest, message, field);
}

Error Error::unprocessable(const QString &field, const QString &message)
{
    return Error(Code::Unprocessable, message, field);
}

Error Error::notFound(const QString &what)
{
    return Error(Code::NotFound, QStringLiteral("No such %1.").arg(what));
}

Error Error::forbidden(const QString &message)
{
    return Error(Code::Forbidden, message);
}

Error Error::conflict(const QString &message, const QString &field)
{
    return Error(Code::Conflict, message, field);
}

Error Error::rateLimited(int retryAfterSeconds)
{
    Error e(Code::RateLimited,
            QStringLiteral("Rate limit exceeded. Retry after %1 seconds.").arg(retryAfterSeconds));
    e.m_retryAfter = retryAfterSeconds;
    return e;
}

QString Error::codeName() const
{
    switch (m_code) {
    case Code::InvalidRequest:
        return QStringLiteral("INVALID_REQUEST");
    case Code::Unauthorized:
        return QStringLiteral("UNAUTHORIZED");
    case Code::KeyExpired:
        return QStringLiteral("KEY_EXPIRED");
    case Code::KeyRevoked:
        return QStringLiteral("KEY_REVOKED");
    case Code::MissingScope:
        return QStringLiteral("MISSING_SCOPE");
    case Code::PlanRequired:
        return QStringLiteral("PLAN_REQUIRED");
    case Code::Forbidden:
        return QStringLiteral("FORBIDDEN");
    case Code::NotFound:
        return QStringLiteral("NOT_FOUND");
    case Code::MethodNotAllowed:
        return QStringLiteral("METHOD_NOT_ALLOWED");
    case Code::Conflict:
        return QStringLiteral("CONFLICT");
    case Code::PayloadTooLarge:
        return QStringLiteral("PAYLOAD_TOO_LARGE");
    case Code::Unprocessable:
        return QStringLiteral("UNPROCESSABLE");
    case Code::RateLimited:
        return QStringLiteral("RATE_LIMITED");
    case Code::Internal:
        return QStringLiteral("INTERNAL_ERROR");
    }
    return QStringLiteral("INTERNAL_ERROR");
}

Error &Error::withDetail(const QString &key, const QJsonValue &value)
{
    m_details.insert(key, value);
    return *this;
}

const char *Error::what() const noexcept
{
    return m_what.constData();
}

} // namespace cadenio
