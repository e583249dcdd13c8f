// Webhook delivery end to end against a real TLS receiver: signatures over the exact body,
// headers, event filters and organizations, retries with a stable delivery id, certificate
// checks, a receiver that was down, restarts, redelivery, deletion, endpoints disabled after
// failing for too long, the per-endpoint concurrency limit, and the retry schedule.

#include "ApiFixture.h"
#include "TlsReceiver.h"

#include "domain/Ids.h"
#include "domain/Org.h"
#include "domain/Timestamps.h"
#include "domain/User.h"
#include "services/EventOutbox.h"
#include "services/PasswordHasher.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/OrgRepository.h"
#include "store/SqlQuery.h"
#include "store/Transaction.h"
#include "store/UserRepository.h"
#include "webhooks/Dispatcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::api::Dispatcher;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;
using cadenio::test::ReceivedRequest;
using cadenio::test::TestCertificate;
using cadenio::test::TlsReceiver;

namespace {
// Generous: the dispatcher and the server share two cores with sanitizers and other suites.
constexpr int kWaitMs = 20000;
// Long enough for several retries of the test schedule (300 ms) and polls (100 ms): what
// a broken filter would have sent by then, it would have sent.
constexpr int kGraceMs = 1500;
constexpr qint64 kHourMs = 3600 * 1000;

// "run.created run_…": what an event was about, as the receiver saw it.
QString eventOf(const ReceivedRequest &request)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    return body.value(u"event"_s).toString() + u' ' +
           body.value(u"data"_s).toObject().value(u"run_id"_s).toString();
}

QSet<QString> eventsOf(const QList<ReceivedRequest> &requests)
{
    QSet<QString> result;
    for (const ReceivedRequest &request : requests)
        result << eventOf(request);
    return result;
}

QString describe(const QList<ReceivedRequest> &requests)
{
    QStringList lines;
    for (const ReceivedRequest &request : requests)
        lines << QString::fromLatin1(request.path) + u' ' + eventOf(request);
    return lines.join(u", "_s);
}
} // namespace

class TestWebhookDelivery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void defaultRetrySchedule();
    void retryJitter_data();
    void retryJitter();
    void deliversSignedEvent();
    void eventFiltersAndOrganizations();
    void retriesWithTheSameDeliveryId_data();
    void retriesWithTheSameDeliveryId();
    void unknownCertificateAuthorityFails();
    void receiverDownWhileRunsLaunch();
    void restartDeliversPendingEvents();
    void redeliverSendsAgain();
    void deletedWebhookGetsNothingMore();
    void failingEndpointIsDisabled();
    void slowEndpointHoldsUpNoOther();
    void slowBacklogHoldsUpNoOther();

private:
    Dispatcher::Options testOptions() const;
    void startDispatcher(const Dispatcher::Options &options);
    QString createWebhook(const QByteArray &path, const QStringList &events,
                          const QString &token = {}, quint16 port = 0);
    QString publishTemplate(const QString &token);
    QString launch(const QString &templateId, const QJsonObject &extra = {},
                   const QString &token = {});
    Account foreignOwner();
    QString recordRunCreated();
    QList<ReceivedRequest> receivedFor(const QString &eventId) const;
    QJsonArray deliveries(const QString &webhookId);
    QJsonObject delivery(const QString &eventId, const QString &webhookId = {});
    void verifyNoMoreAttempts(const QByteArray &path, qsizetype attempts);

    ApiFixture m_fx;
    QTemporaryDir m_certDir;
    std::optional<TestCertificate> m_certificate;
    std::unique_ptr<TlsReceiver> m_receiver;
    QString m_template;         // one required text task
    QString m_webhookId;        // run.created to /hooks, for the whole suite
    QStringList m_testWebhooks; // created by the current test, deleted after it
    const QByteArray m_secret = "whsec_test-secret-for-signatures";
    std::unique_ptr<Dispatcher> m_dispatcher;
};

