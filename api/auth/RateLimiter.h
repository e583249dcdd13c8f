#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <memory>

namespace cadenio {
class Database;
class RateLimitRepository;
} // namespace cadenio

namespace cadenio::api {

// Per-key fixed windows: at most `limit` admitted requests per key in each window, which
// starts with the key's first request. Shared by all server threads; the keys are spread
// over independent shards, so two keys rarely wait on one lock and a request costs O(1).
//
// On a store several instances share (PostgreSQL), the limit holds for all of them
// together: each instance leases blocks of a window's requests from a ledger in the store
// (RateLimitRepository) and admits from its block without a round trip. The ledger never
// hands out more than the limit, so a key never gets more than its limit in total; requests
// leased by one instance but not used before the window ends are lost, so a key spread over
// N instances may be refused up to (block − 1) × (N − 1) requests early. With one instance
// the count is exact both ways.
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

    // limit 0 turns limiting off (benchmarks). With a `store` that instances share, the
    // limit is counted across them (see above); otherwise in this process.
    explicit RateLimiter(int limit, qint64 windowMs = kDefaultWindowMs,
                         const Database *store = nullptr);
    ~RateLimiter();

    bool isEnabled() const { return m_limit > 0; }
    int limit() const { return m_limit; }
    bool isShared() const { return m_ledger != nullptr; }
    // Requests leased from the shared ledger at a time.
    int blockSize() const { return m_blockSize; }

    // Counts one request of `keyId` if the window has room.
    Decision take(const QString &keyId);
    // The state without counting, for answers refused before the limiter (e.g. 403).
    Decision peek(const QString &keyId);

private:
    struct Window
    {
        qint64 startMs = 0;
        int count = 0; // admitted by this instance in the window
        // Shared ledger only: requests leased to this instance and not yet admitted, and
        // the window's requests no instance had leased when this one last asked.
        int leased = 0;
        int unleased = 0;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Window> windows;
    };
    static constexpr int kShards = 64;

    Decision decide(const QString &keyId, bool count);
    void lease(const QString &keyId, Window &window, qint64 nowMs);
    bool hasRoom(const Window &window) const;
    Decision describe(const Window &window, qint64 nowMs, bool allowed) const;

    int m_limit;
    qint64 m_windowMs;
    int m_blockSize;
    std::unique_ptr<RateLimitRepository> m_ledger;
    std::array<Shard, kShards> m_shards;
};

} // namespace cadenio::api
