#include "OverdueScheduler.h"

#include "RunService.h"
#include "store/Database.h"
#include "store/StoreError.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

Q_LOGGING_CATEGORY(lcOverdue, "cadenio.overdue")

namespace cadenio {

class OverdueScheduler::Worker : public QThread
{
public:
    Worker(OverdueScheduler &owner, int intervalMs)
        : m_owner(owner)
        , m_intervalMs(intervalMs)
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
        // QtSql connections belong to the thread that opened them.
        m_owner.m_database.releaseThreadConnection();
    }

private:
    void pass()
    {
        try {
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

bool OverdueScheduler::isRunning() const
{
    return m_worker && m_worker->isRunning();
}

int OverdueScheduler::runOnce(const QDateTime &now)
{
    return m_runs.markOverdue(now);
}

} // namespace cadenio
