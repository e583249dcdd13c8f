#include "Dispatcher.h"

#include "domain/Timestamps.h"
#include "services/WebhookService.h"
#include "store/Database.h"
#include "store/StoreError.h"

#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>

Q_LOGGING_CATEGORY(lcWebhooks, "cadenio.webhooks")

namespace cadenio::api {

namespace {
constexpr int kDueBatch = 100;
constexpr qint64 kDeepFanOutIntervalMs = 10 * 1000;
// A claimed attempt belongs to this dispatcher until the timeout plus this margin; after a
// crash it is sent again once the claim lapses.
constexpr qint64 kClaimMarginMs = 30 * 1000;
} // namespace

const QList<qint64> Dispatcher::kDefaultBackoffMs{
    10 * 1000, 30 * 1000, 60 * 1000, 5 * 60 * 1000, 15 * 60 * 1000, 3600 * 1000, 2 * 3600 * 1000,
};

qint64 Dispatcher::delayBeforeRetry(const Options &options, int retry)
{
    if (options.backoffMs.isEmpty())
        return 0;
    const qint64 base =
        options.backoffMs.at(std::clamp<qsizetype>(retry - 1, 0, options.backoffMs.size() - 1));
    // Jitter spreads the retries of many deliveries that failed together (an endpoint
    // that was down), so they do not all return in the same second.
    const double spread =
        options.jitter > 0 ? QRandomGenerator::global()->generateDouble() * options.jitter : 0.0;
    return base + qint64(double(base) * spread);
}

class Dispatcher::Engine : public QObject
{
public:
    Engine(WebhookService &webhooks, const Options &options, const QList<QSslCertificate> &extraCas)
        : m_webhooks(webhooks)
        , m_options(options)
    {
        m_ssl = QSslConfiguration::defaultConfiguration();
        if (!extraCas.isEmpty())
            m_ssl.addCaCertificates(extraCas);
        m_timer.setInterval(options.pollIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, &Engine::pass);
        m_timer.start();
    }

    ~Engine() override
    {
        // Abandoned on shutdown, not failed: the claim lapses and they are sent again.
        for (QNetworkReply *reply : std::as_const(m_replies)) {
            reply->disconnect(this);
            reply->abort();
        }
        // Answers already in: recorded, so they are not sent again for nothing.
        recordOutcomes();
    }

    // On the poll timer and when the service says work is waiting: new events become
    // deliveries, due deliveries go out.
    void pass()
    {
        guarded([this] {
            const QDateTime now = timestamps::now();
            m_webhooks.fanOut(now, fanOutDepth());
            sendDue(now);
        });
    }

private:
    // Deep on the first pass (events left by a crash) and every kDeepFanOutIntervalMs (late
    // commits), shallow in between.
    WebhookService::FanOutDepth fanOutDepth()
    {
        if (m_sinceDeepFanOut.isValid() && m_sinceDeepFanOut.elapsed() < kDeepFanOutIntervalMs)
            return WebhookService::FanOutDepth::Shallow;
        m_sinceDeepFanOut.start();
        return WebhookService::FanOutDepth::Deep;
    }

    template<typename Work>
    void guarded(Work work)
    {
        try {
            work();
        } catch (const StoreError &error) {
            // A busy or briefly unreachable store: the next pass tries again.
            qCWarning(lcWebhooks).noquote() << "webhook pass failed:" << error.message();
        } catch (const std::exception &error) {
            qCWarning(lcWebhooks).noquote() << "webhook pass failed:" << error.what();
        }
    }

