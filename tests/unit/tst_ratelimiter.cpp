// The per-key limiter: never more than the limit admitted in one window, even from many
// threads at once, keys independent, and honest headers.
#include "auth/RateLimiter.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QTest>
#include <QThread>

using cadenio::api::RateLimiter;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void admitsExactlyTheLimit_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addRow("1") << 1;
        QTest::addRow("5") << 5;
        QTest::addRow("600") << 600;
    }
    void admitsExactlyTheLimit()
    {
        QFETCH(int, limit);
        RateLimiter limiter(limit);
        for (int i = 0; i < limit; ++i) {
            const auto decision = limiter.take(QStringLiteral("key_a"));
            QVERIFY(decision.allowed);
            QCOMPARE(decision.remaining, limit - i - 1);
            QCOMPARE(decision.limit, limit);
        }
        const auto refused = limiter.take(QStringLiteral("key_a"));
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.remaining, 0);
        QVERIFY(refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 60);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QVERIFY(refused.resetEpochSeconds > now && refused.resetEpochSeconds <= now + 61);
    }

    void keysHaveIndependentQuotas()
    {
        RateLimiter limiter(2);
        QVERIFY(limiter.take(QStringLiteral("key_a")).allowed);
        QVERIFY(limiter.take(QStringLiteral("key_a")).allowed);
        QVERIFY(!limiter.take(QStringLiteral("key_a")).allowed);
        QVERIFY(limiter.take(QStringLiteral("key_b")).allowed);
    }

    void peekDoesNotCount()
    {
        RateLimiter limiter(3);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(limiter.peek(QStringLiteral("key_a")).remaining, 3);
        QCOMPARE(limiter.take(QStringLiteral("key_a")).remaining, 2);
        QCOMPARE(limiter.peek(QStringLiteral("key_a")).remaining, 2);
    }

    void windowEndsAndQuotaReturns()
    {
        RateLimiter limiter(2, 300);
        QVERIFY(limiter.take(QStringLiteral("key_a")).allowed);
        QVERIFY(limiter.take(QStringLiteral("key_a")).allowed);
        QVERIFY(!limiter.take(QStringLiteral("key_a")).allowed);
        QTest::qWait(350);
        const auto again = limiter.take(QStringLiteral("key_a"));
        QVERIFY(again.allowed);
        QCOMPARE(again.remaining, 1);
    }

    void zeroTurnsLimitingOff()
    {
        RateLimiter limiter(0);
        QVERIFY(!limiter.isEnabled());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(limiter.take(QStringLiteral("key_a")).allowed);
    }

    void neverOverAdmitsUnderContention()
    {
        // 8 threads race 1000 requests each over one key and a few others.
        const int limit = 600;
        RateLimiter limiter(limit);
        QAtomicInt admitted;
        QList<QThread *> threads;
        for (int t = 0; t < 8; ++t) {
            threads << QThread::create([&limiter, &admitted, t] {
                for (int i = 0; i < 1000; ++i) {
                    if (limiter.take(QStringLiteral("key_hot")).allowed)
                        admitted.fetchAndAddRelaxed(1);
                    limiter.take(QStringLiteral("key_other_%1").arg(t));
                }
            });
        }
        for (QThread *thread : threads)
            thread->start();
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        QCOMPARE(admitted.loadRelaxed(), limit);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
