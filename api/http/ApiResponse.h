#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace cadenio {
class Error;
}

namespace cadenio::api {

class ApiResponse
{
public:
    static ApiResponse json(int status, const QJsonObject &body);
    static ApiResponse ok(const QJsonObject &body) { return json(200, body); }
    static ApiResponse created(const QJsonObject &body) { return json(201, body); }
    static ApiResponse noContent();
    static ApiResponse error(const Error &error);
    static ApiResponse raw(int status, QByteArray body, QByteArray contentType);

    int status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    const QByteArray &contentType() const { return m_contentType; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }

    ApiResponse &setHeader(const QByteArray &name, const QByteArray &value);

    // HTTP status of an error code (400 INVALID_REQUEST, 401 UNAUTHORIZED, …).
    static int statusOf(const Error &error);

private:
    int m_status = 200;
    QByteArray m_body;
    QByteArray m_contentType;
    QList<QPair<QByteArray, QByteArray>> m_headers;
};

} // namespace cadenio::api