    // Claims what the per-endpoint limits leave room for, in one transaction per round, and
    // sends it. Returns false when nothing at all was due.
    bool sendDue(const QDateTime &now)
    {
        // A few rows per free slot, not a fixed large batch: most passes follow one or two
        // answers, and every row read costs its payload and the opening of its secret.
        // Rounds go on while they come back full, so endpoints further down get their turn.
        const int batch = std::clamp(2 * m_options.maxInFlightPerEndpoint, 8, kDueBatch);
        bool anyDue = false;
        for (;;) {
            QStringList busy;
            for (auto it = m_perEndpoint.cbegin(); it != m_perEndpoint.cend(); ++it) {
                if (it.value() >= m_options.maxInFlightPerEndpoint)
                    busy << it.key();
            }
            const QList<WebhookService::Due> due = m_webhooks.due(now, batch, busy);
            anyDue = anyDue || !due.isEmpty();
            QHash<QString, int> planned = m_perEndpoint;
            QList<WebhookService::Due> wanted;
            for (const WebhookService::Due &delivery : due) {
                int &taken = planned[delivery.webhookId];
                if (m_inFlight.contains(delivery.deliveryId) ||
                    taken >= m_options.maxInFlightPerEndpoint)
                    continue;
                ++taken;
                wanted << delivery;
            }
            if (wanted.isEmpty())
                break;
            const QDateTime lease = now.addMSecs(m_options.timeoutMs + kClaimMarginMs);
            // Those another dispatcher took in the meantime are not returned.
            for (const WebhookService::Due &delivery : m_webhooks.claimAll(wanted, lease))
                send(delivery);
            if (due.size() < batch)
                break;
        }
        return anyDue;
    }

