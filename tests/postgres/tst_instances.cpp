// Two `cadenio-console serve` processes on one PostgreSQL database, as behind a load
// balancer: requests spread over both behave as one system. A key revoked through one fails
// at once on the other, the rate limit holds in total, each webhook event goes out once,
// overdue runs are marked once, and an instance killed mid-load loses nothing it answered.

#include "ApiFixture.h"
#include "ServeProcess.h"

#include "store/Database.h"
#include "store/SqlQuery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;
using cadenio::test::TestDatabase;

namespace {

const QString kOwnerEmail = u"owner@acme.test"_s;
const QString kPassword = u"correct horse battery staple"_s;
constexpr int kLimit = 100; // per key and minute, for both instances together
// The line an instance logs when it takes over the deadline check.
const QByteArray kLeaderLine = "this instance now runs the deadline check";

// A plain-HTTP webhook endpoint on loopback: answers 200 at once and records the
// X-Cadenio-Delivery header and event id of every POST it receives.
class Receiver : public QTcpServer
{
public:
    struct Hit
    {
        QByteArray delivery;
        QString eventId;
    };

    QList<Hit> hits;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            static const QRegularExpression length(u"(?i)\r\ncontent-length:\\s*(\\d+)"_s);
            static const QRegularExpression delivery(u"(?i)\r\nx-cadenio-delivery:\\s*(\\S+)"_s);
            const QString head = QString::fromLatin1(buffer->left(end));
            const qsizetype bodyLength = length.match(head).captured(1).toLongLong();
            if (buffer->size() < end + 4 + bodyLength)
                return;
            const QJsonObject body =
                QJsonDocument::fromJson(buffer->mid(end + 4, bodyLength)).object();
            hits.append(
                {delivery.match(head).captured(1).toLatin1(), body.value(u"id"_s).toString()});
            buffer->clear();
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
};

// One `serve` process and what it has logged.
struct Instance
{
    std::unique_ptr<QProcess> process;
    int port = 0;
    QByteArray log;

    QByteArray readLog()
    {
        if (process)
            log += process->readAllStandardError();
        return log;
    }
    bool leads() { return readLog().contains(kLeaderLine); }
};

} // namespace

class TestInstances : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void eitherInstanceServesTheSameData();
    void revokedKeyFailsAtOnceOnBoth();
    void rateLimitHoldsInTotal();
    void webhookEventDeliveredOncePerAttempt();
    void overdueMarkedOnceByOneInstance();
    void killedInstanceLosesNothingAcknowledged();

private:
    QProcessEnvironment environment() const;
    bool startInstance(Instance &instance, QString *error);
    ApiReply call(const Instance &instance, const QByteArray &method, const QString &path,
                  const QJsonObject &body = {}, const QString &token = {});
    QString createKey(const QStringList &scopes);
    QJsonObject launchSpec(const QString &name, const QDateTime &due = {}) const;
    QList<ApiRequestSpec> launches(int count, const QString &prefix, const QDateTime &due = {});
    QString runStatus(const Instance &instance, const QString &runId);
    int overdueEntries(const QString &runId);

    QTemporaryDir m_dataDir;
    TestDatabase m_store;
    Instance m_a;
    Instance m_b;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QString m_token; // the owner's session, valid on both
    QString m_template;
};

QProcessEnvironment TestInstances::environment() const
{
    // Both instances use one data folder, so they share the master secret (secrets.json)
    // and the uploaded files, as instances on a shared volume do.
    QProcessEnvironment env = cadenio::test::consoleEnvironment(kPassword);
    env.insert(u"CADENIO_HTTP_THREADS"_s, u"2"_s);
    env.insert(u"QT_LOGGING_RULES"_s, u"cadenio.*.info=true"_s);
    return env;
}

