#include "RateLimitRepository.h"

#include "Database.h"
#include "SqlQuery.h"
#include "Transaction.h"

#include <algorithm>

namespace cadenio {

RateLimitRepository::Lease RateLimitRepository::lease(const QString &keyId, qint64 nowMs,
                                                      qint64 windowMs, int limit, int wanted)
{
    Transaction tx(m_database);
    // The row must exist before it can be locked; a concurrent insert of the same key is
    // no error, the row is simply there.
    SqlQuery(tx.db(), QStringLiteral("INSERT INTO rate_limit_windows (key_id, window_start, "
                                     "leased) VALUES (:key, :now, 0) ON CONFLICT (key_id) DO "
                                     "NOTHING"))
        .bind(QStringLiteral(":key"), keyId)
        .bind(QStringLiteral(":now"), nowMs)
        .exec();
    SqlQuery read(tx.db(),
                  QStringLiteral("SELECT window_start, leased FROM rate_limit_windows WHERE "
                                 "key_id = :key") +
                      m_database.dialect().lockRows());
    read.bind(QStringLiteral(":key"), keyId).exec();
    Lease lease;
    int leased = 0;
    if (read.next()) {
        lease.windowStartMs = read.integer(0);
        leased = int(read.integer(1));
    }
    if (nowMs >= lease.windowStartMs + windowMs) {
        lease.windowStartMs = nowMs;
        leased = 0;
    }
    lease.granted = std::clamp(limit - leased, 0, wanted);
    lease.leasedTotal = leased + lease.granted;
    SqlQuery(tx.db(), QStringLiteral("UPDATE rate_limit_windows SET window_start = :start, "
                                     "leased = :leased WHERE key_id = :key"))
        .bind(QStringLiteral(":start"), lease.windowStartMs)
        .bind(QStringLiteral(":leased"), lease.leasedTotal)
        .bind(QStringLiteral(":key"), keyId)
        .exec();
    tx.commit();
    return lease;
}

} // namespace cadenio
