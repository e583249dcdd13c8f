#pragma once

#include <QSqlDatabase>

namespace cadenio {

class OutboxRepository
{
public:
    explicit OutboxRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    void insert(const QString &id, const QString &orgId, const QString &event,
                const QByteArray &payload, qint64 createdAt);
    // Payloads of an organization's events, oldest first (for tests and the dispatcher).
    QList<QByteArray> payloads(const QString &orgId) const;

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
