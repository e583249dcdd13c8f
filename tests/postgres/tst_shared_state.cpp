// What instances sharing one PostgreSQL store agree on through it, in-process: two rate
// limiters (as two instances would hold) never admit more than the limit together, and
// the session lock that picks the one instance running the deadline check.

#include "ApiFixture.h"

#include "auth/RateLimiter.h"
#include "services/OverdueScheduler.h"
#include "services/RunService.h"
#include "store/Database.h"
#include "store/SessionLock.h"
#include "store/SqlQuery.h"
#include "store/StoreError.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Database;
using cadenio::SessionLock;
using cadenio::api::RateLimiter;
using cadenio::test::TestDatabase;

class TestSharedState : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void limitersShareOneLimit_data();
    void limitersShareOneLimit();
    void remainingCountsTheWholeWindow();
    void windowStartsAgain();
    void sqliteKeepsTheInProcessLimiter();
    void sessionLockHasOneHolder();
    void sessionLockPassesOnWhenItsConnectionEnds();
    void sessionLockIsAskedAgainAfterItsConnectionDropped();
    void oneOverdueSchedulerLeadsAndAnotherTakesOver();

private:
    QTemporaryDir m_dir;
    TestDatabase m_store;
    std::unique_ptr<Database> m_database;
};

void TestSharedState::initTestCase()
{
    if (!TestDatabase::usesPostgres())
        QSKIP("needs PostgreSQL: run through tests/postgres/cluster.sh (ctest -L postgres)");
    QString error;
    QVERIFY2(m_store.create(m_dir.path(), &error), qPrintable(error));
    m_database = std::make_unique<Database>(m_store.url());
    m_database->open();
}

void TestSharedState::limitersShareOneLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("firstShare"); // of every 10 requests, how many go to the first
    QTest::addRow("40, evenly") << 40 << 5;
    QTest::addRow("40, mostly the first") << 40 << 9;
    QTest::addRow("600, evenly (blocks of 30)") << 600 << 5;
    QTest::addRow("1, evenly") << 1 << 5;
}

void TestSharedState::limitersShareOneLimit()
{
    QFETCH(int, limit);
    QFETCH(int, firstShare);
    RateLimiter first(limit, 60000, m_database.get());
    RateLimiter second(limit, 60000, m_database.get());
    QVERIFY(first.isShared());
    const QString key = u"key_%1_%2"_s.arg(limit).arg(firstShare);
    int admitted[2] = {0, 0};
    for (int i = 0; i < 3 * limit + 10; ++i) {
        const bool toFirst = i % 10 < firstShare;
        const RateLimiter::Decision decision = (toFirst ? first : second).take(key);
        admitted[toFirst ? 0 : 1] += decision.allowed ? 1 : 0;
        if (!decision.allowed) {
            QVERIFY(decision.retryAfterSeconds >= 1);
            QCOMPARE(decision.remaining, 0);
        }
    }
    // Both keep receiving requests, so each uses up what it leased: the total is exact.
    QCOMPARE(admitted[0] + admitted[1], limit);
    if (limit > 1)
        QVERIFY(admitted[0] > 0 && admitted[1] > 0);
}

void TestSharedState::remainingCountsTheWholeWindow()
{
    RateLimiter first(40, 60000, m_database.get());
    RateLimiter second(40, 60000, m_database.get());
    QCOMPARE(first.peek(u"key_remaining"_s).remaining, 40);
    QCOMPARE(first.take(u"key_remaining"_s).remaining, 39);
    QCOMPARE(first.take(u"key_remaining"_s).remaining, 38);
    // The second instance sees what the first has leased (one block of 2), not what it used.
    QCOMPARE(second.take(u"key_remaining"_s).remaining, 37);
    // One window, whichever instance reports it.
    QCOMPARE(first.peek(u"key_remaining"_s).resetEpochSeconds,
             second.peek(u"key_remaining"_s).resetEpochSeconds);
}

void TestSharedState::windowStartsAgain()
{
    RateLimiter first(3, 400, m_database.get());
    RateLimiter second(3, 400, m_database.get());
    const QString key = u"key_window"_s;
    int admitted = 0;
    for (int i = 0; i < 8; ++i)
        admitted += (i % 2 ? first : second).take(key).allowed ? 1 : 0;
    QCOMPARE(admitted, 3);
    QTest::qWait(450);
    QVERIFY(first.take(key).allowed);
    QVERIFY(second.take(key).allowed);
}