void TestWebhookDelivery::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    QVERIFY(m_certDir.isValid());
    m_certificate = TestCertificate::create(m_certDir.path(), &error);
    QVERIFY2(m_certificate, qPrintable(error));
    m_receiver = std::make_unique<TlsReceiver>(*m_certificate);
    QVERIFY(m_receiver->listen(QHostAddress::LocalHost, 0));

    m_template = publishTemplate(m_fx.owner().token);
    QVERIFY(!m_template.isEmpty());
    m_webhookId = createWebhook("/hooks", {u"run.created"_s});
    QVERIFY(!m_webhookId.isEmpty());
    m_testWebhooks.clear();
    startDispatcher(testOptions());
}

void TestWebhookDelivery::cleanupTestCase()
{
    m_dispatcher.reset();
    m_fx.stop();
}

void TestWebhookDelivery::cleanup()
{
    // An endpoint a test left failing would keep the dispatcher busy for the next ones.
    for (const QString &id : std::exchange(m_testWebhooks, {}))
        m_fx.del(u"/v1/webhooks/"_s + id, m_fx.owner().token);
    m_receiver->reset();
    if (!m_dispatcher || !m_dispatcher->isRunning())
        startDispatcher(testOptions());
}

Dispatcher::Options TestWebhookDelivery::testOptions() const
{
    Dispatcher::Options options;
    options.backoffMs = {300};
    options.jitter = 0;
    options.pollIntervalMs = 100;
    options.timeoutMs = 5000;
    options.caFile = m_certificate ? m_certificate->certificateFile : QString();
    return options;
}

void TestWebhookDelivery::startDispatcher(const Dispatcher::Options &options)
{
    m_dispatcher.reset();
    m_dispatcher =
        std::make_unique<Dispatcher>(m_fx.services().webhooks(), m_fx.database(), options);
    QString error;
    QVERIFY2(m_dispatcher->start(&error), qPrintable(error));
}

QString TestWebhookDelivery::createWebhook(const QByteArray &path, const QStringList &events,
                                           const QString &token, quint16 port)
{
    const ApiReply created = m_fx.post(
        u"/v1/webhooks"_s,
        {{u"url"_s, u"https://127.0.0.1:%1%2"_s.arg(port ? port : m_receiver->serverPort())
                        .arg(QString::fromLatin1(path))},
         {u"events"_s, QJsonArray::fromStringList(events)},
         {u"secret"_s, QString::fromLatin1(m_secret)}},
        token.isEmpty() ? m_fx.owner().token : token);
    if (created.status != 201) {
        qWarning().noquote() << created.describe();
        return {};
    }
    const QString id = created.json().value(u"id"_s).toString();
    if (token.isEmpty())
        m_testWebhooks << id;
    return id;
}

QString TestWebhookDelivery::publishTemplate(const QString &token)
{
    const ApiReply created = m_fx.post(
        u"/v1/templates"_s,
        {{u"name"_s, u"Access review"_s},
         {u"tasks"_s, QJsonArray{QJsonObject{{u"name"_s, u"Reviewer notes"_s},
                                             {u"field"_s, QJsonObject{{u"type"_s, u"text"_s}}}}}}},
        token);
    const QString id = created.json().value(u"id"_s).toString();
    const ApiReply published =
        m_fx.request("POST", u"/v1/templates/%1/publish"_s.arg(id), {}, ApiFixture::bearer(token));
    if (created.status != 201 || published.status != 200) {
        qWarning().noquote() << created.describe() << published.describe();
        return {};
    }
    return id;
}

