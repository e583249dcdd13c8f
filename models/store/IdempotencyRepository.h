#pragma once

#include <QByteArray>
#include <QSqlDatabase>

#include <optional>

namespace cadenio {

// Responses remembered under an Idempotency-Key, so a client that retries a POST after a
// lost answer gets the first answer again instead of a second run.
class IdempotencyRepository
{
public:
    explicit IdempotencyRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    struct Stored
    {
        QString requestHash; // who sent what: a retry must match it to be replayed
        int status = 0;
        QByteArray body;
        qint64 createdAt = 0; // ms since the epoch
    };

    std::optional<Stored> find(const QString &orgId, const QString &key) const;
    void insert(const QString &orgId, const QString &key, const Stored &stored);
    void remove(const QString &orgId, const QString &key);
    // Forgets every record created before `cutoff`; returns how many.
    int removeOlderThan(qint64 cutoff);

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