bool TestInstances::startInstance(Instance &instance, QString *error)
{
    instance.process = std::make_unique<QProcess>();
    instance.log.clear();
    QString printed;
    const QString base = cadenio::test::startServe(
        *instance.process, environment(),
        {u"--data-dir"_s, m_dataDir.path(), u"--database"_s, m_store.url().toString(),
         u"--rate-limit"_s, QString::number(kLimit), u"--allow-http-webhooks"_s},
        60000, &printed);
    if (base.isEmpty()) {
        *error = u"serve printed \"%1\", logged \"%2\""_s.arg(
            printed, QString::fromUtf8(instance.readLog()));
        return false;
    }
    instance.port = QUrl(base).port();
    return true;
}

void TestInstances::initTestCase()
{
    if (!TestDatabase::usesPostgres())
        QSKIP("needs PostgreSQL: run through tests/postgres/cluster.sh (ctest -L postgres)");
    QVERIFY(m_dataDir.isValid());
    QString error;
    QVERIFY2(m_store.create(m_dataDir.path(), &error), qPrintable(error));

    const cadenio::test::ConsoleResult init = cadenio::test::runConsole(
        environment(),
        {u"init"_s, u"--org"_s, u"Acme"_s, u"--owner-email"_s, kOwnerEmail, u"--data-dir"_s,
         m_dataDir.path(), u"--database"_s, m_store.url().toString()});
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));

    QVERIFY2(startInstance(m_a, &error), qPrintable(error));
    QVERIFY2(startInstance(m_b, &error), qPrintable(error));
    m_network = cadenio::test::makeManager();

    const ApiReply session = call(m_a, "POST", u"/v1/sessions"_s,
                                  {{u"email"_s, kOwnerEmail}, {u"password"_s, kPassword}});
    API_COMPARE_STATUS(session, 201);
    m_token = session.json().value(u"token"_s).toString();

    // One published template with one optional task, launched by several tests.
    const ApiReply created = call(
        m_b, "POST", u"/v1/templates"_s,
        {{u"name"_s, u"Shared template"_s},
         {u"tasks"_s, QJsonArray{QJsonObject{{u"name"_s, u"Note"_s},
                                             {u"required"_s, false},
                                             {u"field"_s, QJsonObject{{u"type"_s, u"text"_s}}}}}}},
        m_token);
    API_COMPARE_STATUS(created, 201);
    m_template = created.json().value(u"id"_s).toString();
    API_COMPARE_STATUS(
        call(m_a, "POST", u"/v1/templates/%1/publish"_s.arg(m_template), {}, m_token), 200);
}

void TestInstances::cleanupTestCase()
{
    m_network.reset();
    for (Instance *instance : {&m_a, &m_b}) {
        if (!instance->process || instance->process->state() == QProcess::NotRunning)
            continue;
        instance->process->terminate();
        if (!instance->process->waitForFinished(20000))
            instance->process->kill();
    }
}

ApiReply TestInstances::call(const Instance &instance, const QByteArray &method,
                             const QString &path, const QJsonObject &body, const QString &token)
{
    cadenio::test::ApiHeaders headers = cadenio::test::ApiFixture::jsonBearer(token);
    const QByteArray bytes =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return cadenio::test::requestAllAt(*m_network,
                                       QUrl(u"http://127.0.0.1:%1"_s.arg(instance.port)),
                                       {ApiRequestSpec{method, path, bytes, headers}})
        .first();
}

QString TestInstances::createKey(const QStringList &scopes)
{
    const ApiReply reply = call(
        m_a, "POST", u"/v1/api-keys"_s,
        {{u"name"_s, u"Shared key"_s}, {u"scopes"_s, QJsonArray::fromStringList(scopes)}}, m_token);
    if (reply.status != 201)
        qWarning("%s", qPrintable(reply.describe()));
    return reply.json().value(u"plain_key"_s).toString();
}

QJsonObject TestInstances::launchSpec(const QString &name, const QDateTime &due) const
{
    QJsonObject body{{u"template_id"_s, m_template}, {u"name"_s, name}};
    if (due.isValid())
        body.insert(u"due_date"_s, due.toUTC().toString(Qt::ISODate));
    return body;
}

