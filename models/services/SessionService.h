#pragma once

#include "domain/Session.h"
#include "LoginThrottle.h"
#include "MasterKey.h"

#include <QObject>

#include <optional>

namespace cadenio {

class Database;

// Signs console users in and out. Tokens are random, shown once, and stored only as keyed
// hashes; a session lives for a fixed time and dies at once when signed out.
class SessionService : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kLifetimeSeconds = 12 * 60 * 60;

    SessionService(const Database &database, MasterKey key, LoginThrottle &throttle,
                   QObject *parent = nullptr);

    // Throws UNAUTHORIZED for an unknown email or a wrong password alike, RATE_LIMITED
    // after too many failures for this email or client address.
    NewSession signIn(const QString &email, const QString &password, const QString &clientAddress);
    std::optional<Session> authenticate(QStringView token) const;
    void signOut(QStringView token);

    static bool looksLikeToken(QStringView token);

private:
    const Database &m_database;
    MasterKey m_key;
    LoginThrottle &m_throttle;
};

} // namespace cadenio
