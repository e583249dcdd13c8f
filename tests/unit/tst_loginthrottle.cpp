#include "services/LoginThrottle.h"

#include "domain/Error.h"

#include <QTest>

using namespace cadenio;

namespace {
constexpr qint64 kLongWindowMs = 60 * 1000;

// "email|address" per failure keeps the table rows readable.
void recordAll(LoginThrottle &throttle, const QStringList &failures)
{
    for (const QString &failure : failures)
        throttle.recordFailure(failure.section(QLatin1Char('|'), 0, 0),
                               failure.section(QLatin1Char('|'), 1));
}

QStringList repeat(int times, const QString &email, const QString &address, bool varyEmail = false,
                   bool varyAddress = false)
{
    QStringList result;
    for (int i = 0; i < times; ++i) {
        result << (varyEmail ? QString::number(i) + email : email) + QLatin1Char('|') +
                      (varyAddress ? address + QString::number(i) : address);
    }
    return result;
}

// The Retry-After seconds of a blocked check, or 0 when the check passed.
int blockedFor(LoginThrottle &throttle, const QString &email, const QString &address)
{
    try {
        throttle.check(email, address);
        return 0;
    } catch (const Error &e) {
        if (e.code() != Error::Code::RateLimited)
            throw;
        return e.retryAfterSeconds();
    }
}
} // namespace

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private slots:
    void limits_data();
    void limits();
    void successResetsEmailOnly();
    void retryAfterIsWholeSecondsWithinWindow();
    void windowExpires();
};

void TestLoginThrottle::limits_data()
{
    QTest::addColumn<int>("perEmail");
    QTest::addColumn<int>("perAddress");
    QTest::addColumn<QStringList>("failures");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("blocked");

    const QString ann = QStringLiteral("ann@example.org");
    const QString ip = QStringLiteral("192.0.2.1");
    // Per email: guessing one account's password from many addresses.
    QTest::addRow("email below limit")
        << 3 << 100 << repeat(2, ann, ip, false, true) << ann << ip << false;
    QTest::addRow("email at limit")
        << 3 << 100 << repeat(3, ann, ip, false, true) << ann << ip << true;
    QTest::addRow("email at limit, fresh address") << 3 << 100 << repeat(3, ann, ip, false, true)
                                                   << ann << QStringLiteral("198.51.100.7") << true;
    QTest::addRow("email limit is per email") << 3 << 100 << repeat(3, ann, ip, false, true)
                                              << QStringLiteral("bob@example.org") << ip << false;
    // Per address: one client spraying many accounts.
    QTest::addRow("address below limit")
        << 100 << 3 << repeat(2, ann, ip, true) << ann << ip << false;
    QTest::addRow("address at limit")
        << 100 << 3 << repeat(3, ann, ip, true) << QStringLiteral("new@example.org") << ip << true;
    QTest::addRow("address limit is per address")
        << 100 << 3 << repeat(3, ann, ip, true) << QStringLiteral("new@example.org")
        << QStringLiteral("198.51.100.7") << false;
    QTest::addRow("defaults: 4 failures pass")
        << 5 << 20 << repeat(4, ann, ip) << ann << ip << false;
    QTest::addRow("defaults: 5 failures block")
        << 5 << 20 << repeat(5, ann, ip) << ann << ip << true;
    QTest::addRow("no failures") << 1 << 1 << QStringList() << ann << ip << false;
}

void TestLoginThrottle::limits()
{
    QFETCH(int, perEmail);
    QFETCH(int, perAddress);
    QFETCH(QStringList, failures);
    QFETCH(QString, email);
    QFETCH(QString, address);
    QFETCH(bool, blocked);

    LoginThrottle throttle({perEmail, perAddress, kLongWindowMs});
    recordAll(throttle, failures);
    const int wait = blockedFor(throttle, email, address);
    QCOMPARE(wait > 0, blocked);
}

void TestLoginThrottle::successResetsEmailOnly()
{
    const QString ann = QStringLiteral("ann@example.org");
    const QString ip = QStringLiteral("192.0.2.1");
    {
        // A member who mistypes twice, signs in, and mistypes twice later is not locked out:
        // four failures, but never three in a row.
        LoginThrottle throttle({3, 100, kLongWindowMs});
        recordAll(throttle, repeat(2, ann, ip));
        throttle.recordSuccess(ann);
        recordAll(throttle, repeat(2, ann, ip));
        QCOMPARE(blockedFor(throttle, ann, ip), 0);
        throttle.recordFailure(ann, ip);
        QVERIFY(blockedFor(throttle, ann, ip) > 0);
    }
    {
        // But one good password must not clear the address count, or an attacker with one
        // valid account could reset it between guesses at others.
        LoginThrottle throttle({100, 3, kLongWindowMs});
        recordAll(throttle, repeat(3, ann, ip, true));
        throttle.recordSuccess(QStringLiteral("0") + ann);
        QVERIFY(blockedFor(throttle, QStringLiteral("other@example.org"), ip) > 0);
    }
}

void TestLoginThrottle::retryAfterIsWholeSecondsWithinWindow()
{
    const QString ann = QStringLiteral("ann@example.org");
    const QString ip = QStringLiteral("192.0.2.1");
    LoginThrottle throttle({2, 100, kLongWindowMs});
    recordAll(throttle, repeat(2, ann, ip));
    try {
        throttle.check(ann, ip);
        QFAIL("check() passed at the limit");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::RateLimited);
        QCOMPARE(e.codeName(), QStringLiteral("RATE_LIMITED"));
        QVERIFY2(e.retryAfterSeconds() >= 1 && e.retryAfterSeconds() <= kLongWindowMs / 1000,
                 qPrintable(QString::number(e.retryAfterSeconds())));
        QVERIFY2(e.message().contains(QString::number(e.retryAfterSeconds())),
                 qPrintable(e.message()));
    }

    // Less than a second left must still say 1, never 0 ("retry now" would be a lie).
    LoginThrottle shortWindow({1, 100, 300});
    shortWindow.recordFailure(ann, ip);
    QCOMPARE(blockedFor(shortWindow, ann, ip), 1);
}

void TestLoginThrottle::windowExpires()
{
    const QString ann = QStringLiteral("ann@example.org");
    const QString ip = QStringLiteral("192.0.2.1");
    constexpr int kWindowMs = 200;
    LoginThrottle throttle({2, 2, kWindowMs});
    recordAll(throttle, repeat(2, ann, ip));
    QVERIFY(blockedFor(throttle, ann, ip) > 0);

    QTest::qWait(kWindowMs + 100);
    QCOMPARE(blockedFor(throttle, ann, ip), 0);
    // A new window starts from zero: one more failure is below the limit again.
    throttle.recordFailure(ann, ip);
    QCOMPARE(blockedFor(throttle, ann, ip), 0);
    throttle.recordFailure(ann, ip);
    QVERIFY(blockedFor(throttle, ann, ip) > 0);
}

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
