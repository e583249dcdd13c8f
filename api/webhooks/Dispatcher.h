#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace cadenio {
class Database;
class WebhookService;
} // namespace cadenio

namespace cadenio::api {

// Delivers webhook events: fans new outbox events out into delivery rows, then POSTs each
// due delivery, signed, from a thread of its own with its own QNetworkAccessManager, so
// neither the GUI nor an HTTP server thread ever waits on a subscriber. All state lives in
// the store; a restarted dispatcher (or another instance on the same PostgreSQL) resumes
// where this one stopped.
class Dispatcher : public QObject
{
    Q_OBJECT
public:
    // Delays before each retry; the last one repeats until maxAttempts. The default sums to
    // a little over 25 h: 10 s, 30 s, 1 min, 5 min, 15 min, 1 h, then 12 × 2 h.
    static const QList<qint64> kDefaultBackoffMs;

    struct Options
    {
        QList<qint64> backoffMs = kDefaultBackoffMs;
        int maxAttempts = 19; // the first attempt and 18 retries
        double jitter = 0.2;  // each delay grows by up to this fraction, at random
        int pollIntervalMs = 1000;
        int maxInFlightPerEndpoint = 2; // a slow endpoint holds up only its own deliveries
        int timeoutMs = 10 * 1000;
        qint64 disableAfterMs = qint64(5) * 24 * 3600 * 1000;
        QString caFile; // PEM with extra trusted CA certificates, from --webhook-ca-file
    };

    Dispatcher(WebhookService &webhooks, const Database &database, QObject *parent = nullptr);
    Dispatcher(WebhookService &webhooks, const Database &database, Options options,
               QObject *parent = nullptr);
    ~Dispatcher() override; // stops

    // False with a reason when the CA file cannot be read; otherwise starts the thread.
    bool start(QString *error = nullptr);
    // Ends the thread. Attempts in flight are abandoned; their claim lapses after
    // timeoutMs + a margin and they are sent again, so nothing is lost.
    void stop();
    bool isRunning() const;

    // The delay before retry number `retry` (1-based), jitter included; for the tests.
    static qint64 delayBeforeRetry(const Options &options, int retry);

    class Engine;

private:
    class Worker;

    WebhookService &m_webhooks;
    const Database &m_database;
    Options m_options;
    std::unique_ptr<Worker> m_worker;
};

} // namespace cadenio::api
