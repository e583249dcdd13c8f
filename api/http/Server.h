#pragma once

#include "ConnectionLimits.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>

namespace cadenio {
class Database;
}

namespace cadenio::api {

class ApiHandler;
class ConnectionBudget;
class ServerThread;

// The embedded API server: several threads, each with its own QHttpServer, its own
// database connection and its own listening socket on one SO_REUSEPORT port, so the
// kernel spreads connections over them. The GUI thread never serves HTTP.
class Server : public QObject
{
    Q_OBJECT
public:
    Server(const ApiHandler &handler, const Database &database, QObject *parent = nullptr);
    ~Server() override;

    // Returns false with a one-line reason (port busy, address unavailable).
    bool listen(const QHostAddress &address, quint16 port, int threads, QString *error);
    // Stops accepting, lets in-flight requests finish and their answers drain, then joins
    // the threads. Safe to call twice.
    void stop();

    // Applies to connections accepted from now on, on every thread.
    void setConnectionLimits(const ConnectionLimits &limits);
    ConnectionLimits connectionLimits() const;
    // Connections open right now, over all threads.
    int openConnections() const;

    bool isListening() const { return !m_threads.isEmpty(); }
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    QString url() const;

signals:
    void listeningChanged(bool listening);

private:
    const ApiHandler &m_handler;
    const Database &m_database;
    std::shared_ptr<ConnectionBudget> m_budget;
    QList<ServerThread *> m_threads;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace cadenio::api
