#include "domain/Error.h"
#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/JsonValues.h"
#include "http/RequestContext.h"
#include "services/Services.h"

#include <QJsonArray>

namespace cadenio::api {

namespace {
const QString kScope = QStringLiteral("webhooks:manage");

QJsonObject webhookJson(const Webhook &w)
{
    return {
        {QStringLiteral("id"), w.id},
        {QStringLiteral("url"), w.url},
        {QStringLiteral("events"), QJsonArray::fromStringList(w.events)},
        {QStringLiteral("description"), w.description},
        {QStringLiteral("created_at"), timestamps::format(w.createdAt)},
        {QStringLiteral("disabled_at"), timeOrNull(w.disabledAt)},
        {QStringLiteral("disabled_reason"), textOrNull(w.disabledReason)},
    };
}

QJsonObject deliveryJson(const WebhookDelivery &d)
{
    return {
        {QStringLiteral("id"), d.id},
        {QStringLiteral("webhook_id"), d.webhookId},
        {QStringLiteral("event_id"), d.eventId},
        {QStringLiteral("event"), d.event},
        {QStringLiteral("attempt"), d.attempt},
        {QStringLiteral("status"), d.status},
        {QStringLiteral("status_code"), d.statusCode ? QJsonValue(*d.statusCode) : QJsonValue()},
        {QStringLiteral("duration_ms"),
         d.durationMs ? QJsonValue(double(*d.durationMs)) : QJsonValue()},
        {QStringLiteral("error"), textOrNull(d.error)},
        {QStringLiteral("next_attempt_at"), timeOrNull(d.nextAttemptAt)},
        {QStringLiteral("created_at"), timestamps::format(d.createdAt)},
        {QStringLiteral("delivered_at"), timeOrNull(d.deliveredAt)},
    };
}
} // namespace

void addWebhookRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/webhooks"),
                Access::SessionOrKey,
                kScope,
                Roles::admins(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<Webhook> page =
                        ctx.services.webhooks().list(ctx.actor(), ctx.page());
                    return ApiResponse::ok(pagination::envelope<Webhook>(page, webhookJson));
                }});
    router.add(
        {"POST",
         QStringLiteral("/v1/webhooks"),
         Access::SessionOrKey,
         kScope,
         Roles::admins(),
         true,
         {},
         [](RequestContext &ctx) {
             const JsonReader body = ctx.json({u"url", u"events", u"description", u"secret"});
             WebhookService::NewRequest request;
             request.url = body.string(QStringLiteral("url"));
             request.events = body.stringList(QStringLiteral("events"));
             request.description =
                 body.optionalString(QStringLiteral("description")).value_or(QString());
             request.secret = body.optionalString(QStringLiteral("secret"));
             const NewWebhook created = ctx.services.webhooks().create(ctx.actor(), request);
             QJsonObject json = webhookJson(created.webhook);
             json.insert(QStringLiteral("secret"), created.secret);
             return ApiResponse::created(json);
         }});
    router.add({"DELETE",
                QStringLiteral("/v1/webhooks/:id"),
                Access::SessionOrKey,
                kScope,
                Roles::admins(),
                false,
                {},
                [](RequestContext &ctx) {
                    ctx.services.webhooks().remove(ctx.actor(),
                                                   ctx.parameter(QStringLiteral("id")));
                    return ApiResponse::noContent();
                }});
    router.add({"GET",
                QStringLiteral("/v1/webhooks/:id/deliveries"),
                Access::SessionOrKey,
                kScope,
                Roles::admins(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<WebhookDelivery> page = ctx.services.webhooks().deliveries(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")), ctx.page());
                    return ApiResponse::ok(
                        pagination::envelope<WebhookDelivery>(page, deliveryJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/webhooks/:id/deliveries/:did/redeliver"),
                Access::SessionOrKey,
                kScope,
                Roles::admins(),
                false,
                {},
                [](RequestContext &ctx) {
                    const WebhookDelivery delivery = ctx.services.webhooks().redeliver(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")),
                        ctx.parameter(QStringLiteral("did")));
                    return ApiResponse::json(202, deliveryJson(delivery));
                }});
}

} // namespace cadenio::api
