#include "SessionService.h"

#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "PasswordHasher.h"
#include "store/Database.h"
#include "store/SessionRepository.h"
#include "store/Transaction.h"
#include "store/UserRepository.h"

namespace cadenio {

namespace {
const QString kTokenPrefix = QStringLiteral("sess_");
}

SessionService::SessionService(const Database &database, MasterKey key, LoginThrottle &throttle,
                               QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_key(std::move(key))
    , m_throttle(throttle)
{}

bool SessionService::looksLikeToken(QStringView token)
{
    return token.startsWith(kTokenPrefix) && token.size() > kTokenPrefix.size() &&
           token.size() < 200;
}

NewSession SessionService::signIn(const QString &email, const QString &password,
                                  const QString &clientAddress)
{
    const QString normalized = email.trimmed().toLower();
    m_throttle.reserve(normalized, clientAddress);

    const auto credentials = UserRepository(m_database.connection()).findActiveByEmail(normalized);
    const bool valid = credentials ? passwords::verify(credentials->passwordHash, password)
                                   : (passwords::verifyDummy(password), false);
    if (!valid) // the attempt already counts as a failure: reserve() counted it
        throw Error(Error::Code::Unauthorized, QStringLiteral("Invalid email or password."));
    m_throttle.recordSuccess(normalized, clientAddress);

    const QDateTime now = timestamps::now();
    NewSession created;
    created.token = kTokenPrefix + ids::randomBase62(32);
    created.session =
        Session{ids::generate(u"sess_"), credentials->user, now, now.addSecs(kLifetimeSeconds)};
    Transaction tx(m_database);
    SessionRepository(tx.db()).insert(created.session, m_key.tokenHash(created.token));
    tx.commit();
    return created;
}

std::optional<Session> SessionService::authenticate(QStringView token) const
{
    if (!looksLikeToken(token))
        return std::nullopt;
    return SessionRepository(m_database.connection())
        .findLive(m_key.tokenHash(token), timestamps::toStored(timestamps::now()));
}

void SessionService::signOut(QStringView token)
{
    Transaction tx(m_database);
    SessionRepository(tx.db()).revoke(m_key.tokenHash(token),
                                      timestamps::toStored(timestamps::now()));
    tx.commit();
}

} // namespace cadenio
