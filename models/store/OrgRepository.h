#pragma once

#include "domain/Org.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

class OrgRepository
{
public:
    explicit OrgRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    std::optional<Org> find(const QString &id) const;
    std::optional<Org> first() const;
    bool any() const;
    void insert(const Org &org);
    void update(const Org &org);

    // The instance row: an id for this store, under which its master secret is kept, and
    // the SecretStore::location() that keeps it.
    struct InstanceRecord
    {
        QString id;
        QString secretLocation;
    };
    std::optional<InstanceRecord> instance() const;
    void insertInstance(const InstanceRecord &record, qint64 createdAt);

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