QString TestWebhookDelivery::launch(const QString &templateId, const QJsonObject &extra,
                                    const QString &token)
{
    QJsonObject body = extra;
    body.insert(u"template_id"_s, templateId);
    const ApiReply reply =
        m_fx.post(u"/v1/runs"_s, body, token.isEmpty() ? m_fx.owner().token : token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json().value(u"id"_s).toString();
}

Account TestWebhookDelivery::foreignOwner()
{
    // A second organization in the same store, as several tenants of one PostgreSQL
    // database would be; `init` makes only one, so it is written straight into the store.
    const QDateTime now = cadenio::timestamps::now();
    const cadenio::Org org{cadenio::ids::generate(u"org_"), u"Elsewhere Ltd"_s,
                           cadenio::Plan::Enterprise, now};
    Account account;
    account.id = cadenio::ids::generate(u"usr_");
    account.email = u"owner@elsewhere.example"_s;
    account.password = ApiFixture::kPassword;
    account.role = cadenio::Role::Owner;
    const cadenio::User user{account.id,           org.id, account.email, u"Else Owner"_s,
                             cadenio::Role::Owner, now};
    {
        cadenio::Transaction tx(m_fx.database());
        cadenio::OrgRepository(tx.db()).insert(org);
        cadenio::UserRepository(tx.db()).insert(user, cadenio::passwords::hash(account.password));
        tx.commit();
    }
    const ApiReply session = m_fx.signIn(account.email, account.password);
    if (session.status != 201)
        qWarning().noquote() << session.describe();
    account.token = session.json().value(u"token"_s).toString();
    return account;
}

QString TestWebhookDelivery::recordRunCreated()
{
    // The outbox row RunService writes when a run is launched, in its own transaction; the
    // payload is known here, so the test can compare the bytes that arrive with it.
    cadenio::Transaction tx(m_fx.database());
    const QString id =
        cadenio::events::record(tx.db(), m_fx.orgId(), cadenio::events::kRunCreated,
                                {{u"run_id"_s, u"run_test"_s}, {u"name"_s, u"Ünïcode run"_s}},
                                QDateTime::currentDateTimeUtc());
    tx.commit();
    return id;
}

QList<ReceivedRequest> TestWebhookDelivery::receivedFor(const QString &eventId) const
{
    QList<ReceivedRequest> result;
    for (const ReceivedRequest &r : m_receiver->receivedOn("/hooks"))
        if (r.eventId() == eventId)
            result << r;
    return result;
}

QJsonArray TestWebhookDelivery::deliveries(const QString &webhookId)
{
    const ApiReply list =
        m_fx.get(u"/v1/webhooks/%1/deliveries?limit=100"_s.arg(webhookId), m_fx.owner().token);
    if (list.status != 200)
        qWarning().noquote() << list.describe();
    return list.json().value(u"data"_s).toArray();
}

QJsonObject TestWebhookDelivery::delivery(const QString &eventId, const QString &webhookId)
{
    for (const QJsonValue &item : deliveries(webhookId.isEmpty() ? m_webhookId : webhookId))
        if (item.toObject().value(u"event_id"_s).toString() == eventId)
            return item.toObject();
    return {};
}

// That `path` stays at `attempts` requests, even for a new event: once the new event has
// reached the suite's endpoint, and a grace period later, the dispatcher would have sent
// anything it still meant to send to `path`.
void TestWebhookDelivery::verifyNoMoreAttempts(const QByteArray &path, qsizetype attempts)
{
    const QString after = launch(m_template);
    QTRY_VERIFY_WITH_TIMEOUT(
        eventsOf(m_receiver->receivedOn("/hooks")).contains(u"run.created "_s + after), kWaitMs);
    QTest::qWait(kGraceMs);
    QVERIFY2(m_receiver->receivedOn(path).size() == attempts,
             qPrintable(describe(m_receiver->receivedOn(path))));
}

void TestWebhookDelivery::defaultRetrySchedule()
{
    Dispatcher::Options options;
    options.jitter = 0;
    QCOMPARE(options.maxAttempts, 19);
    const QList<qint64> first{10'000, 30'000, 60'000, 300'000, 900'000, kHourMs};
    qint64 total = 0;
    for (int retry = 1; retry < options.maxAttempts; ++retry) {
        const qint64 delay = Dispatcher::delayBeforeRetry(options, retry);
        QCOMPARE(delay, retry <= first.size() ? first.at(retry - 1) : 2 * kHourMs);
        total += delay;
    }
    // At least 24 h of retries (contract §6), about 25 h as the README says.
    QVERIFY2(total >= 24 * kHourMs, qPrintable(QString::number(total)));
    QCOMPARE(total, qint64(91'300'000));
    // Past the list, the last delay repeats; nothing below the first retry.
    QCOMPARE(Dispatcher::delayBeforeRetry(options, 100), 2 * kHourMs);
    QCOMPARE(Dispatcher::delayBeforeRetry(options, 0), qint64(10'000));
    options.backoffMs.clear();
    QCOMPARE(Dispatcher::delayBeforeRetry(options, 1), qint64(0));
}

void TestWebhookDelivery::retryJitter_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<qint64>("base");
    QTest::addRow("first") << 1 << qint64(10'000);
    QTest::addRow("sixth") << 6 << kHourMs;
    QTest::addRow("repeating") << 18 << 2 * kHourMs;
}

void TestWebhookDelivery::retryJitter()
{
    QFETCH(int, retry);
    QFETCH(qint64, base);
    const Dispatcher::Options options; // jitter 0.2
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = 0;
    for (int i = 0; i < 500; ++i) {
        const qint64 delay = Dispatcher::delayBeforeRetry(options, retry);
        lowest = std::min(lowest, delay);
        highest = std::max(highest, delay);
    }
    // Only ever later than the schedule, by at most 20 %, and actually spread.
    QVERIFY2(lowest >= base, qPrintable(QString::number(lowest)));
    QVERIFY2(highest <= base + base / 5, qPrintable(QString::number(highest)));
    QVERIFY2(highest - lowest > base / 20, qPrintable(u"%1..%2"_s.arg(lowest).arg(highest)));
}

void TestWebhookDelivery::deliversSignedEvent()
{
    const QString eventId = recordRunCreated();
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 1, kWaitMs);
    const ReceivedRequest r = receivedFor(eventId).first();
    QByteArray payload;
    {
        cadenio::SqlQuery q(m_fx.database().connection(),
                            u"SELECT payload FROM outbox WHERE id = :id"_s);
        q.bind(u":id"_s, eventId).exec();
        QVERIFY(q.next());
        payload = q.text(0).toUtf8();
    }
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.body, payload);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(r.headers.value("x-cadenio-event"), QByteArray("run.created"));
    QVERIFY(r.headers.value("x-cadenio-delivery").startsWith("whd_"));
    const QByteArray expected =
        "sha256=" +
        QMessageAuthenticationCode::hash(r.body, m_secret, QCryptographicHash::Sha256).toHex();
    QCOMPARE(r.headers.value("x-cadenio-signature"), expected);

    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              kWaitMs);
    const QJsonObject d = delivery(eventId);
    QCOMPARE(d.value(u"id"_s).toString(),
             QString::fromLatin1(r.headers.value("x-cadenio-delivery")));
    QCOMPARE(d.value(u"attempt"_s).toInt(), 1);
    QCOMPARE(d.value(u"status_code"_s).toInt(), 200);
    QCOMPARE(d.value(u"event"_s).toString(), u"run.created"_s);
    QVERIFY(d.value(u"error"_s).isNull());
}

void TestWebhookDelivery::eventFiltersAndOrganizations()
{
    const QString filtered = createWebhook("/filtered", {u"run.created"_s});
    const QString everything = createWebhook("/all", {u"*"_s});
    const Account other = foreignOwner();
    QVERIFY(other.isValid());
    const QString otherTemplate = publishTemplate(other.token);
    const QString otherHook = createWebhook("/other", {u"*"_s}, other.token);
    QVERIFY(!filtered.isEmpty() && !everything.isEmpty() && !otherHook.isEmpty());

    // One run through every event a webhook can get, with an internal task.updated on the
    // way; a second run launched past its due date goes overdue.
    const QString run = launch(m_template);
    const QJsonArray tasks =
        m_fx.get(u"/v1/runs/"_s + run, m_fx.owner().token).json().value(u"tasks"_s).toArray();
    QCOMPARE(tasks.size(), 1);
    const QString task =
        u"/v1/runs/%1/tasks/%2"_s.arg(run, tasks.first().toObject().value(u"id"_s).toString());
    API_COMPARE_STATUS(m_fx.patch(task, {{u"value"_s, u"looks fine"_s}}, m_fx.owner().token), 200);
    API_COMPARE_STATUS(m_fx.patch(task, {{u"status"_s, u"COMPLETED"_s}}, m_fx.owner().token), 200);
    const QString late = launch(
        m_template, {{u"due_date"_s,
                      cadenio::timestamps::format(QDateTime::currentDateTimeUtc().addSecs(-60))}});
    const QString foreign = launch(otherTemplate, {}, other.token);
    QVERIFY(!run.isEmpty() && !late.isEmpty() && !foreign.isEmpty());

    const QSet<QString> all{u"run.created "_s + run, u"task.completed "_s + run,
                            u"run.completed "_s + run, u"run.created "_s + late,
                            u"run.overdue "_s + late};
    QTRY_COMPARE_WITH_TIMEOUT(eventsOf(m_receiver->receivedOn("/all")), all, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(eventsOf(m_receiver->receivedOn("/filtered")),
                              (QSet<QString>{u"run.created "_s + run, u"run.created "_s + late}),
                              kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(eventsOf(m_receiver->receivedOn("/other")),
                              QSet<QString>{u"run.created "_s + foreign}, kWaitMs);
    const QString foreignEvent = m_receiver->receivedOn("/other").first().eventId();

    // Each pass fans an event out to every endpoint in one transaction, so once the foreign
    // organization's endpoint has its delivery, a wrong one for ours would exist too; and
    // task.updated, older than task.completed, was fanned out before it.
    const auto logged = [&](const QString &webhookId) {
        QStringList events;
        for (const QJsonValue &item : deliveries(webhookId)) {
            const QJsonObject d = item.toObject();
            const bool stray = d.value(u"event_id"_s).toString() == foreignEvent;
            events << d.value(u"event"_s).toString() + (stray ? u" of the other org"_s : QString());
        }
        events.sort();
        return events;
    };
    QCOMPARE(logged(everything),
             (QStringList{u"run.completed"_s, u"run.created"_s, u"run.created"_s, u"run.overdue"_s,
                          u"task.completed"_s}));
    QCOMPARE(logged(filtered), (QStringList{u"run.created"_s, u"run.created"_s}));
    QVERIFY2(eventsOf(m_receiver->receivedOn("/all")) == all,
             qPrintable(describe(m_receiver->receivedOn("/all"))));
    QVERIFY(!eventsOf(m_receiver->receivedOn("/filtered")).contains(u"run.created "_s + foreign));

    // Every request carries its event's name in the header, and the other organization's
    // endpoint cannot be managed from here.
    for (const ReceivedRequest &r : m_receiver->receivedOn("/all"))
        QCOMPARE(QString::fromLatin1(r.headers.value("x-cadenio-event")),
                 eventOf(r).section(u' ', 0, 0));
    API_VERIFY_ERROR(m_fx.get(u"/v1/webhooks/%1/deliveries"_s.arg(otherHook), m_fx.owner().token),
                     404, u"NOT_FOUND"_s);
    API_COMPARE_STATUS(m_fx.del(u"/v1/webhooks/"_s + otherHook, other.token), 204);
}

void TestWebhookDelivery::retriesWithTheSameDeliveryId_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QList<int>>("statuses");
    QTest::addRow("500 twice, then 200") << QByteArray("/flaky") << QList<int>{500, 500};
    QTest::addRow("redirect, then 503, then 200")
        << QByteArray("/redirecting") << QList<int>{302, 503};
    QTest::addRow("404, then 200") << QByteArray("/missing") << QList<int>{404};
}

void TestWebhookDelivery::retriesWithTheSameDeliveryId()
{
    QFETCH(QByteArray, path);
    QFETCH(QList<int>, statuses);
    m_receiver->setStatuses(path, statuses);
    const QString webhook = createWebhook(path, {u"run.created"_s});
    const QString run = launch(m_template);
    const int attempts = int(statuses.size()) + 1;

    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->receivedOn(path).size(), attempts, kWaitMs);
    const QList<ReceivedRequest> received = m_receiver->receivedOn(path);
    for (const ReceivedRequest &r : received) {
        QCOMPARE(eventOf(r), u"run.created "_s + run);
        QCOMPARE(r.headers.value("x-cadenio-delivery"),
                 received.first().headers.value("x-cadenio-delivery"));
        QCOMPARE(r.body, received.first().body);
        QCOMPARE(r.headers.value("x-cadenio-signature"),
                 received.first().headers.value("x-cadenio-signature"));
    }
    const QString eventId = received.first().eventId();
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId, webhook).value(u"status"_s).toString(),
                              u"succeeded"_s, kWaitMs);
    const QJsonObject d = delivery(eventId, webhook);
    QCOMPARE(d.value(u"attempt"_s).toInt(), attempts);
    QCOMPARE(d.value(u"status_code"_s).toInt(), 200);
    QCOMPARE(d.value(u"id"_s).toString(),
             QString::fromLatin1(received.first().headers.value("x-cadenio-delivery")));
    QVERIFY(cadenio::test::isUtcTimestamp(d.value(u"delivered_at"_s).toString()));
    QVERIFY(d.value(u"next_attempt_at"_s).isNull());
    QCOMPARE(deliveries(webhook).size(), 1);
}

