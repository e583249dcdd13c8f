#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>

namespace cadenio {

// Limits failed sign-ins per email and per client address, so a password cannot be
// guessed online. Counts live in memory: a restart forgives, which is acceptable for a
// limit measured in minutes.
class LoginThrottle
{
public:
    struct Limits
    {
        int failuresPerEmail = 5;
        int failuresPerAddress = 20;
        qint64 windowMs = 15 * 60 * 1000;
    };

    LoginThrottle();
    explicit LoginThrottle(Limits limits);

    // Throws Error RATE_LIMITED (with Retry-After) when either count is exhausted.
    void check(const QString &email, const QString &address);
    // check() and counting the attempt as a failure in one step, before the slow password
    // check: simultaneous guesses on several threads can then never exceed the limit.
    // recordSuccess() takes the count back when the password was right.
    void reserve(const QString &email, const QString &address);
    void recordFailure(const QString &email, const QString &address);
    // Clears the email's failures; with `address`, also returns the attempt reserve()
    // counted for it.
    void recordSuccess(const QString &email, const QString &address = {});

private:
    struct Bucket
    {
        qint64 windowStart = 0;
        int failures = 0;
    };
    qint64 now() const { return m_clock.elapsed(); }
    // Seconds until the bucket's window ends if it is full, else 0.
    int blockedFor(const QHash<QString, Bucket> &buckets, const QString &key, int limit) const;
    void count(QHash<QString, Bucket> &buckets, const QString &key);
    void throwIfBlocked(const QString &email, const QString &address) const;
    void prune();

    Limits m_limits;
    QElapsedTimer m_clock;
    QMutex m_mutex;
    QHash<QString, Bucket> m_byEmail;
    QHash<QString, Bucket> m_byAddress;
};

} // namespace cadenio
