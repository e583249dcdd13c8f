#pragma once

#include "domain/Org.h"
#include "domain/User.h"

#include <QObject>

namespace cadenio {

class Database;

// Creates the organization and its OWNER on an empty store: what `init` and the console's
// first-start wizard do.
class SetupService : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString orgName;
        Plan plan = Plan::Enterprise;
        QString ownerEmail;
        QString ownerName;
        QString ownerPassword;
    };
    struct Result
    {
        Org org;
        User owner;
    };

    explicit SetupService(const Database &database, QObject *parent = nullptr);

    bool isInitialized() const;
    // Throws Error CONFLICT when the store already has an organization, UNPROCESSABLE for
    // invalid input; on any failure nothing is written.
    Result initialize(const Request &request);

    // The store's instance id (empty before the services first opened the store).
    QString instanceId() const;

signals:
    void initialized(const QString &orgId);

private:
    const Database &m_database;
};

} // namespace cadenio
