// Webhooks survive a crash of the real `cadenio-console serve`: an event committed while its
// receiver is down stays in the outbox through a SIGKILL, and the restarted server delivers
// it, signed, over HTTPS trusted through --webhook-ca-file.

#include "ServeProcess.h"
#include "TlsReceiver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using cadenio::test::ReceivedRequest;
using cadenio::test::TestCertificate;
using cadenio::test::TlsReceiver;

namespace {

const QString kPassword = u"correct horse battery"_s;
const QByteArray kSecret = "whsec_cli-test-secret-0123456789";
// The restarted server retries a delivery whose first attempt failed after the first
// backoff step (10 s + jitter), or one caught mid-attempt after its claim lapses (40 s).
constexpr int kDeliveryWaitMs = 90000;

struct Reply
{
    int status = 0;
    QJsonObject json;
};

class TestCliWebhooks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void killedServerDeliversAfterRestart_data();
    void killedServerDeliversAfterRestart();

private:
    QProcessEnvironment environment() const;
    QString startServer(QProcess &process);
    Reply http(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    QTemporaryDir m_dir;
    std::optional<TestCertificate> m_certificate;
    QProcess m_server;
    QString m_base;
    QByteArray m_token;
};

QProcessEnvironment TestCliWebhooks::environment() const
{
    QProcessEnvironment env = cadenio::test::consoleEnvironment(kPassword);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    return env;
}

void TestCliWebhooks::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY(QDir(m_dir.path()).mkpath(u"tls"_s));
    m_certificate = TestCertificate::create(m_dir.filePath(u"tls"_s), &error);
    QVERIFY2(m_certificate, qPrintable(error));

    const cadenio::test::ConsoleResult init = cadenio::test::runConsole(
        environment(), {u"init"_s, u"--org"_s, u"Acme"_s, u"--owner-email"_s, u"owner@acme.test"_s,
                        u"--data-dir"_s, m_dir.filePath(u"data"_s)});
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
}

void TestCliWebhooks::cleanup()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished(10000);
    }
}

QString TestCliWebhooks::startServer(QProcess &process)
{
    return cadenio::test::startServe(process, environment(),
                                     {u"--data-dir"_s, m_dir.filePath(u"data"_s),
                                      u"--webhook-ca-file"_s, m_certificate->certificateFile},
                                     30000);
}

Reply TestCliWebhooks::http(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request{QUrl(m_base + path)};
    request.setTransferTimeout(30000);
    const cadenio::test::HttpReply reply = cadenio::test::sendRequest(
        manager, request, method,
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
        m_token);
    Reply result{reply.status, reply.json()};
    if (result.status < 200 || result.status > 299)
        qWarning().noquote() << method << path << "->" << result.status
                             << QJsonDocument(result.json).toJson(QJsonDocument::Compact);
    return result;
}

void TestCliWebhooks::killedServerDeliversAfterRestart_data()
{
    // Killed before the dispatcher looked at the event, or after it tried and failed once
    // (then the retry is due 10 s after that attempt, and the restart must honour it).
    QTest::addColumn<bool>("afterFailedAttempt");
    QTest::addRow("before the first attempt") << false;
    QTest::addRow("after a failed attempt") << true;
}