QList<ApiRequestSpec> TestInstances::launches(int count, const QString &prefix,
                                              const QDateTime &due)
{
    QList<ApiRequestSpec> specs;
    for (int i = 0; i < count; ++i) {
        specs.append({"POST", u"/v1/runs"_s,
                      QJsonDocument(launchSpec(u"%1 %2"_s.arg(prefix).arg(i), due))
                          .toJson(QJsonDocument::Compact),
                      cadenio::test::ApiFixture::jsonBearer(m_token)});
    }
    return specs;
}

QString TestInstances::runStatus(const Instance &instance, const QString &runId)
{
    return call(instance, "GET", u"/v1/runs/%1"_s.arg(runId), {}, m_token)
        .json()
        .value(u"status"_s)
        .toString();
}

int TestInstances::overdueEntries(const QString &runId)
{
    int count = 0;
    const QJsonArray trail = call(m_a, "GET", u"/v1/runs/%1/audit"_s.arg(runId), {}, m_token)
                                 .json()
                                 .value(u"data"_s)
                                 .toArray();
    for (const QJsonValue &entry : trail)
        count += entry.toObject().value(u"action"_s).toString() == u"run.overdue"_s ? 1 : 0;
    return count;
}

void TestInstances::eitherInstanceServesTheSameData()
{
    // A session opened on A, a key created on A: both accepted by B.
    const QString key = createKey({u"templates:read"_s});
    QVERIFY(!key.isEmpty());
    for (Instance *instance : {&m_a, &m_b}) {
        const ApiReply byKey =
            call(*instance, "GET", u"/v1/templates/%1"_s.arg(m_template), {}, key);
        API_COMPARE_STATUS(byKey, 200);
        QCOMPARE(byKey.json().value(u"version"_s).toInt(), 1);
        API_COMPARE_STATUS(call(*instance, "GET", u"/v1/users"_s, {}, m_token), 200);
    }
    // A run launched on A is read on B at once.
    const ApiReply launched = call(m_a, "POST", u"/v1/runs"_s, launchSpec(u"Seen by B"_s), m_token);
    API_COMPARE_STATUS(launched, 201);
    QCOMPARE(runStatus(m_b, launched.json().value(u"id"_s).toString()), u"IN_PROGRESS"_s);
}

void TestInstances::revokedKeyFailsAtOnceOnBoth()
{
    const QString key = createKey({u"users:read"_s});
    QVERIFY(!key.isEmpty());
    // B has served the key, so anything B might keep of it is warm.
    API_COMPARE_STATUS(call(m_b, "GET", u"/v1/users"_s, {}, key), 200);
    const ApiReply list = call(m_a, "GET", u"/v1/api-keys?limit=100"_s, {}, m_token);
    QString keyId;
    for (const QJsonValue &entry : list.json().value(u"data"_s).toArray()) {
        if (key.startsWith(entry.toObject().value(u"key_prefix"_s).toString().remove(u"..."_s)))
            keyId = entry.toObject().value(u"id"_s).toString();
    }
    QVERIFY2(!keyId.isEmpty(), qPrintable(list.describe()));
    API_COMPARE_STATUS(call(m_a, "DELETE", u"/v1/api-keys/%1"_s.arg(keyId), {}, m_token), 204);
    API_VERIFY_ERROR(call(m_b, "GET", u"/v1/users"_s, {}, key), 401, u"KEY_REVOKED"_s);
    API_VERIFY_ERROR(call(m_a, "GET", u"/v1/users"_s, {}, key), 401, u"KEY_REVOKED"_s);
}

