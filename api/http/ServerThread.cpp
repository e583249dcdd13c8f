#include "ServerThread.h"

#include "ApiHandler.h"
#include "ConnectionGuard.h"
#include "HttpServer.h"
#include "Listener.h"
#include "store/Database.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <unistd.h>

namespace cadenio::api {

namespace {
constexpr int kDrainTimeoutMs = 5000;
}

ServerThread::ServerThread(int listeningSocket, const ApiHandler &handler, const Database &database,
                           std::shared_ptr<ConnectionBudget> budget, QObject *parent)
    : QThread(parent)
    , m_socket(listeningSocket)
    , m_handler(handler)
    , m_database(database)
    , m_budget(std::move(budget))
{}

ServerThread::~ServerThread()
{
    drain();
    wait();
}

void ServerThread::run()
{
    HttpServer server(m_handler);
    // Owned by the server: QAbstractHttpServer::bind() adopts it anyway.
    auto *listener = new Listener(&server, m_budget, [this](QByteArrayView contentType) {
        return m_handler.bodyLimit(contentType);
    });
    if (!listener->setSocketDescriptor(m_socket)) {
        ::close(m_socket);
        qWarning("cadenio.api: cannot adopt the listening socket: %s",
                 qPrintable(listener->errorString()));
        return;
    }
    server.bind(listener);
    QTimer drainTimer;
    drainTimer.setInterval(20);
    QObject::connect(&drainTimer, &QTimer::timeout, &drainTimer, [this] { drainStep(); });
    QObject context;
    m_listener = listener;
    m_server = &server;
    m_drainTimer = &drainTimer;
    m_context.storeRelease(&context);
    if (m_drainRequested.loadAcquire())
        beginDrain();

    exec();

    m_context.storeRelease(nullptr);
    m_listener = nullptr;
    m_server = nullptr;
    m_drainTimer = nullptr;
    m_database.releaseThreadConnection();
}

void ServerThread::beginDrain()
{
    if (m_drainTimer->isActive())
        return;
    m_listener->close();
    m_deadline.setRemainingTime(kDrainTimeoutMs);
    m_drainTimer->start();
    drainStep();
}

void ServerThread::drainStep()
{
    // Handlers are synchronous, so between two events no request is half answered. A
    // request half received (its guard knows) is let in and answered; each connection is
    // closed once nothing is on its way in or out, and the thread stops when none is left.
    const auto sockets =
        m_listener->findChildren<QTcpSocket *>() + m_server->findChildren<QTcpSocket *>();
    bool busy = false;
    for (QTcpSocket *socket : sockets) {
        if (socket->state() == QAbstractSocket::UnconnectedState)
            continue;
        const auto *guard =
            socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
        const bool receiving = guard && guard->isMidRequest();
        if (socket->bytesToWrite() == 0 && socket->bytesAvailable() == 0 && !receiving)
            socket->disconnectFromHost();
        else
            busy = true;
    }
    if (!busy || m_deadline.hasExpired())
        quit();
}

void ServerThread::drain()
{
    m_drainRequested.storeRelease(1);
    if (QObject *context = m_context.loadAcquire())
        QMetaObject::invokeMethod(
            context, [this] { beginDrain(); }, Qt::QueuedConnection);
}

} // namespace cadenio::api
