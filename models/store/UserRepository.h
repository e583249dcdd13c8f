#pragma once

#include "domain/User.h"
#include "Page.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

class UserRepository
{
public:
    explicit UserRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    struct Credentials
    {
        User user;
        QString passwordHash;
    };

    std::optional<User> find(const QString &orgId, const QString &id) const;
    std::optional<Credentials> findActiveByEmail(const QString &email) const;
    bool emailTaken(const QString &email) const;
    Page<User> list(const QString &orgId, const PageRequest &request) const;
    void insert(const User &user, const QString &passwordHash);

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