void TestInstances::rateLimitHoldsInTotal()
{
    const QString key = createKey({u"users:read"_s});
    QVERIFY(!key.isEmpty());
    QList<ApiRequestSpec> requests;
    for (int i = 0; i < 3 * kLimit; ++i)
        requests.append(
            {"GET", u"/v1/users?limit=1"_s, {}, cadenio::test::ApiFixture::bearer(key)});
    const QList<ApiReply> replies = cadenio::test::requestAllAt(
        *m_network, QUrl(u"http://127.0.0.1"_s), requests, {m_a.port, m_b.port});
    int admitted[2] = {0, 0};
    int refused = 0;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const ApiReply &reply = replies.at(i);
        if (reply.status == 200) {
            ++admitted[i % 2];
        } else {
            API_VERIFY_ERROR(reply, 429, u"RATE_LIMITED"_s);
            ++refused;
        }
    }
    const int total = admitted[0] + admitted[1];
    qInfo("admitted %d on A, %d on B, refused %d", admitted[0], admitted[1], refused);
    // Never more than the limit in total, and short of it by at most the unused part of
    // one leased block (5 of 100) per instance.
    QVERIFY2(total <= kLimit, qPrintable(QString::number(total)));
    QVERIFY2(total >= kLimit - 2 * (kLimit / 20 - 1), qPrintable(QString::number(total)));
    QVERIFY(admitted[0] > 0);
    QVERIFY(admitted[1] > 0);
    // Both instances now refuse the key, whichever is asked.
    API_VERIFY_ERROR(call(m_a, "GET", u"/v1/users"_s, {}, key), 429, u"RATE_LIMITED"_s);
    API_VERIFY_ERROR(call(m_b, "GET", u"/v1/users"_s, {}, key), 429, u"RATE_LIMITED"_s);
}

void TestInstances::webhookEventDeliveredOncePerAttempt()
{
    Receiver receiver;
    QVERIFY(receiver.listen(QHostAddress::LocalHost, 0));
    const ApiReply hook =
        call(m_a, "POST", u"/v1/webhooks"_s,
             {{u"url"_s, u"http://127.0.0.1:%1/hook"_s.arg(receiver.serverPort())},
              {u"events"_s, QJsonArray{u"run.created"_s}}},
             m_token);
    API_COMPARE_STATUS(hook, 201);

    constexpr int kRuns = 30;
    const QList<ApiReply> replies =
        cadenio::test::requestAllAt(*m_network, QUrl(u"http://127.0.0.1"_s),
                                    launches(kRuns, u"Hooked"_s), {m_a.port, m_b.port});
    QSet<QString> runIds;
    for (const ApiReply &reply : replies) {
        API_COMPARE_STATUS(reply, 201);
        runIds.insert(reply.json().value(u"id"_s).toString());
    }
    QTRY_VERIFY_WITH_TIMEOUT(receiver.hits.size() >= kRuns, 30000);
    // Both dispatchers keep polling: several more passes must not send anything again.
    QTest::qWait(3500);
    QSet<QByteArray> deliveries;
    QSet<QString> events;
    for (const Receiver::Hit &hit : std::as_const(receiver.hits)) {
        deliveries.insert(hit.delivery);
        events.insert(hit.eventId);
    }
    QCOMPARE(receiver.hits.size(), kRuns);
    QCOMPARE(deliveries.size(), kRuns);
    QCOMPARE(events.size(), kRuns);

    // The delivery log agrees: one attempt each, all succeeded.
    const ApiReply log =
        call(m_b, "GET",
             u"/v1/webhooks/%1/deliveries?limit=100"_s.arg(hook.json().value(u"id"_s).toString()),
             {}, m_token);
    API_COMPARE_STATUS(log, 200);
    const QJsonArray rows = log.json().value(u"data"_s).toArray();
    QCOMPARE(rows.size(), kRuns);
    for (const QJsonValue &row : rows)
        QCOMPARE(row.toObject().value(u"attempt"_s).toInt(), 1);
    API_COMPARE_STATUS(call(m_a, "DELETE",
                            u"/v1/webhooks/%1"_s.arg(hook.json().value(u"id"_s).toString()), {},
                            m_token),
                       204);
}

