#include "SessionRepository.h"

#include "domain/Timestamps.h"
#include "SqlQuery.h"

namespace cadenio {

std::optional<Session> SessionRepository::findLive(const QString &tokenHash, qint64 now) const
{
    SqlQuery q(
        m_db,
        QStringLiteral(
            "SELECT s.id, s.created_at, s.expires_at, u.id, u.org_id, u.email, u.name, u.role, "
            "u.created_at FROM sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND s.expires_at > :now "
            "AND u.deactivated_at IS NULL"));
    q.bind(QStringLiteral(":hash"), tokenHash).bind(QStringLiteral(":now"), now).exec();
    if (!q.next())
        return std::nullopt;
    Session s;
    s.id = q.text(0);
    s.createdAt = timestamps::fromStored(q.integer(1));
    s.expiresAt = timestamps::fromStored(q.integer(2));
    s.user = User{q.text(3),
                  q.text(4),
                  q.text(5),
                  q.text(6),
                  roleFromName(q.text(7)).value_or(Role::Auditor),
                  timestamps::fromStored(q.integer(8))};
    return s;
}

void SessionRepository::insert(const Session &session, const QString &tokenHash)
{
    SqlQuery(m_db, QStringLiteral(
                       "INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at) "
                       "VALUES (:id, :hash, :user, :at, :exp)"))
        .bind(QStringLiteral(":id"), session.id)
        .bind(QStringLiteral(":hash"), tokenHash)
        .bind(QStringLiteral(":user"), session.user.id)
        .bind(QStringLiteral(":at"), timestamps::toStored(session.createdAt))
        .bind(QStringLiteral(":exp"), timestamps::toStored(session.expiresAt))
        .exec();
}

void SessionRepository::revoke(const QString &tokenHash, qint64 now)
{
    SqlQuery(m_db, QStringLiteral("UPDATE sessions SET revoked_at = :now WHERE token_hash = :hash "
                                  "AND revoked_at IS NULL"))
        .bind(QStringLiteral(":hash"), tokenHash)
        .bind(QStringLiteral(":now"), now)
        .exec();
}

} // namespace cadenio
