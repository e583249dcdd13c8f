#pragma once

#include <QAtomicInt>
#include <QDateTime>
#include <QObject>

#include <memory>

class QThread;

namespace cadenio {

class Database;
class RunService;

// Turns IN_PROGRESS runs past their due date into OVERDUE runs (RunService::markOverdue),
// once a second on a thread of its own: the check reads and writes the store, which must
// never stall the GUI thread or an HTTP server thread. Of several instances on one shared
// store only one checks at a time (a SessionLock in the store); when it stops or dies,
// another takes over at its next pass.
class OverdueScheduler : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 1000;

    OverdueScheduler(RunService &runs, const Database &database, QObject *parent = nullptr);
    ~OverdueScheduler() override; // stops

    // Starts the background thread; a pass runs at once and then every `intervalMs`.
    void start(int intervalMs = kDefaultIntervalMs);
    // Waits for a pass in progress, then ends the thread. Safe to call twice.
    void stop();
    bool isRunning() const;
    // Whether this instance's background check holds the lock and does the work.
    bool isLeading() const;

    // One pass on the calling thread, for tests and tools. Returns the runs moved.
    int runOnce(const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    class Worker;

    RunService &m_runs;
    const Database &m_database;
    std::unique_ptr<Worker> m_worker;
    QAtomicInt m_leading{0};
};

} // namespace cadenio
