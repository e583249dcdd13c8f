#pragma once

#include "domain/Actor.h"
#include "MasterKey.h"
#include "store/Page.h"

#include <QDateTime>
#include <QObject>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace cadenio {

class Database;

struct Webhook
{
    QString id;
    QString orgId;
    QString url;
    QStringList events; // ["*"] or a subset of WebhookService::eventNames()
    QString description;
    QDateTime createdAt;
    QDateTime disabledAt; // invalid: active
    QString disabledReason;
};

struct NewWebhook
{
    Webhook webhook;
    QString secret; // in clear: only in the creation response
};

struct WebhookDelivery
{
    QString id;
    QString webhookId;
    QString eventId;
    QString event;
    int attempt = 0; // attempts made so far
    QString status;  // pending, succeeded, failed
    std::optional<int> statusCode;
    std::optional<qint64> durationMs;
    QString error;
    QDateTime nextAttemptAt; // invalid unless pending
    QDateTime createdAt;
    QDateTime deliveredAt;
};

// Webhook endpoints of an organization and the bookkeeping of their deliveries. The
// dispatcher (api/webhooks) does the HTTP; every row it reads or writes goes through here.
class WebhookService : public QObject
{
    Q_OBJECT
public:
    struct NewRequest
    {
        QString url;
        QStringList events;
        QString description;
        std::optional<QString> secret;
    };

    // What the dispatcher needs for one attempt.
    struct Due
    {
        QString deliveryId;
        QString webhookId;
        QString eventId;
        QString event;
        QByteArray payload; // the outbox bytes, sent and signed as they are
        QString url;
        QByteArray secret;
        int attempt = 0;  // attempts made before this one
        qint64 dueAt = 0; // next_attempt_at as read, for claim()
    };

    struct Outcome
    {
        bool succeeded = false;
        std::optional<int> statusCode;
        qint64 durationMs = 0;
        QString error;
    };

    // Without a MasterKey nothing can be created or delivered (secrets are sealed with it).
    explicit WebhookService(const Database &database, QObject *parent = nullptr);
    WebhookService(const Database &database, MasterKey masterKey, QObject *parent = nullptr);

    static QStringList eventNames();

    // Set from `serve --allow-http-webhooks`; thread-safe.
    void setAllowHttp(bool allow) { m_allowHttp.storeRelaxed(allow ? 1 : 0); }
    bool allowsHttp() const { return m_allowHttp.loadRelaxed() != 0; }

    NewWebhook create(const Actor &actor, const NewRequest &request);
    Page<Webhook> list(const Actor &actor, const PageRequest &request) const;
    void remove(const Actor &actor, const QString &id);
    Page<WebhookDelivery> deliveries(const Actor &actor, const QString &webhookId,
                                     const PageRequest &request) const;
    // Makes the delivery pending again with its next attempt due now.
    WebhookDelivery redeliver(const Actor &actor, const QString &webhookId,
                              const QString &deliveryId);

    // Dispatcher side. fanOut() creates the missing delivery rows for new outbox events
    // and returns how many; idempotent, so several instances may run it.
    // A deep pass looks kFanOutLookback behind the stored cursor, for transactions that
    // committed after newer ones; a shallow one starts where this process's last pass ended.
    enum class FanOutDepth
    {
        Deep,
        Shallow,
    };
    int fanOut(const QDateTime &now, FanOutDepth depth = FanOutDepth::Deep);
    // Due deliveries, oldest first, leaving out those of `busyWebhooks` (endpoints with no
    // free slot), so that one endpoint's backlog cannot fill the batch and starve the rest.
    QList<Due> due(const QDateTime &now, int limit, const QStringList &busyWebhooks = {}) const;
    // Moves the delivery's next attempt to `leaseUntil` if it is still due as read: only
    // one dispatcher sends it, and a crash mid-attempt retries after the lease.
    bool claim(const Due &due, const QDateTime &leaseUntil);
    // claim() for several deliveries in one transaction (one commit, not one per
    // delivery); returns those claimed.
    QList<Due> claimAll(const QList<Due> &due, const QDateTime &leaseUntil);
    // Records an attempt. `retryAt` invalid: the delivery has failed for good. An
    // endpoint whose failures span `disableAfterMs` is disabled.
    void record(const Due &due, const Outcome &outcome, const QDateTime &now,
                const QDateTime &retryAt, qint64 disableAfterMs);
    struct Attempt
    {
        Due due;
        Outcome outcome;
        QDateTime at;
        QDateTime retryAt;
    };
    // record() for several attempts in one transaction.
    void recordAll(const QList<Attempt> &attempts, qint64 disableAfterMs);
    std::optional<Webhook> find(const QString &id) const;

signals:
    void webhookCreated(const QString &orgId, const QString &webhookId);
    void webhookDeleted(const QString &orgId, const QString &webhookId);
    void deliveriesPending();

private:
    void requireManager(const Actor &actor) const;
    static void recordIn(const QSqlDatabase &tx, const Attempt &attempt, qint64 disableAfterMs);
    const MasterKey &masterKey() const;

    const Database &m_database;
    std::optional<MasterKey> m_masterKey;
    QAtomicInt m_allowHttp{0};
    // created_at up to which this process has fanned out every event; -1: not yet.
    QAtomicInteger<qint64> m_fannedOutTo{-1};
};

} // namespace cadenio
