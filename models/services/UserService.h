#pragma once

#include "domain/Actor.h"
#include "domain/User.h"
#include "store/Page.h"

#include <QObject>

namespace cadenio {

class Database;

// The organization's members.
class UserService : public QObject
{
    Q_OBJECT
public:
    struct NewUser
    {
        QString email;
        QString name;
        Role role = Role::Member;
        QString password;
    };

    explicit UserService(const Database &database, QObject *parent = nullptr);

    Page<User> list(const Actor &actor, const PageRequest &request) const;
    std::optional<User> find(const Actor &actor, const QString &id) const;

    // OWNER or ADMIN; only an OWNER may create another OWNER. Email taken → CONFLICT.
    User create(const Actor &actor, const NewUser &request);

signals:
    void userCreated(const QString &orgId, const QString &userId);

private:
    const Database &m_database;
};

} // namespace cadenio