void TestWebhookDelivery::unknownCertificateAuthorityFails()
{
    Dispatcher::Options untrusting = testOptions();
    untrusting.caFile.clear();
    startDispatcher(untrusting);
    const QString eventId = recordRunCreated();
    QTRY_VERIFY_WITH_TIMEOUT(delivery(eventId).value(u"attempt"_s).toInt() >= 1, kWaitMs);
    const QJsonObject d = delivery(eventId);
    QCOMPARE(d.value(u"status"_s).toString(), u"pending"_s);
    QVERIFY(d.value(u"status_code"_s).isNull());
    QVERIFY2(!d.value(u"error"_s).toString().isEmpty(), "no TLS error recorded");
    QVERIFY(cadenio::test::isUtcTimestamp(d.value(u"next_attempt_at"_s).toString()));
    QVERIFY(receivedFor(eventId).isEmpty());
    m_dispatcher.reset();
    // With the CA trusted again the same delivery goes through.
    startDispatcher(testOptions());
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              kWaitMs);
}

void TestWebhookDelivery::receiverDownWhileRunsLaunch()
{
    // A port that was free a moment ago and is closed now: connections are refused.
    TlsReceiver late(*m_certificate);
    QVERIFY(late.listen(QHostAddress::LocalHost, 0));
    const quint16 port = late.serverPort();
    late.shutDown();
    const QString webhook = createWebhook("/late", {u"run.created"_s}, {}, port);

    QSet<QString> runs;
    for (int i = 0; i < 4; ++i)
        runs << u"run.created "_s + launch(m_template);
    // Every delivery has been tried, and failed, while nobody listened.
    const auto triedAndFailed = [&] {
        const QJsonArray log = deliveries(webhook);
        return log.size() == runs.size() &&
               std::all_of(log.begin(), log.end(), [](const QJsonValue &item) {
                   const QJsonObject d = item.toObject();
                   return d.value(u"attempt"_s).toInt() >= 1 &&
                          d.value(u"status"_s).toString() == u"pending"_s &&
                          !d.value(u"error"_s).toString().isEmpty();
               });
    };
    QTRY_VERIFY_WITH_TIMEOUT(triedAndFailed(), kWaitMs);
    QSet<QString> eventIds;
    for (const QJsonValue &item : deliveries(webhook))
        eventIds << item.toObject().value(u"event_id"_s).toString();

    QVERIFY2(late.listen(QHostAddress::LocalHost, port), qPrintable(late.errorString()));
    const auto seen = [&] {
        QSet<QString> ids;
        for (const ReceivedRequest &r : late.receivedOn("/late"))
            ids << r.eventId();
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(seen(), eventIds, kWaitMs);
    QCOMPARE(eventsOf(late.receivedOn("/late")), runs);
    for (const ReceivedRequest &r : late.receivedOn("/late"))
        QCOMPARE(r.headers.value("x-cadenio-signature"),
                 "sha256=" +
                     QMessageAuthenticationCode::hash(r.body, m_secret, QCryptographicHash::Sha256)
                         .toHex());
    const auto allSucceeded = [&] {
        const QJsonArray log = deliveries(webhook);
        return std::all_of(log.begin(), log.end(), [](const QJsonValue &item) {
            return item.toObject().value(u"status"_s).toString() == u"succeeded"_s;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allSucceeded(), kWaitMs);
}

void TestWebhookDelivery::restartDeliversPendingEvents()
{
    m_dispatcher.reset();
    const QString eventId = recordRunCreated();
    QTest::qWait(300);
    QVERIFY(receivedFor(eventId).isEmpty());
    startDispatcher(testOptions());
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 1, kWaitMs);
}

void TestWebhookDelivery::redeliverSendsAgain()
{
    const QString eventId = recordRunCreated();
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              kWaitMs);
    const QString deliveryId = delivery(eventId).value(u"id"_s).toString();
    const ApiReply reply = m_fx.request(
        "POST", u"/v1/webhooks/%1/deliveries/%2/redeliver"_s.arg(m_webhookId, deliveryId), {},
        ApiFixture::bearer(m_fx.owner().token));
    API_COMPARE_STATUS(reply, 202);
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"pending"_s);
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 2, kWaitMs);
    QCOMPARE(receivedFor(eventId).at(1).headers.value("x-cadenio-delivery"), deliveryId.toLatin1());
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"attempt"_s).toInt(), 2, kWaitMs);
}

