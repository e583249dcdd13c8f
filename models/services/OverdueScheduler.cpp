#include "OverdueScheduler.h"

#include "RunService.h"
#include "store/Database.h"
#include "store/SessionLock.h"
#include "store/StoreError.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

Q_LOGGING_CATEGORY(lcOverdue, "cadenio.overdue")

namespace cadenio {

namespace {
// Names the deadline check's lock in the store (the migrations use 74131).
constexpr qint64 kOverdueLockKey = 74132;
} // namespace

class OverdueScheduler::Worker : public QThread
{
public:
    Worker(OverdueScheduler &owner, int intervalMs)
        : m_owner(owner)
        , m_intervalMs(intervalMs)
        , m_leader(owner.m_database, kOverdueLockKey)
    {
        setObjectName(QStringLiteral("cadenio-overdue"));
    }

protected:
    void run() override
    {
        // The timer lives and fires on this thread; exec() returns on quit().
        QTimer timer;
        timer.setInterval(m_intervalMs);
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] { pass(); });
        timer.start();
        pass();
        exec();
        try {
            m_leader.release(); // another instance takes over at its next pass
        } catch (const StoreError &) {
            // Closing the connection below releases it as well.
        }
        m_owner.m_leading.storeRelaxed(0);
        // QtSql connections belong to the thread that opened them.
        m_owner.m_database.releaseThreadConnection();
    }

private:
    void pass()
    {
        try {
            // Instances sharing one store take turns by a lock in it: one checks deadlines,
            // the others stand by and take over within a pass when it goes away. The
            // transition itself is conditional, so even two checks would not repeat it.
            const bool leading = m_leader.tryHold();
            // Said only where there is a choice: on SQLite the one process always checks.
            if (m_owner.m_leading.fetchAndStoreRelaxed(leading ? 1 : 0) != (leading ? 1 : 0) &&
                m_owner.m_database.dialect().sharedByInstances()) {
                qCInfo(lcOverdue) << (leading ? "this instance now runs the deadline check"
                                              : "another instance runs the deadline check");
            }
            if (leading)
                m_owner.runOnce();
        } catch (const StoreError &error) {
            // A busy or briefly unreachable store: the next pass tries again.
            qCWarning(lcOverdue).noquote() << "deadline check failed:" << error.message();
        } catch (const std::exception &error) {
            qCWarning(lcOverdue).noquote() << "deadline check failed:" << error.what();
        }
    }

    OverdueScheduler &m_owner;
    int m_intervalMs;
    SessionLock m_leader;
};

OverdueScheduler::OverdueScheduler(RunService &runs, const Database &database, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_database(database)
{}

OverdueScheduler::~OverdueScheduler()
{
    stop();
}

void OverdueScheduler::start(int intervalMs)
{
    if (m_worker)
        return;
    m_worker = std::make_unique<Worker>(*this, intervalMs);
    m_worker->start();
}

void OverdueScheduler::stop()
{
    if (!m_worker)
        return;
    m_worker->quit();
    m_worker->wait();
    m_worker.reset();
}

bool OverdueScheduler::isLeading() const
{
    return m_leading.loadRelaxed() != 0;
}

bool OverdueScheduler::isRunning() const
{
    return m_worker && m_worker->isRunning();
}

int OverdueScheduler::runOnce(const QDateTime &now)
{
    return m_runs.markOverdue(now);
}

} // namespace cadenio
