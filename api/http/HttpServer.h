#pragma once

#include <QAbstractHttpServer>

namespace cadenio::api {

class ApiHandler;

// Adapts QHttpServer's request callback to the ApiHandler pipeline. Every request is
// answered here, synchronously: no route table of QHttpServer, no QFuture handlers.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit HttpServer(const ApiHandler &handler, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    const ApiHandler &m_handler;
};

} // namespace cadenio::api