void TestWebhookDelivery::deletedWebhookGetsNothingMore()
{
    const QByteArray path = "/deleted";
    m_receiver->setStatuses(path, QList<int>(1000, 500));
    const QString webhook = createWebhook(path, {u"*"_s});
    launch(m_template);
    QTRY_VERIFY_WITH_TIMEOUT(m_receiver->receivedOn(path).size() >= 2, kWaitMs);

    // Catch an attempt in flight, delete the endpoint, then let the attempt fail: without
    // the delete its retry would follow 300 ms later.
    m_receiver->setHeld(path, true);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->openNow(path), 1, kWaitMs);
    API_COMPARE_STATUS(m_fx.del(u"/v1/webhooks/"_s + webhook, m_fx.owner().token), 204);
    const qsizetype attempts = m_receiver->receivedOn(path).size();
    m_receiver->setStatuses(path, {});
    m_receiver->setHeld(path, false);

    // A new event reaches the suite's endpoint but not the deleted one.
    verifyNoMoreAttempts(path, attempts);
    if (QTest::currentTestFailed())
        return;
    cadenio::SqlQuery rows(m_fx.database().connection(),
                           u"SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = :id"_s);
    rows.bind(u":id"_s, webhook).exec();
    QVERIFY(rows.next());
    QCOMPARE(rows.integer(0), qint64(1)); // the first run's event only
    API_VERIFY_ERROR(m_fx.get(u"/v1/webhooks/%1/deliveries"_s.arg(webhook), m_fx.owner().token),
                     404, u"NOT_FOUND"_s);
}

