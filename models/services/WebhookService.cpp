#include "WebhookService.h"

#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/Keyset.h"
#include "store/SqlQuery.h"
#include "store/StoreError.h"
#include "store/Transaction.h"

#include <QUrl>

namespace cadenio {

namespace {
constexpr qsizetype kMaxUrlLength = 2048;
constexpr qsizetype kMaxDescriptionLength = 500;
constexpr qsizetype kMinSecretLength = 16;
constexpr qsizetype kMaxSecretLength = 256;
// How far the fan-out looks behind its cursor: an event whose transaction commits later
// than a newer one is still picked up as long as it commits within this window.
constexpr qint64 kFanOutLookbackMs = 5 * 60 * 1000;
constexpr int kFanOutBatch = 500;

const QString kPending = QStringLiteral("pending");
const QString kSucceeded = QStringLiteral("succeeded");
const QString kFailed = QStringLiteral("failed");

const QString kWebhookColumns =
    QStringLiteral("w.id, w.org_id, w.url, w.events, w.description, w.created_at, w.disabled_at, "
                   "w.disabled_reason");
const QString kDeliveryColumns =
    QStringLiteral("d.id, d.webhook_id, d.event_id, o.event, d.attempt, d.status, d.status_code, "
                   "d.duration_ms, d.error, d.next_attempt_at, d.created_at, d.delivered_at");

Webhook readWebhook(const SqlQuery &q)
{
    Webhook w;
    w.id = q.text(0);
    w.orgId = q.text(1);
    w.url = q.text(2);
    w.events = q.text(3).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    w.description = q.text(4);
    w.createdAt = timestamps::fromStored(q.integer(5));
    w.disabledAt = optionalTime(q, 6);
    w.disabledReason = q.text(7);
    return w;
}

WebhookDelivery readDelivery(const SqlQuery &q)
{
    WebhookDelivery d;
    d.id = q.text(0);
    d.webhookId = q.text(1);
    d.eventId = q.text(2);
    d.event = q.text(3);
    d.attempt = int(q.integer(4));
    d.status = q.text(5);
    if (!q.isNull(6))
        d.statusCode = int(q.integer(6));
    if (!q.isNull(7))
        d.durationMs = q.integer(7);
    d.error = q.text(8);
    d.nextAttemptAt = d.status == kPending ? optionalTime(q, 9) : QDateTime();
    d.createdAt = timestamps::fromStored(q.integer(10));
    d.deliveredAt = optionalTime(q, 11);
    return d;
}

bool subscribes(const QStringList &events, const QString &event)
{
    return WebhookService::eventNames().contains(event) &&
           (events.contains(QStringLiteral("*")) || events.contains(event));
}

QString checkedUrl(const QString &text, bool allowHttp)
{
    const QString field = QStringLiteral("url");
    const QUrl url(text, QUrl::StrictMode);
    if (text.size() > kMaxUrlLength || !url.isValid() || url.host().isEmpty() ||
        !url.userInfo().isEmpty() || !url.fragment().isEmpty())
        throw Error::unprocessable(field, QStringLiteral("'url' must be an absolute URL with a "
                                                         "host, no credentials and no fragment."));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return text;
    if (scheme == QLatin1String("http") && allowHttp)
        return text;
    throw Error::unprocessable(field, allowHttp
                                          ? QStringLiteral("'url' must be http:// or https://.")
                                          : QStringLiteral("'url' must be https://."));
}

// "5 days", "36 hours", "800 ms": a span in the largest unit that divides it, so a disabled
// endpoint's reason reads the way the limit was set.
QString spanText(qint64 ms)
{
    struct Unit
    {
        qint64 ms;
        QLatin1StringView name;
    };
    static constexpr Unit kUnits[] = {{24 * 3600 * 1000, QLatin1StringView("day")},
                                      {3600 * 1000, QLatin1StringView("hour")},
                                      {60 * 1000, QLatin1StringView("minute")},
                                      {1000, QLatin1StringView("second")}};
    for (const Unit &unit : kUnits) {
        if (ms >= unit.ms && ms % unit.ms == 0) {
            const qint64 count = ms / unit.ms;
            return QStringLiteral("%1 %2%3").arg(count).arg(
                unit.name, count == 1 ? QString() : QStringLiteral("s"));
        }
    }
    return QStringLiteral("%1 ms").arg(ms);
}

QStringList checkedEvents(const QStringList &events)
{
    if (events.isEmpty())
        throw Error::unprocessable(QStringLiteral("events"),
                                   QStringLiteral("'events' must name at least one event, or "
                                                  "[\"*\"] for all."));
    QStringList result;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QString &event = events.at(i);
        if (event != QLatin1String("*") && !WebhookService::eventNames().contains(event)) {
            const QString path = QStringLiteral("events[%1]").arg(i);
            throw Error::unprocessable(
                path, QStringLiteral("'%1' is not an event; valid events are %2, or \"*\".")
                          .arg(event, WebhookService::eventNames().join(QStringLiteral(", "))));
        }
        if (!result.contains(event))
            result << event;
    }
    // "*" already covers the rest; storing it alone keeps the listing unambiguous.
    if (result.contains(QStringLiteral("*")))
        return {QStringLiteral("*")};
    return result;
}
} // namespace

