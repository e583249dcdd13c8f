#include "RateLimiter.h"

#include "store/Database.h"
#include "store/RateLimitRepository.h"

#include <QDateTime>

#include <algorithm>

namespace cadenio::api {

RateLimiter::RateLimiter(int limit, qint64 windowMs, const Database *store)
    : m_limit(limit)
    , m_windowMs(windowMs)
    // A twentieth of the limit, at most 50: one ledger write per 30 requests at the default
    // 600, while an idle instance holds back little of a key's window.
    , m_blockSize(std::clamp(limit / 20, 1, 50))
{
    if (store && store->dialect().sharedByInstances())
        m_ledger = std::make_unique<RateLimitRepository>(*store);
}

RateLimiter::~RateLimiter() = default;

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
    // Wall-clock time: X-RateLimit-Reset is a Unix timestamp the client compares with its own
    // (and instances sharing a ledger compare with each other's).
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
        window = Window{now, 0, 0, m_limit};
    // Only a request that would be admitted asks the ledger, and only when this instance's
    // block is used up and the ledger may still have some: refusals cost no round trip.
    if (m_ledger && count && window.leased == 0 && window.unleased > 0)
        lease(keyId, window, now);
    const bool allowed = hasRoom(window);
    if (allowed && count) {
        ++window.count;
        if (m_ledger)
            --window.leased;
    }
    return describe(window, now, allowed || !count);
}

void RateLimiter::lease(const QString &keyId, Window &window, qint64 nowMs)
{
    const RateLimitRepository::Lease lease =
        m_ledger->lease(keyId, nowMs, m_windowMs, m_limit, m_blockSize);
    if (lease.windowStartMs != window.startMs) {
        // The window began elsewhere (another instance, or this one earlier): its timing is
        // the ledger's; anything held for another window is void.
        window.startMs = lease.windowStartMs;
        window.count = 0;
        window.leased = 0;
    }
    window.leased += lease.granted;
    window.unleased = m_limit - lease.leasedTotal;
}

bool RateLimiter::hasRoom(const Window &window) const
{
    return m_ledger ? window.leased > 0 : window.count < m_limit;
}

RateLimiter::Decision RateLimiter::describe(const Window &window, qint64 nowMs, bool allowed) const
{
    const qint64 endMs = window.startMs + m_windowMs;
    Decision decision;
    decision.allowed = allowed;
    decision.limit = m_limit;
    // Shared: what this instance holds plus what the ledger had left when last asked (other
    // instances may have leased some since).
    decision.remaining =
        m_ledger ? window.leased + window.unleased : std::max(0, m_limit - window.count);
    decision.resetEpochSeconds = (endMs + 999) / 1000;
    decision.retryAfterSeconds = int(std::max<qint64>(1, (endMs - nowMs + 999) / 1000));
    return decision;
}

} // namespace cadenio::api