void TestWebhookDelivery::failingEndpointIsDisabled()
{
    Dispatcher::Options options = testOptions();
    options.disableAfterMs = 800;
    startDispatcher(options);
    const QByteArray path = "/failing";
    m_receiver->setStatuses(path, QList<int>(1000, 500));
    const QString webhook = createWebhook(path, {u"*"_s});
    launch(m_template);

    const auto listed = [&] {
        const ApiReply list = m_fx.get(u"/v1/webhooks?limit=100"_s, m_fx.owner().token);
        for (const QJsonValue &item : list.json().value(u"data"_s).toArray())
            if (item.toObject().value(u"id"_s).toString() == webhook)
                return item.toObject();
        return QJsonObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!listed().value(u"disabled_at"_s).isNull(), kWaitMs);
    const QJsonObject hook = listed();
    QVERIFY(cadenio::test::isUtcTimestamp(hook.value(u"disabled_at"_s).toString()));
    const QString reason = hook.value(u"disabled_reason"_s).toString();
    QVERIFY2(reason.contains(u"HTTP 500"_s), qPrintable(reason));
    QVERIFY2(reason.contains(u"800 ms"_s), qPrintable(reason));
    // More than one attempt, the last at least disableAfterMs after the first failure.
    const qsizetype attempts = m_receiver->receivedOn(path).size();
    QVERIFY2(attempts >= 2, qPrintable(QString::number(attempts)));

    // Disabled: no more attempts, and new events are not fanned out to it.
    verifyNoMoreAttempts(path, attempts);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(deliveries(webhook).size(), 1);
    m_receiver->setStatuses(path, {});
    startDispatcher(testOptions());
}