WebhookService::WebhookService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

WebhookService::WebhookService(const Database &database, MasterKey masterKey, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_masterKey(std::move(masterKey))
{}

QStringList WebhookService::eventNames()
{
    return {QStringLiteral("run.created"), QStringLiteral("run.completed"),
            QStringLiteral("run.overdue"), QStringLiteral("task.completed")};
}

const MasterKey &WebhookService::masterKey() const
{
    if (!m_masterKey)
        throw StoreError(QStringLiteral("webhooks need the instance master key"));
    return *m_masterKey;
}

void WebhookService::requireManager(const Actor &actor) const
{
    // API keys reach here only with webhooks:manage (the router checks scopes).
    if (actor.type == Actor::Type::User && !actor.hasRole(Roles::admins()))
        throw Error::forbidden(QStringLiteral("Only an owner or admin can manage webhooks."));
}

NewWebhook WebhookService::create(const Actor &actor, const NewRequest &request)
{
    requireManager(actor);
    NewWebhook created;
    Webhook &w = created.webhook;
    w.url = checkedUrl(request.url, allowsHttp());
    w.events = checkedEvents(request.events);
    if (request.description.size() > kMaxDescriptionLength)
        throw Error::unprocessable(QStringLiteral("description"),
                                   QStringLiteral("'description' is longer than %1 characters.")
                                       .arg(kMaxDescriptionLength));
    // The column is NOT NULL; a null QString would bind as NULL.
    w.description = request.description.isNull() ? QStringLiteral("") : request.description;
    if (request.secret) {
        const QString &secret = *request.secret;
        if (secret.size() < kMinSecretLength || secret.size() > kMaxSecretLength)
            throw Error::unprocessable(QStringLiteral("secret"),
                                       QStringLiteral("'secret' must be %1 to %2 characters.")
                                           .arg(kMinSecretLength)
                                           .arg(kMaxSecretLength));
        created.secret = secret;
    } else {
        created.secret = QStringLiteral("whsec_") + ids::randomBase62(32);
    }
    w.id = ids::generate(u"wh_");
    w.orgId = actor.orgId;
    w.createdAt = timestamps::now();

    const QString sealed = masterKey().seal(created.secret.toUtf8());
    Transaction tx(m_database);
    SqlQuery(tx.db(), QStringLiteral("INSERT INTO webhooks (id, org_id, url, events, description, "
                                     "secret_sealed, created_at) VALUES (:id, :org, :url, :events, "
                                     ":description, :secret, :at)"))
        .bind(QStringLiteral(":id"), w.id)
        .bind(QStringLiteral(":org"), w.orgId)
        .bind(QStringLiteral(":url"), w.url)
        .bind(QStringLiteral(":events"), w.events.join(QLatin1Char(' ')))
        .bind(QStringLiteral(":description"), w.description)
        .bind(QStringLiteral(":secret"), sealed)
        .bind(QStringLiteral(":at"), timestamps::toStored(w.createdAt))
        .exec();
    tx.commit();
    emit webhookCreated(w.orgId, w.id);
    return created;
}

Page<Webhook> WebhookService::list(const Actor &actor, const PageRequest &request) const
{
    requireManager(actor);
    const QString table = QStringLiteral("w");
    SqlQuery q(
        m_database.connection(),
        QStringLiteral("SELECT ") + kWebhookColumns +
            QStringLiteral(" FROM webhooks w WHERE w.org_id = :org AND w.deleted_at IS NULL") +
            keyset::condition(request, table) + keyset::orderAndLimit(request, table));
    q.bind(QStringLiteral(":org"), actor.orgId);
    keyset::bind(q, request);
    q.exec();
    QList<Webhook> rows;
    while (q.next())
        rows.append(readWebhook(q));
    return keyset::finish(std::move(rows), request, [](const Webhook &w) {
        return PagePosition{timestamps::toStored(w.createdAt), w.id};
    });
}

std::optional<Webhook> WebhookService::find(const QString &id) const
{
    SqlQuery q(m_database.connection(), QStringLiteral("SELECT ") + kWebhookColumns +
                                            QStringLiteral(" FROM webhooks w WHERE w.id = :id"));
    q.bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readWebhook(q);
}

void WebhookService::remove(const Actor &actor, const QString &id)
{
    requireManager(actor);
    Transaction tx(m_database);
    // Kept as a tombstone: the deliveries log still refers to it.
    SqlQuery q(tx.db(), QStringLiteral("UPDATE webhooks SET deleted_at = :at WHERE id = :id AND "
                                       "org_id = :org AND deleted_at IS NULL"));
    q.bind(QStringLiteral(":at"), timestamps::toStored(timestamps::now()))
        .bind(QStringLiteral(":id"), id)
        .bind(QStringLiteral(":org"), actor.orgId)
        .exec();
    if (q.rowsAffected() == 0)
        throw Error::notFound(QStringLiteral("webhook"));
    tx.commit();
    emit webhookDeleted(actor.orgId, id);
}

Page<WebhookDelivery> WebhookService::deliveries(const Actor &actor, const QString &webhookId,
                                                 const PageRequest &request) const
{
    requireManager(actor);
    const auto webhook = find(webhookId);
    if (!webhook || webhook->orgId != actor.orgId)
        throw Error::notFound(QStringLiteral("webhook"));
    SqlQuery deleted(m_database.connection(),
                     QStringLiteral("SELECT deleted_at FROM webhooks WHERE id = :id"));
    deleted.bind(QStringLiteral(":id"), webhookId).exec();
    if (deleted.next() && !deleted.isNull(0))
        throw Error::notFound(QStringLiteral("webhook"));

    const QString table = QStringLiteral("d");
    SqlQuery q(m_database.connection(),
               QStringLiteral("SELECT ") + kDeliveryColumns +
                   QStringLiteral(" FROM webhook_deliveries d JOIN outbox o ON o.id = d.event_id "
                                  "WHERE d.webhook_id = :webhook") +
                   keyset::condition(request, table) + keyset::orderAndLimit(request, table));
    q.bind(QStringLiteral(":webhook"), webhookId);
    keyset::bind(q, request);
    q.exec();
    QList<WebhookDelivery> rows;
    while (q.next())
        rows.append(readDelivery(q));
    return keyset::finish(std::move(rows), request, [](const WebhookDelivery &d) {
        return PagePosition{timestamps::toStored(d.createdAt), d.id};
    });
}

WebhookDelivery WebhookService::redeliver(const Actor &actor, const QString &webhookId,
                                          const QString &deliveryId)
{
    requireManager(actor);
    Transaction tx(m_database);
    SqlQuery update(
        tx.db(),
        QStringLiteral("UPDATE webhook_deliveries SET status = :pending, next_attempt_at = :now "
                       "WHERE id = :id AND webhook_id IN (SELECT id FROM webhooks WHERE id = "
                       ":webhook AND org_id = :org AND deleted_at IS NULL)"));
    update.bind(QStringLiteral(":pending"), kPending)
        .bind(QStringLiteral(":now"), timestamps::toStored(timestamps::now()))
        .bind(QStringLiteral(":id"), deliveryId)
        .bind(QStringLiteral(":webhook"), webhookId)
        .bind(QStringLiteral(":org"), actor.orgId)
        .exec();
    if (update.rowsAffected() == 0)
        throw Error::notFound(QStringLiteral("delivery"));
    SqlQuery q(tx.db(), QStringLiteral("SELECT ") + kDeliveryColumns +
                            QStringLiteral(" FROM webhook_deliveries d JOIN outbox o ON o.id = "
                                           "d.event_id WHERE d.id = :id"));
    q.bind(QStringLiteral(":id"), deliveryId).exec();
    q.next();
    WebhookDelivery delivery = readDelivery(q);
    tx.commit();
    emit deliveriesPending();
    return delivery;
}

int WebhookService::fanOut(const QDateTime &now, FanOutDepth depth)
{
    const QSqlDatabase db = m_database.connection();
    const QString cursorName = QStringLiteral("outbox");
    qint64 cursor = 0;
    {
        SqlQuery q(db, QStringLiteral("SELECT created_at FROM webhook_cursor WHERE name = :name"));
        q.bind(QStringLiteral(":name"), cursorName).exec();
        if (q.next())
            cursor = q.integer(0);
    }
    qint64 newest = cursor;
    {
        SqlQuery q(db, QStringLiteral("SELECT MAX(created_at) FROM outbox"));
        q.exec();
        if (q.next() && !q.isNull(0))
            newest = std::max(newest, q.integer(0));
    }
    // Pairs of (event, active endpoint of its org created before it) without a delivery
    // yet. NOT EXISTS uses the UNIQUE index, so rows already fanned out cost a probe.
    SqlQuery pairs(
        db, QStringLiteral(
                "SELECT o.id, o.event, w.id, w.events, o.created_at FROM outbox o JOIN webhooks w "
                "ON w.org_id = "
                "o.org_id AND w.deleted_at IS NULL AND w.disabled_at IS NULL AND w.created_at <= "
                "o.created_at WHERE o.created_at > :since AND NOT EXISTS (SELECT 1 FROM "
                "webhook_deliveries d WHERE d.webhook_id = w.id AND d.event_id = o.id) ORDER BY "
                "o.created_at, o.id LIMIT %1")
                .arg(kFanOutBatch));
    qint64 since = cursor - kFanOutLookbackMs;
    const qint64 reached = m_fannedOutTo.loadRelaxed();
    // A shallow pass starts where this process's last one stopped instead of re-probing
    // every event of the lookback window: with a large backlog that re-scan cost more than
    // the deliveries. Deep passes still look back for transactions that committed late.
    if (depth == FanOutDepth::Shallow && reached > since)
        since = reached - 1;
    pairs.bind(QStringLiteral(":since"), since).exec();
    struct Pair
    {
        QString eventId;
        QString webhookId;
    };
    QList<Pair> wanted;
    int seen = 0;
    qint64 lastSeen = since;
    while (pairs.next()) {
        ++seen;
        lastSeen = pairs.integer(4);
        if (subscribes(pairs.text(3).split(QLatin1Char(' '), Qt::SkipEmptyParts), pairs.text(1)))
            wanted.append({pairs.text(0), pairs.text(2)});
    }
    // Unsubscribed pairs come back on the next pass; they are few (one per event and
    // endpoint within the lookback window) and cheap.
    int created = 0;
    Transaction tx(m_database);
    const qint64 at = timestamps::toStored(now);
    for (const Pair &pair : wanted) {
        SqlQuery insert(tx.db(),
                        QStringLiteral("INSERT INTO webhook_deliveries (id, webhook_id, event_id, "
                                       "attempt, status, next_attempt_at, created_at) VALUES (:id, "
                                       ":webhook, :event, 0, :pending, :next, :at) ON CONFLICT "
                                       "(webhook_id, event_id) DO NOTHING"));
        insert.bind(QStringLiteral(":id"), ids::generate(u"whd_"))
            .bind(QStringLiteral(":webhook"), pair.webhookId)
            .bind(QStringLiteral(":event"), pair.eventId)
            .bind(QStringLiteral(":pending"), kPending)
            .bind(QStringLiteral(":next"), at)
            .bind(QStringLiteral(":at"), at)
            .exec();
        created += insert.rowsAffected() > 0 ? 1 : 0;
    }
    // A full batch may have left pairs behind the newest event: keep the cursor so the next
    // pass sees them.
    if (seen < kFanOutBatch && newest != cursor) {
        SqlQuery update(tx.db(), QStringLiteral("UPDATE webhook_cursor SET created_at = :at "
                                                "WHERE name = :name"));
        update.bind(QStringLiteral(":at"), newest).bind(QStringLiteral(":name"), cursorName).exec();
        if (update.rowsAffected() == 0)
            SqlQuery(tx.db(), QStringLiteral("INSERT INTO webhook_cursor (name, created_at) VALUES "
                                             "(:name, :at) ON CONFLICT (name) DO NOTHING"))
                .bind(QStringLiteral(":name"), cursorName)
                .bind(QStringLiteral(":at"), newest)
                .exec();
    }
    tx.commit();
    // Everything older than the last event seen is fanned out (a full batch may have stopped
    // part-way through the events of that instant; the next pass starts there again).
    m_fannedOutTo.storeRelaxed(std::max(reached, seen < kFanOutBatch ? newest : lastSeen));
    return created;
}

QList<WebhookService::Due> WebhookService::due(const QDateTime &now, int limit,
                                               const QStringList &busyWebhooks) const
{
    // Ordered by the index alone: a tie-break on id would make SQLite read and sort every
    // row of the oldest instant (a fan-out pass writes hundreds with one next_attempt_at)
    // to return a handful.
    QStringList placeholders;
    for (qsizetype i = 0; i < busyWebhooks.size(); ++i)
        placeholders << QStringLiteral(":busy%1").arg(i);
    const QString skipBusy =
        placeholders.isEmpty()
            ? QString()
            : QStringLiteral(" AND d.webhook_id NOT IN (%1)").arg(placeholders.join(u", "));
    SqlQuery q(m_database.connection(),
               QStringLiteral(
                   "SELECT d.id, d.webhook_id, d.event_id, o.event, o.payload, w.url, "
                   "w.secret_sealed, d.attempt, d.next_attempt_at, d.created_at FROM "
                   "webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN outbox o ON "
                   "o.id = d.event_id WHERE d.status = :pending AND d.next_attempt_at <= :now AND "
                   "w.deleted_at IS NULL AND w.disabled_at IS NULL%1 ORDER BY d.next_attempt_at "
                   "LIMIT %2")
                   .arg(skipBusy)
                   .arg(limit));
    q.bind(QStringLiteral(":pending"), kPending)
        .bind(QStringLiteral(":now"), timestamps::toStored(now));
    for (qsizetype i = 0; i < busyWebhooks.size(); ++i)
        q.bind(placeholders.at(i), busyWebhooks.at(i));
    q.exec();
    QList<Due> result;
    while (q.next()) {
        Due d;
        d.deliveryId = q.text(0);
        d.webhookId = q.text(1);
        d.eventId = q.text(2);
        d.event = q.text(3);
        d.payload = q.text(4).toUtf8();
        d.url = q.text(5);
        const auto secret = masterKey().open(q.text(6));
        if (!secret)
            continue; // sealed under another master key: nothing we could sign with
        d.secret = *secret;
        d.attempt = int(q.integer(7));
        // The claim compares against the value read, so another dispatcher's claim wins.
        d.dueAt = q.integer(8);
        result.append(d);
    }
    return result;
}

bool WebhookService::claim(const Due &due, const QDateTime &leaseUntil)
{
    // The row is taken only while it is still due as read. On a store shared by instances,
    // a row another dispatcher is claiming right now is skipped rather than waited for.
    SqlQuery q(m_database.connection(),
               QStringLiteral("UPDATE webhook_deliveries SET next_attempt_at = :lease WHERE id "
                              "IN (SELECT id FROM webhook_deliveries WHERE id = :id AND status = "
                              ":pending AND next_attempt_at = :read AND attempt = :attempt") +
                   m_database.dialect().lockRowsSkipLocked() + QStringLiteral(")"));
    q.bind(QStringLiteral(":lease"), timestamps::toStored(leaseUntil))
        .bind(QStringLiteral(":id"), due.deliveryId)
        .bind(QStringLiteral(":pending"), kPending)
        .bind(QStringLiteral(":read"), due.dueAt)
        .bind(QStringLiteral(":attempt"), due.attempt)
        .exec();
    return q.rowsAffected() > 0;
}

QList<WebhookService::Due> WebhookService::claimAll(const QList<Due> &due,
                                                    const QDateTime &leaseUntil)
{
    QList<Due> claimed;
    // claim() runs on this thread's connection, so inside this transaction.
    Transaction tx(m_database);
    for (const Due &delivery : due) {
        if (claim(delivery, leaseUntil))
            claimed << delivery;
    }
    tx.commit();
    return claimed;
}

void WebhookService::record(const Due &due, const Outcome &outcome, const QDateTime &now,
                            const QDateTime &retryAt, qint64 disableAfterMs)
{
    recordAll({Attempt{due, outcome, now, retryAt}}, disableAfterMs);
}

void WebhookService::recordAll(const QList<Attempt> &attempts, qint64 disableAfterMs)
{
    Transaction tx(m_database);
    for (const Attempt &attempt : attempts)
        recordIn(tx.db(), attempt, disableAfterMs);
    tx.commit();
}

void WebhookService::recordIn(const QSqlDatabase &tx, const Attempt &attempt, qint64 disableAfterMs)
{
    const Due &due = attempt.due;
    const Outcome &outcome = attempt.outcome;
    const QDateTime &retryAt = attempt.retryAt;
    const qint64 at = timestamps::toStored(attempt.at);
    const QString status =
        outcome.succeeded ? kSucceeded : (retryAt.isValid() ? kPending : kFailed);
    SqlQuery(tx,
             QStringLiteral("UPDATE webhook_deliveries SET attempt = attempt + 1, status = "
                            ":status, next_attempt_at = :next, status_code = :code, duration_ms = "
                            ":duration, error = :error, delivered_at = :delivered WHERE id = :id"))
        .bind(QStringLiteral(":status"), status)
        .bind(QStringLiteral(":next"),
              nullableInteger(status == kPending ? std::optional(timestamps::toStored(retryAt))
                                                 : std::nullopt))
        .bind(QStringLiteral(":code"),
              nullableInteger(outcome.statusCode ? std::optional<qint64>(*outcome.statusCode)
                                                 : std::nullopt))
        .bind(QStringLiteral(":duration"), outcome.durationMs)
        .bind(QStringLiteral(":error"),
              outcome.error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : outcome.error)
        .bind(QStringLiteral(":delivered"),
              nullableInteger(outcome.succeeded ? std::optional(at) : std::nullopt))
        .bind(QStringLiteral(":id"), due.deliveryId)
        .exec();
    if (outcome.succeeded) {
        // Most successes follow successes: leave the row alone then.
        SqlQuery(tx, QStringLiteral("UPDATE webhooks SET failing_since = NULL WHERE id = :id "
                                    "AND failing_since IS NOT NULL"))
            .bind(QStringLiteral(":id"), due.webhookId)
            .exec();
    } else {
        SqlQuery(tx, QStringLiteral("UPDATE webhooks SET failing_since = :at WHERE id = :id "
                                    "AND failing_since IS NULL"))
            .bind(QStringLiteral(":at"), at)
            .bind(QStringLiteral(":id"), due.webhookId)
            .exec();
        SqlQuery(tx,
                 QStringLiteral("UPDATE webhooks SET disabled_at = :at, disabled_reason = :reason "
                                "WHERE id = :id AND disabled_at IS NULL AND failing_since <= "
                                ":threshold"))
            .bind(QStringLiteral(":at"), at)
            .bind(QStringLiteral(":reason"),
                  QStringLiteral("Deliveries failed without a break for %1; last error: %2")
                      .arg(spanText(disableAfterMs), outcome.error.left(200)))
            .bind(QStringLiteral(":id"), due.webhookId)
            .bind(QStringLiteral(":threshold"), at - disableAfterMs)
            .exec();
    }
}

} // namespace cadenio
