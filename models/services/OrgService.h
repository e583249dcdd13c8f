#pragma once

#include "domain/Actor.h"
#include "domain/Org.h"

#include <QObject>

#include <optional>

namespace cadenio {

class Database;

class OrgService : public QObject
{
    Q_OBJECT
public:
    struct Changes
    {
        std::optional<QString> name;
        std::optional<Plan> plan;
    };

    explicit OrgService(const Database &database, QObject *parent = nullptr);

    Org get(const Actor &actor) const;
    // OWNER only.
    Org update(const Actor &actor, const Changes &changes);

signals:
    void orgChanged(const QString &orgId);

private:
    const Database &m_database;
};

} // namespace cadenio
