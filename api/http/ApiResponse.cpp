#include "ApiResponse.h"

#include "domain/Error.h"

#include <QJsonDocument>

namespace cadenio::api {

ApiResponse ApiResponse::json(int status, const QJsonObject &body)
{
    return raw(status, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
}

ApiResponse ApiResponse::noContent()
{
    return raw(204, {}, {});
}

ApiResponse ApiResponse::raw(int status, QByteArray body, QByteArray contentType)
{
    ApiResponse r;
    r.m_status = status;
    r.m_body = std::move(body);
    r.m_contentType = std::move(contentType);
    return r;
}

ApiResponse ApiResponse::error(const Error &error)
{
    QJsonObject body = error.details();
    body.insert(QStringLiteral("code"), error.codeName());
    body.insert(QStringLiteral("message"), error.message());
    if (!error.field().isEmpty())
        body.insert(QStringLiteral("field"), error.field());
    ApiResponse r = json(statusOf(error), body);
    if (r.status() == 401) // RFC 9110 §11.6.1: a 401 names the scheme it wants
        r.setHeader("WWW-Authenticate", "Bearer realm=\"cadenio\"");
    if (error.code() == Error::Code::RateLimited)
        r.setHeader("Retry-After", QByteArray::number(std::max(1, error.retryAfterSeconds())));
    return r;
}

ApiResponse &ApiResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : m_headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return *this;
        }
    }
    m_headers.append({name, value});
    return *this;
}

int ApiResponse::statusOf(const Error &error)
{
    switch (error.code()) {
    case Error::Code::InvalidRequest:
        return 400;
    case Error::Code::Unauthorized:
    case Error::Code::KeyExpired:
    case Error::Code::KeyRevoked:
        return 401;
    case Error::Code::MissingScope:
    case Error::Code::PlanRequired:
    case Error::Code::Forbidden:
        return 403;
    case Error::Code::NotFound:
        return 404;
    case Error::Code::MethodNotAllowed:
        return 405;
    case Error::Code::Conflict:
        return 409;
    case Error::Code::PayloadTooLarge:
        return 413;
    case Error::Code::Unprocessable:
        return 422;
    case Error::Code::RateLimited:
        return 429;
    case Error::Code::Internal:
        return 500;
    }
    return 500;
}

} // namespace cadenio::api
