#pragma once

#include <QString>

namespace cadenio {

class Database;

// The shared ledger of per-key rate-limit windows, for instances that share one store.
// Instances lease blocks of a window's requests instead of counting each request here, so
// the ledger is written once per block, not once per request.
class RateLimitRepository
{
public:
    struct Lease
    {
        qint64 windowStartMs = 0; // the key's current window, as the ledger has it
        int granted = 0;          // requests now this instance's to admit, 0 when none are left
        int leasedTotal = 0;      // of the window's limit, handed out to all instances so far
    };

    explicit RateLimitRepository(const Database &database)
        : m_database(database)
    {}

    // Grants up to `wanted` of the `limit` requests of the key's window, which starts anew
    // at `nowMs` once `windowMs` have passed since it began. One short transaction holding
    // the key's ledger row, so two instances never lease the same requests.
    Lease lease(const QString &keyId, qint64 nowMs, qint64 windowMs, int limit, int wanted);

private:
    const Database &m_database;
};

} // namespace cadenio