void TestCliWebhooks::killedServerDeliversAfterRestart()
{
    QFETCH(bool, afterFailedAttempt);
    // The receiver's port, closed for now: every attempt before the crash is refused.
    TlsReceiver receiver(*m_certificate);
    QVERIFY(receiver.listen(QHostAddress::LocalHost, 0));
    const quint16 port = receiver.serverPort();
    receiver.shutDown();

    m_base = startServer(m_server);
    QVERIFY(!m_base.isEmpty());
    m_token.clear();
    const Reply session = http("POST", u"/v1/sessions"_s,
                               {{u"email"_s, u"owner@acme.test"_s}, {u"password"_s, kPassword}});
    QCOMPARE(session.status, 201);
    m_token = session.json.value(u"token"_s).toString().toLatin1();

    const Reply hook = http("POST", u"/v1/webhooks"_s,
                            {{u"url"_s, u"https://127.0.0.1:%1/cadenio"_s.arg(port)},
                             {u"events"_s, QJsonArray{u"run.created"_s}},
                             {u"secret"_s, QString::fromLatin1(kSecret)}});
    QCOMPARE(hook.status, 201);
    const Reply tmpl = http(
        "POST", u"/v1/templates"_s,
        {{u"name"_s, u"Vendor check"_s},
         {u"tasks"_s, QJsonArray{QJsonObject{{u"name"_s, u"Notes"_s},
                                             {u"field"_s, QJsonObject{{u"type"_s, u"text"_s}}}}}}});
    QCOMPARE(tmpl.status, 201);
    const QString templateId = tmpl.json.value(u"id"_s).toString();
    QCOMPARE(http("POST", u"/v1/templates/%1/publish"_s.arg(templateId)).status, 200);
    const Reply run = http("POST", u"/v1/runs"_s, {{u"template_id"_s, templateId}});
    QCOMPARE(run.status, 201);
    const QString runId = run.json.value(u"id"_s).toString();

    const QString deliveriesPath =
        u"/v1/webhooks/%1/deliveries"_s.arg(hook.json.value(u"id"_s).toString());
    const auto firstDelivery = [&] {
        return http("GET", deliveriesPath).json.value(u"data"_s).toArray().first().toObject();
    };
    if (afterFailedAttempt) {
        QTRY_VERIFY_WITH_TIMEOUT(firstDelivery().value(u"attempt"_s).toInt() >= 1, 30000);
        QCOMPARE(firstDelivery().value(u"status"_s).toString(), u"pending"_s);
    }

    // The launch is acknowledged, so its event is committed; nothing can have been
    // delivered. SIGKILL: no graceful shutdown, nothing flushed on the way out.
    m_server.kill();
    QVERIFY(m_server.waitForFinished(10000));
    QCOMPARE(m_server.exitStatus(), QProcess::CrashExit);
    QVERIFY(receiver.received().isEmpty());
    {
        auto db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(m_dir.filePath(u"data/cadenio.db"_s));
        QVERIFY(db.open());
        QSqlQuery q(db);
        q.prepare(u"SELECT COUNT(*) FROM outbox WHERE event = 'run.created' AND payload LIKE ?"_s);
        q.addBindValue(u"%%1%"_s.arg(runId));
        QVERIFY(q.exec());
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    QSqlDatabase::removeDatabase(u"check"_s);

    QVERIFY2(receiver.listen(QHostAddress::LocalHost, port), qPrintable(receiver.errorString()));
    m_base = startServer(m_server);
    QVERIFY(!m_base.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!receiver.receivedOn("/cadenio").isEmpty(), kDeliveryWaitMs);

    const ReceivedRequest r = receiver.receivedOn("/cadenio").first();
    const QJsonObject event = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(event.value(u"event"_s).toString(), u"run.created"_s);
    QCOMPARE(event.value(u"data"_s).toObject().value(u"run_id"_s).toString(), runId);
    QVERIFY(event.value(u"id"_s).toString().startsWith(u"evt_"_s));
    QCOMPARE(r.headers.value("x-cadenio-event"), QByteArray("run.created"));
    QCOMPARE(
        r.headers.value("x-cadenio-signature"),
        "sha256=" +
            QMessageAuthenticationCode::hash(r.body, kSecret, QCryptographicHash::Sha256).toHex());

    // The delivery log agrees once the attempt is recorded; then a graceful stop, without
    // the endpoint, whose receiver goes away with this test row.
    QTRY_COMPARE_WITH_TIMEOUT(firstDelivery().value(u"status"_s).toString(), u"succeeded"_s, 20000);
    // The first row may have lost an attempt to the closed port before the kill.
    if (afterFailedAttempt)
        QCOMPARE(firstDelivery().value(u"attempt"_s).toInt(), 2);
    QCOMPARE(http("DELETE", u"/v1/webhooks/"_s + hook.json.value(u"id"_s).toString()).status, 204);
    m_server.terminate();
    QVERIFY(m_server.waitForFinished(30000));
    QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_server.exitCode(), 0);
}

} // namespace

QTEST_MAIN(TestCliWebhooks)
#include "tst_cli_webhooks.moc"