void TestInstances::overdueMarkedOnceByOneInstance()
{
    // Exactly one instance runs the deadline check.
    QTRY_VERIFY_WITH_TIMEOUT(m_a.leads() || m_b.leads(), 5000);
    QVERIFY2(m_a.leads() != m_b.leads(), QByteArray(m_a.log + "\n----\n" + m_b.log).constData());

    constexpr int kRuns = 10;
    const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(2);
    const QList<ApiReply> replies =
        cadenio::test::requestAllAt(*m_network, QUrl(u"http://127.0.0.1"_s),
                                    launches(kRuns, u"Due soon"_s, due), {m_a.port, m_b.port});
    QStringList runIds;
    for (const ApiReply &reply : replies) {
        API_COMPARE_STATUS(reply, 201);
        runIds << reply.json().value(u"id"_s).toString();
    }
    for (const QString &runId : std::as_const(runIds))
        QTRY_COMPARE_WITH_TIMEOUT(runStatus(m_b, runId), u"OVERDUE"_s, 10000);
    QTest::qWait(2500); // more passes on the leader: still one transition per run
    for (const QString &runId : std::as_const(runIds))
        QCOMPARE(overdueEntries(runId), 1);
}

void TestInstances::killedInstanceLosesNothingAcknowledged()
{
    // Kill whichever instance checks deadlines: the other must take over as well.
    Instance &victim = m_a.leads() ? m_a : m_b;
    Instance &survivor = m_a.leads() ? m_b : m_a;
    QVERIFY(!survivor.leads());

    // Killed mid-load: once a tenth of the runs are stored, whatever the machine's speed.
    constexpr int kRuns = 200;
    cadenio::Database store(m_store.url());
    QTimer watch;
    watch.setInterval(5);
    connect(&watch, &QTimer::timeout, this, [&] {
        cadenio::SqlQuery stored(store.connection(),
                                 u"SELECT COUNT(*) FROM runs WHERE name LIKE 'Under load %'"_s);
        stored.exec();
        if (stored.next() && stored.integer(0) >= kRuns / 10) {
            watch.stop();
            victim.process->kill();
        }
    });
    watch.start();
    const QList<ApiReply> replies =
        cadenio::test::requestAllAt(*m_network, QUrl(u"http://127.0.0.1"_s),
                                    launches(kRuns, u"Under load"_s), {victim.port, survivor.port});
    QVERIFY2(!watch.isActive(), "the load ended before a tenth of it was stored");
    QVERIFY(victim.process->state() == QProcess::NotRunning ||
            victim.process->waitForFinished(10000));
    const int victimIndex = &victim == &m_a ? 0 : 1;

    int acknowledged = 0;
    int lost = 0;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const ApiReply &reply = replies.at(i);
        if (reply.status == 201) {
            ++acknowledged;
            // Acknowledged means stored: the survivor reads it.
            const QString runId = reply.json().value(u"id"_s).toString();
            QCOMPARE(runStatus(survivor, runId), u"IN_PROGRESS"_s);
        } else {
            // Only the killed instance may fail to answer, and then with no answer at all.
            QCOMPARE(int(i % 2), victimIndex);
            QVERIFY2(reply.status == 0, qPrintable(reply.describe()));
            ++lost;
        }
    }
    qInfo("%d acknowledged, %d unanswered by the killed instance", acknowledged, lost);
    QVERIFY(acknowledged >= kRuns / 2);
    QVERIFY2(lost > 0, "the instance was killed only after the load had passed");

    // The survivor takes over the deadline check within a few passes.
    QTRY_VERIFY_WITH_TIMEOUT(survivor.leads(), 10000);
    const ApiReply late =
        call(survivor, "POST", u"/v1/runs"_s,
             launchSpec(u"After failover"_s, QDateTime::currentDateTimeUtc().addSecs(1)), m_token);
    API_COMPARE_STATUS(late, 201);
    QTRY_COMPARE_WITH_TIMEOUT(runStatus(survivor, late.json().value(u"id"_s).toString()),
                              u"OVERDUE"_s, 10000);
}

QTEST_MAIN(TestInstances)
#include "tst_instances.moc"
