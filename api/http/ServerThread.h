#pragma once

#include <QAtomicInt>
#include <QAtomicPointer>
#include <QDeadlineTimer>
#include <QThread>

#include <memory>

class QTcpServer;
class QTimer;

namespace cadenio {
class Database;
}

namespace cadenio::api {

class ApiHandler;
class ConnectionBudget;

// One serving thread: accepts on its own listening socket and answers on its own
// QHttpServer and database connection.
class ServerThread final : public QThread
{
    Q_OBJECT
public:
    ServerThread(int listeningSocket, const ApiHandler &handler, const Database &database,
                 std::shared_ptr<ConnectionBudget> budget, QObject *parent = nullptr);
    ~ServerThread() override;

    // Asks the thread to stop accepting and drain; returns at once. wait() joins.
    void drain();

protected:
    void run() override;

private:
    // Serving-thread side of drain(): stop accepting, then poll until the answers are out.
    void beginDrain();
    void drainStep();

    int m_socket;
    const ApiHandler &m_handler;
    const Database &m_database;
    std::shared_ptr<ConnectionBudget> m_budget;
    QAtomicPointer<QObject> m_context; // lives in the serving thread while it runs
    QAtomicInt m_drainRequested;
    // Touched only by the serving thread:
    QTcpServer *m_listener = nullptr;
    QObject *m_server = nullptr;
    QTimer *m_drainTimer = nullptr;
    QDeadlineTimer m_deadline;
};

} // namespace cadenio::api
