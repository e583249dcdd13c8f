#include "LoginThrottle.h"

#include "domain/Error.h"

namespace cadenio {

LoginThrottle::LoginThrottle()
    : LoginThrottle(Limits{})
{}

LoginThrottle::LoginThrottle(Limits limits)
    : m_limits(limits)
{
    m_clock.start();
}

int LoginThrottle::blockedFor(const QHash<QString, Bucket> &buckets, const QString &key,
                              int limit) const
{
    const auto it = buckets.constFind(key);
    if (it == buckets.cend() || it->failures < limit)
        return 0;
    const qint64 remaining = it->windowStart + m_limits.windowMs - now();
    if (remaining <= 0)
        return 0;
    return int((remaining + 999) / 1000);
}

void LoginThrottle::throwIfBlocked(const QString &email, const QString &address) const
{
    const int wait = std::max(blockedFor(m_byEmail, email, m_limits.failuresPerEmail),
                              blockedFor(m_byAddress, address, m_limits.failuresPerAddress));
    if (wait > 0)
        throw Error::rateLimited(wait);
}

void LoginThrottle::check(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    throwIfBlocked(email, address);
}

void LoginThrottle::reserve(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    throwIfBlocked(email, address);
    prune();
    count(m_byEmail, email);
    count(m_byAddress, address);
}

void LoginThrottle::count(QHash<QString, Bucket> &buckets, const QString &key)
{
    Bucket &bucket = buckets[key];
    if (bucket.failures == 0 || now() - bucket.windowStart >= m_limits.windowMs)
        bucket = Bucket{now(), 0};
    ++bucket.failures;
}

void LoginThrottle::recordFailure(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    prune();
    count(m_byEmail, email);
    count(m_byAddress, address);
}

void LoginThrottle::recordSuccess(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    m_byEmail.remove(email);
    if (address.isEmpty())
        return;
    const auto it = m_byAddress.find(address);
    if (it != m_byAddress.end() && it->failures > 0)
        --it->failures;
}

void LoginThrottle::prune()
{
    // Bounded memory under a spray of random emails: expired windows go on every failure.
    if (m_byEmail.size() + m_byAddress.size() < 10000)
        return;
    for (auto *buckets : {&m_byEmail, &m_byAddress}) {
        buckets->removeIf([this](const auto &entry) {
            return now() - entry.value().windowStart >= m_limits.windowMs;
        });
    }
}

} // namespace cadenio