void TestWebhookDelivery::slowEndpointHoldsUpNoOther()
{
    Dispatcher::Options options = testOptions();
    options.maxInFlightPerEndpoint = 2;
    options.timeoutMs = 60000; // held requests must not time out during the test
    startDispatcher(options);
    m_receiver->setHeld("/slow", true);
    createWebhook("/slow", {u"run.created"_s});
    createWebhook("/fast", {u"run.created"_s});

    QSet<QString> runs;
    for (int i = 0; i < 5; ++i)
        runs << u"run.created "_s + launch(m_template);
    // Every event reaches the fast endpoint while the slow one holds two of them.
    QTRY_COMPARE_WITH_TIMEOUT(eventsOf(m_receiver->receivedOn("/fast")), runs, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver->openNow("/slow"), 2, kWaitMs);
    QCOMPARE(m_receiver->receivedOn("/slow").size(), 2);
    QCOMPARE(m_receiver->maxOpen("/slow"), 2);

    m_receiver->setHeld("/slow", false);
    QTRY_COMPARE_WITH_TIMEOUT(eventsOf(m_receiver->receivedOn("/slow")), runs, kWaitMs);
    QCOMPARE(m_receiver->maxOpen("/slow"), 2);
    startDispatcher(testOptions());
}

void TestWebhookDelivery::slowBacklogHoldsUpNoOther()
{
    Dispatcher::Options options = testOptions();
    options.timeoutMs = 60000;
    startDispatcher(options);
    m_receiver->setHeld("/backlog", true);
    createWebhook("/backlog", {u"run.created"_s});
    createWebhook("/free", {u"run.created"_s});

    // More due deliveries of the held endpoint than the dispatcher reads in one batch:
    // they must not crowd out the free endpoint's.
    QSet<QString> events;
    {
        cadenio::Transaction tx(m_fx.database());
        for (int i = 0; i < 250; ++i)
            events << cadenio::events::record(tx.db(), m_fx.orgId(), cadenio::events::kRunCreated,
                                              {{u"run_id"_s, u"run_backlog%1"_s.arg(i)}},
                                              QDateTime::currentDateTimeUtc());
        tx.commit();
    }
    const auto seenOnFree = [&] {
        QSet<QString> ids;
        for (const ReceivedRequest &r : m_receiver->receivedOn("/free"))
            ids << r.eventId();
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(seenOnFree().size(), events.size(), 2 * kWaitMs);
    QCOMPARE(seenOnFree(), events);
    QCOMPARE(m_receiver->openNow("/backlog"), 2);
    QCOMPARE(m_receiver->receivedOn("/backlog").size(), 2);
    startDispatcher(testOptions());
}

QTEST_MAIN(TestWebhookDelivery)
#include "tst_webhook_delivery.moc"