void TestSharedState::sqliteKeepsTheInProcessLimiter()
{
    QTemporaryDir dir;
    Database sqlite(cadenio::DatabaseUrl::sqliteFile(dir.filePath(u"cadenio.db"_s)));
    sqlite.open();
    RateLimiter limiter(5, 60000, &sqlite);
    QVERIFY(!limiter.isShared());
    int admitted = 0;
    for (int i = 0; i < 10; ++i)
        admitted += limiter.take(u"key"_s).allowed ? 1 : 0;
    QCOMPARE(admitted, 5);
}

void TestSharedState::sessionLockHasOneHolder()
{
    // Two Database objects: two connections, as two instances have.
    Database other(m_store.url());
    SessionLock mine(*m_database, 9001);
    SessionLock theirs(other, 9001);
    QVERIFY(mine.tryHold());
    QVERIFY(!theirs.tryHold());
    // Asking again keeps it, and does not stack holds a single release would leave behind.
    QVERIFY(mine.tryHold());
    QVERIFY(mine.tryHold());
    QVERIFY(!theirs.tryHold());
    mine.release();
    QVERIFY(!mine.isHeld());
    QVERIFY(theirs.tryHold());
    QVERIFY(!mine.tryHold());
    theirs.release();
    // Another key is another lock.
    SessionLock unrelated(other, 9002);
    QVERIFY(mine.tryHold());
    QVERIFY(unrelated.tryHold());
    mine.release();
    unrelated.release();
}

void TestSharedState::sessionLockPassesOnWhenItsConnectionEnds()
{
    auto holder = std::make_unique<Database>(m_store.url());
    SessionLock mine(*holder, 9003);
    SessionLock theirs(*m_database, 9003);
    QVERIFY(mine.tryHold());
    QVERIFY(!theirs.tryHold());
    holder.reset(); // the connection ends, as when an instance dies
    QTRY_VERIFY_WITH_TIMEOUT(theirs.tryHold(), 5000);
    theirs.release();
}

void TestSharedState::sessionLockIsAskedAgainAfterItsConnectionDropped()
{
    Database holder(m_store.url());
    SessionLock mine(holder, 9004);
    SessionLock theirs(*m_database, 9004);
    QVERIFY(mine.tryHold());
    // The server drops the holder's connection (a restart, a network cut).
    cadenio::SqlQuery(m_database->connection(),
                      u"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = "
                      "'advisory' AND objid = 9004 AND granted"_s)
        .exec();
    // The lock went with it.
    QTRY_VERIFY_WITH_TIMEOUT(theirs.tryHold(), 5000);
    theirs.release();
    // The holder notices on its next try (which may fail while the driver reconnects) and
    // holds the lock again on its new connection, exactly once: one release frees it.
    const auto tryQuietly = [&mine] {
        try {
            return mine.tryHold();
        } catch (const cadenio::StoreError &) {
            return false;
        }
    };
    QTRY_VERIFY_WITH_TIMEOUT(tryQuietly(), 5000);
    QVERIFY(mine.tryHold());
    QVERIFY(!theirs.tryHold());
    mine.release();
    QVERIFY(theirs.tryHold());
    theirs.release();
}

void TestSharedState::oneOverdueSchedulerLeadsAndAnotherTakesOver()
{
    // Two instances' schedulers, each with its own store handle (own connections).
    Database first(m_store.url());
    Database second(m_store.url());
    cadenio::RunService firstRuns(first);
    cadenio::RunService secondRuns(second);
    auto leader = std::make_unique<cadenio::OverdueScheduler>(firstRuns, first);
    cadenio::OverdueScheduler standby(secondRuns, second);
    leader->start(50);
    QTRY_VERIFY_WITH_TIMEOUT(leader->isLeading(), 5000);
    standby.start(50);
    QTest::qWait(300); // several passes of the standby
    QVERIFY(leader->isLeading());
    QVERIFY(!standby.isLeading());
    leader.reset(); // stops: gives the lock up
    QTRY_VERIFY_WITH_TIMEOUT(standby.isLeading(), 5000);
    standby.stop();
    QVERIFY(!standby.isLeading());
}

QTEST_GUILESS_MAIN(TestSharedState)
#include "tst_shared_state.moc"
