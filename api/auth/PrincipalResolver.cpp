#include "PrincipalResolver.h"

#include "domain/Error.h"
#include "domain/KeyMaterial.h"
#include "http/ApiRequest.h"
#include "services/KeyService.h"
#include "services/SessionService.h"

namespace cadenio::api {

namespace {
Error unauthorized(const QString &message)
{
    return Error(Error::Code::Unauthorized, message);
}
} // namespace

PrincipalResolver::PrincipalResolver(SessionService &sessions, KeyService &keys)
    : m_sessions(sessions)
    , m_keys(keys)
{}

QString PrincipalResolver::bearerToken(const ApiRequest &request)
{
    const QByteArray header = request.header("Authorization").trimmed();
    if (header.isEmpty())
        return QString::fromLatin1(request.cookie(kSessionCookie));
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 ||
        QByteArrayView(header).first(space).compare("Bearer", Qt::CaseInsensitive) != 0)
        throw unauthorized(QStringLiteral("The Authorization header must be 'Bearer <token>'."));
    const QByteArray token = header.mid(space + 1).trimmed();
    if (token.isEmpty() || token.contains(' '))
        throw unauthorized(QStringLiteral("The Authorization header must be 'Bearer <token>'."));
    return QString::fromLatin1(token);
}

Principal PrincipalResolver::resolve(const ApiRequest &request) const
{
    const QString token = bearerToken(request);
    if (token.isEmpty())
        throw unauthorized(
            QStringLiteral("Missing credentials: send 'Authorization: Bearer <token>'."));
    if (SessionService::looksLikeToken(token)) {
        if (const auto session = m_sessions.authenticate(token)) {
            return Principal{Principal::Kind::Session,
                             Actor::user(session->user.id, session->user.orgId, session->user.role),
                             token,
                             {}};
        }
        throw unauthorized(QStringLiteral("The session is invalid or has expired; sign in again."));
    }
    if (token.startsWith(keymaterial::kPrefix)) {
        const ApiKey key = m_keys.verify(token);
        std::optional<ResourceLimit> limit;
        if (key.resourceMode == ResourceMode::Selected)
            limit = ResourceLimit{key.templateIds, key.folderIds};
        return Principal{Principal::Kind::ApiKey,
                         Actor::apiKey(key.id, key.orgId, std::move(limit)), token, key.scopes};
    }
    throw unauthorized(QStringLiteral("Invalid API key."));
}

} // namespace cadenio::api