    void send(const WebhookService::Due &delivery)
    {
        QNetworkRequest request{QUrl(delivery.url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("User-Agent", "Cadenio-Webhooks/1");
        request.setRawHeader("X-Cadenio-Event", delivery.event.toUtf8());
        request.setRawHeader("X-Cadenio-Delivery", delivery.deliveryId.toUtf8());
        request.setRawHeader("X-Cadenio-Signature",
                             "sha256=" +
                                 QMessageAuthenticationCode::hash(delivery.payload, delivery.secret,
                                                                  QCryptographicHash::Sha256)
                                     .toHex());
        request.setTransferTimeout(m_options.timeoutMs);
        // A redirect could carry a signed body to a host nobody registered.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                             QNetworkRequest::AlwaysNetwork);
        request.setSslConfiguration(m_ssl);

        auto elapsed = std::make_shared<QElapsedTimer>();
        elapsed->start();
        QNetworkReply *reply = m_network.post(request, delivery.payload);
        m_replies.insert(reply);
        m_inFlight.insert(delivery.deliveryId);
        m_perEndpoint[delivery.webhookId] += 1;
        connect(reply, &QNetworkReply::finished, this, [this, reply, delivery, elapsed] {
            finished(reply, delivery, elapsed->elapsed());
        });
    }

    void finished(QNetworkReply *reply, const WebhookService::Due &delivery, qint64 durationMs)
    {
        m_replies.remove(reply);
        m_inFlight.remove(delivery.deliveryId);
        if (--m_perEndpoint[delivery.webhookId] <= 0)
            m_perEndpoint.remove(delivery.webhookId);
        reply->deleteLater();

        WebhookService::Outcome outcome;
        outcome.durationMs = durationMs;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid())
            outcome.statusCode = status.toInt();
        if (outcome.statusCode && *outcome.statusCode >= 200 && *outcome.statusCode < 300) {
            outcome.succeeded = true;
        } else if (outcome.statusCode) {
            outcome.error =
                *outcome.statusCode >= 300 && *outcome.statusCode < 400
                    ? QStringLiteral("HTTP %1: redirects are not followed").arg(*outcome.statusCode)
                    : QStringLiteral("HTTP %1").arg(*outcome.statusCode);
        } else if (reply->error() == QNetworkReply::OperationCanceledError) {
            outcome.error =
                QStringLiteral("no answer within %1 s").arg(m_options.timeoutMs / 1000.0);
        } else {
            outcome.error = reply->errorString();
        }

        const QDateTime now = timestamps::now();
        const int attemptsMade = delivery.attempt + 1;
        QDateTime retryAt;
        if (!outcome.succeeded && attemptsMade < m_options.maxAttempts)
            retryAt = now.addMSecs(delayBeforeRetry(m_options, attemptsMade));
        if (!outcome.succeeded)
            qCInfo(lcWebhooks).noquote()
                << "delivery" << delivery.deliveryId << "to webhook" << delivery.webhookId
                << "failed (attempt" << attemptsMade << "):" << outcome.error;
        m_outcomes << WebhookService::Attempt{delivery, outcome, now, retryAt};
        // Answers that arrive together are recorded together: one commit for all of them,
        // then one look for what may go next in the slots they freed.
        if (!m_flushQueued) {
            m_flushQueued = true;
            QTimer::singleShot(0, this, &Engine::flush);
        }
    }

    void flush()
    {
        m_flushQueued = false;
        recordOutcomes();
        guarded([this] {
            const QDateTime now = timestamps::now();
            // A backlog is fanned out a batch at a time, when the last batch has gone out;
            // otherwise new events wait for the next pass.
            if (!sendDue(now) && m_webhooks.fanOut(now, fanOutDepth()) > 0)
                sendDue(now);
        });
    }

    void recordOutcomes()
    {
        if (m_outcomes.isEmpty())
            return;
        try {
            m_webhooks.recordAll(m_outcomes, m_options.disableAfterMs);
        } catch (const std::exception &error) {
            // Unrecorded, the claims lapse and the attempts are repeated: at least once.
            qCWarning(lcWebhooks).noquote()
                << "could not record" << m_outcomes.size() << "delivery attempts:" << error.what();
        }
        m_outcomes.clear();
    }

    WebhookService &m_webhooks;
    Options m_options;
    QNetworkAccessManager m_network;
    QSslConfiguration m_ssl;
    QTimer m_timer;
    QSet<QNetworkReply *> m_replies;
    QSet<QString> m_inFlight;
    QHash<QString, int> m_perEndpoint;
    QList<WebhookService::Attempt> m_outcomes; // answered, not yet recorded
    QElapsedTimer m_sinceDeepFanOut;
    bool m_flushQueued = false;
};

class Dispatcher::Worker : public QThread
{
public:
    Worker(Dispatcher &owner, QList<QSslCertificate> extraCas)
        : m_owner(owner)
        , m_extraCas(std::move(extraCas))
    {
        setObjectName(QStringLiteral("cadenio-webhooks"));
    }

protected:
    void run() override
    {
        relaxDurability();
        {
            Engine engine(m_owner.m_webhooks, m_owner.m_options, m_extraCas);
            // Redeliveries and new endpoints need not wait for the next poll.
            QObject::connect(
                &m_owner.m_webhooks, &WebhookService::deliveriesPending, &engine,
                [&engine] { engine.pass(); }, Qt::QueuedConnection);
            engine.pass();
            exec();
        }
        // QtSql connections belong to the thread that opened them.
        m_owner.m_database.releaseThreadConnection();
    }

private:
    // Every commit of this thread's SQLite connection would otherwise wait for the disk
    // (synchronous=FULL), two or more per delivery. What this thread writes is only the
    // dispatcher's bookkeeping: fan-out rows, claims, attempts. In WAL mode with NORMAL its
    // commits survive a crash of the process and become durable with the next commit of
    // any FULL connection or checkpoint; only a power cut can take back the last ones, and
    // then those deliveries are sent again. At least once still holds; the events
    // themselves are written by the services' connections, still with FULL.
    void relaxDurability()
    {
        if (m_owner.m_database.url().engine() != DatabaseUrl::Engine::Sqlite)
            return;
        QSqlQuery pragma(m_owner.m_database.connection());
        if (!pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
            qCWarning(lcWebhooks).noquote()
                << "could not relax synchronous:" << pragma.lastError().text();
    }

    Dispatcher &m_owner;
    QList<QSslCertificate> m_extraCas;
};

Dispatcher::Dispatcher(WebhookService &webhooks, const Database &database, QObject *parent)
    : Dispatcher(webhooks, database, Options(), parent)
{}

Dispatcher::Dispatcher(WebhookService &webhooks, const Database &database, Options options,
                       QObject *parent)
    : QObject(parent)
    , m_webhooks(webhooks)
    , m_database(database)
    , m_options(std::move(options))
{}

Dispatcher::~Dispatcher()
{
    stop();
}

bool Dispatcher::start(QString *error)
{
    if (m_worker)
        return true;
    QList<QSslCertificate> extraCas;
    if (!m_options.caFile.isEmpty()) {
        extraCas = QSslCertificate::fromPath(m_options.caFile, QSsl::Pem);
        if (extraCas.isEmpty()) {
            if (error)
                *error = QStringLiteral("--webhook-ca-file %1: no PEM certificate could be read")
                             .arg(m_options.caFile);
            return false;
        }
    }
    m_worker = std::make_unique<Worker>(*this, std::move(extraCas));
    m_worker->start();
    return true;
}

void Dispatcher::stop()
{
    if (!m_worker)
        return;
    m_worker->quit();
    m_worker->wait();
    m_worker.reset();
}

bool Dispatcher::isRunning() const
{
    return m_worker && m_worker->isRunning();
}

} // namespace cadenio::api
