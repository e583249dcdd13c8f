#include "HttpServer.h"

#include "ApiHandler.h"
#include "ApiRequest.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QMetaEnum>

#include <mutex>

namespace cadenio::api {

namespace {
QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

// QHttpServer logs every request with all its headers, Authorization and Cookie included,
// at debug level: whoever turns debug logging on to trace a problem would write every
// key and session token to the log. Those categories stay quiet whatever the rules say.
void silenceRequestDumps(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (QByteArrayView(category->categoryName()).startsWith("qt.httpserver"))
        category->setEnabled(QtDebugMsg, false);
}
} // namespace

HttpServer::HttpServer(const ApiHandler &handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
{
    static std::once_flag installed;
    std::call_once(installed,
                   [] { g_previousFilter = QLoggingCategory::installFilter(silenceRequestDumps); });
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ApiRequest apiRequest;
    // HEAD is GET without the body (RFC 9110 §9.3.2): same status, same headers.
    const bool head = request.method() == QHttpServerRequest::Method::Head;
    apiRequest.method = head ? QByteArray("GET") : methodName(request.method());
    apiRequest.path = request.url().path();
    apiRequest.query = request.query();
    apiRequest.headers = request.headers();
    apiRequest.body = request.body();
    apiRequest.clientAddress = request.remoteAddress().toString();

    const ApiResponse response = m_handler.handle(apiRequest);

    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status()));
    if (!response.contentType().isEmpty())
        responder.writeHeader("Content-Type", response.contentType());
    for (const auto &[name, value] : response.headers())
        responder.writeHeader(name, value);
    // A 204 has no content, so no Content-Length either (RFC 9110 §8.6).
    if (response.status() != 204)
        responder.writeHeader("Content-Length", QByteArray::number(response.body().size()));
    responder.writeBody(head ? QByteArray() : response.body());
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Unreachable: handleRequest() answers every request itself.
}

} // namespace cadenio::api
