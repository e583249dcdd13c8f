#include "RateLimiter.h"

#include <QDateTime>

namespace cadenio::api {

RateLimiter::RateLimiter(int limit, qint64 windowMs)
    : m_limit(limit)
    , m_windowMs(windowMs)
{}

RateLimiter::Decision RateLimiter::take(const QString &keyId)
{
    return decide(keyId, true);
}

RateLimiter::Decision RateLimiter::peek(const QString &keyId)
{
    return decide(keyId, false);
}

RateLimiter::Decision RateLimiter::decide(const QString &keyId, bool count)
{
    if (!isEnabled())
        return Decision{};
    // Wall-clock time: X-RateLimit-Reset is a Unix timestamp the client compares with its own.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Shard &shard = m_shards[qHash(keyId) % kShards];
    QMutexLocker lock(&shard.mutex);
    // Forget finished windows now and then, so the table stays as small as the set of
    // keys active within one window.
    if (shard.windows.size() > 256) {
        shard.windows.removeIf(
            [&](const auto &entry) { return now >= entry.value().startMs + m_windowMs; });
    }
    Window &window = shard.windows[keyId];
    if (now >= window.startMs + m_windowMs)
        window = Window{now, 0};
    const bool allowed = window.count < m_limit;
    if (allowed && count)
        ++window.count;
    return describe(window, now, allowed || !count);
}

RateLimiter::Decision RateLimiter::describe(const Window &window, qint64 nowMs, bool allowed) const
{
    const qint64 endMs = window.startMs + m_windowMs;
    Decision decision;
    decision.allowed = allowed;
    decision.limit = m_limit;
    decision.remaining = std::max(0, m_limit - window.count);
    decision.resetEpochSeconds = (endMs + 999) / 1000;
    decision.retryAfterSeconds = int(std::max<qint64>(1, (endMs - nowMs + 999) / 1000));
    return decision;
}

} // namespace cadenio::api
