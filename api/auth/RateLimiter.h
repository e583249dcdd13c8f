#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

namespace cadenio::api {

// Per-key fixed windows: at most `limit` admitted requests per key in each window, which
// starts with the key's first request. Shared by all server threads; the keys are spread
// over independent shards, so two keys rarely wait on one lock and a request costs O(1).
class RateLimiter
{
public:
    struct Decision
    {
        bool allowed = true;
        int limit = 0;
        int remaining = 0;
        qint64 resetEpochSeconds = 0; // when the current window ends
        int retryAfterSeconds = 0;    // set when refused; ≥ 1
    };

    static constexpr qint64 kDefaultWindowMs = 60 * 1000;

    // limit 0 turns limiting off (benchmarks).
    explicit RateLimiter(int limit, qint64 windowMs = kDefaultWindowMs);

    bool isEnabled() const { return m_limit > 0; }
    int limit() const { return m_limit; }

    // Counts one request of `keyId` if the window has room.
    Decision take(const QString &keyId);
    // The state without counting, for answers refused before the limiter (e.g. 403).
    Decision peek(const QString &keyId);

private:
    struct Window
    {
        qint64 startMs = 0;
        int count = 0;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Window> windows;
    };
    static constexpr int kShards = 64;

    Decision decide(const QString &keyId, bool count);
    Decision describe(const Window &window, qint64 nowMs, bool allowed) const;

    int m_limit;
    qint64 m_windowMs;
    std::array<Shard, kShards> m_shards;
};

} // namespace cadenio::api
