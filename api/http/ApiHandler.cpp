#include "ApiHandler.h"

#include "ApiRequest.h"
#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/KeyMaterial.h"
#include "RequestContext.h"
#include "services/Services.h"
#include "store/StoreError.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcApi, "cadenio.api")

namespace cadenio::api {

namespace {
// "Multipart/Form-Data; boundary=x" → "multipart/form-data"
QByteArray mediaType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon))
        .trimmed()
        .toByteArray()
        .toLower();
}
} // namespace

ApiHandler::ApiHandler(Services &services, Router router)
    : ApiHandler(services, std::move(router), Limits{})
{}

ApiHandler::ApiHandler(Services &services, Router router, Limits limits)
    : m_services(services)
    , m_router(std::move(router))
    , m_limits(limits)
    , m_resolver(services.sessions(), services.keys())
    , m_rateLimiter(limits.requestsPerKeyPerWindow, limits.rateWindowMs, &services.database())
{}

ApiResponse ApiHandler::handle(const ApiRequest &request) const
{
    QElapsedTimer timer;
    timer.start();
    const QString requestId = ids::generate(u"req_");
    Progress progress;
    ApiResponse response = [&] {
        try {
            return dispatch(request, progress);
        } catch (const Error &error) {
            return ApiResponse::error(error);
        } catch (const StoreError &error) {
            qCWarning(lcApi).noquote() << requestId << "store failure:" << error.message();
        } catch (const std::exception &error) {
            qCWarning(lcApi).noquote() << requestId << "unexpected failure:" << error.what();
        }
        return ApiResponse::error(
            Error(Error::Code::Internal,
                  QStringLiteral("Unexpected server error. Contact support with request id %1.")
                      .arg(requestId)));
    }();
    addRateHeaders(response, progress);
    response.setHeader("X-Request-Id", requestId.toLatin1());
    response.setHeader("Cache-Control", "no-store");
    if (m_observer) {
        const bool byKey =
            progress.principal && progress.principal->kind == Principal::Kind::ApiKey;
        m_observer(Outcome{
            request.method, request.path, response.status(), requestId, timer.nsecsElapsed() / 1000,
            byKey ? keymaterial::displayPrefix(progress.principal->token) : QString()});
    }
    return response;
}

ApiResponse ApiHandler::dispatch(const ApiRequest &request, Progress &progress) const
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.route) {
        if (match.allowedMethods.isEmpty())
            throw Error(Error::Code::NotFound,
                        QStringLiteral("No such endpoint: %1.").arg(request.path));
        ApiResponse response =
            ApiResponse::error(Error(Error::Code::MethodNotAllowed,
                                     QStringLiteral("%1 is not allowed on %2.")
                                         .arg(QString::fromLatin1(request.method), request.path)));
        response.setHeader("Allow", match.allowedMethods.join(", "));
        return response;
    }
    const Route &route = *match.route;
    checkBody(request, route);
    if (route.access != Access::Public) {
        progress.principal = m_resolver.resolve(request);
        checkPermission(*progress.principal, route);
        if (progress.principal->kind == Principal::Kind::ApiKey && m_rateLimiter.isEnabled()) {
            progress.rate = m_rateLimiter.take(progress.principal->actor.id);
            if (!progress.rate->allowed)
                throw Error::rateLimited(progress.rate->retryAfterSeconds);
        }
    }
    checkQuery(request, route);
    RequestContext context{request, match.parameters, progress.principal.value_or(Principal{}),
                           m_services};
    return route.handler(context);
}

qint64 ApiHandler::bodyLimit(QByteArrayView contentType) const
{
    return mediaType(contentType) == "multipart/form-data" ? m_limits.maxUploadBody
                                                           : m_limits.maxJsonBody;
}

void ApiHandler::checkBody(const ApiRequest &request, const Route &route) const
{
    const QByteArray contentType = request.header("Content-Type");
    const qint64 limit = bodyLimit(contentType);
    // Declared length first: an oversize body is refused before anything reads it.
    const QByteArray declared = request.header("Content-Length");
    if ((!declared.isEmpty() && declared.toLongLong() > limit) || request.body.size() > limit) {
        throw Error(Error::Code::PayloadTooLarge,
                    QStringLiteral("The request body exceeds %1 bytes.").arg(limit));
    }
    if (!route.takesBody)
        return;
    if (mediaType(contentType) != "application/json") {
        throw Error::invalid(QStringLiteral("Content-Type"),
                             QStringLiteral("'Content-Type' must be application/json."));
    }
}

void ApiHandler::checkQuery(const ApiRequest &request, const Route &route)
{
    QStringList seen;
    for (const auto &[name, value] : request.query.queryItems()) {
        Q_UNUSED(value);
        if (!route.queryParameters.contains(name))
            throw Error::invalid(name, QStringLiteral("Unknown query parameter '%1'.").arg(name));
        // "limit=5&limit=500" is ambiguous; say so rather than pick one.
        if (seen.contains(name))
            throw Error::invalid(
                name, QStringLiteral("Query parameter '%1' is given more than once.").arg(name));
        seen << name;
    }
}

void ApiHandler::checkPermission(const Principal &principal, const Route &route)
{
    if (principal.kind == Principal::Kind::ApiKey) {
        if (route.access == Access::Session) {
            throw Error::forbidden(
                QStringLiteral("This endpoint needs a signed-in user; API keys cannot use it."));
        }
        if (!principal.scopes.contains(route.scope)) {
            throw Error(Error::Code::MissingScope,
                        QStringLiteral("This action requires the '%1' scope.").arg(route.scope))
                .withDetail(QStringLiteral("required_scope"), route.scope);
        }
        return;
    }
    // Sessions are not subject to scopes; their role decides.
    if (!principal.actor.hasRole(route.roles)) {
        throw Error::forbidden(QStringLiteral("Your role (%1) may not do this.")
                                   .arg(roleName(principal.actor.role.value_or(Role::Auditor))));
    }
}

void ApiHandler::addRateHeaders(ApiResponse &response, Progress &progress) const
{
    if (!progress.principal || progress.principal->kind != Principal::Kind::ApiKey ||
        !m_rateLimiter.isEnabled()) {
        return;
    }
    // Refused before the limiter counted it (e.g. a missing scope): report without counting.
    if (!progress.rate)
        progress.rate = m_rateLimiter.peek(progress.principal->actor.id);
    response.setHeader("X-RateLimit-Limit", QByteArray::number(progress.rate->limit));
    response.setHeader("X-RateLimit-Remaining", QByteArray::number(progress.rate->remaining));
    response.setHeader("X-RateLimit-Reset", QByteArray::number(progress.rate->resetEpochSeconds));
}

} // namespace cadenio::api
