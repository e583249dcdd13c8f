// Webhook delivery end to end against a real TLS receiver: signatures over the exact body,
// headers, retries with a stable delivery id, certificate checks, restarts and redelivery.

#include "ApiFixture.h"

#include "services/EventOutbox.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/SqlQuery.h"
#include "store/Transaction.h"
#include "webhooks/Dispatcher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::api::Dispatcher;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;

namespace {

struct Received
{
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

// HTTPS on loopback: QTcpServer plus QSslSocket, since QSslServer arrived only in Qt 6.5.
// Answers with the queued status codes, then 200.
class TlsReceiver : public QTcpServer
{
public:
    QSslCertificate certificate;
    QSslKey key;
    QList<Received> received;
    QList<int> statuses;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setLocalCertificate(certificate);
        socket->setPrivateKey(key);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QSslSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Received r;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    r.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                     lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = r.headers.value("content-length").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            r.body = buffer->mid(end + 4, length);
            buffer->clear();
            received.append(r);
            const int status = statuses.isEmpty() ? 200 : statuses.takeFirst();
            socket->write("HTTP/1.1 " + QByteArray::number(status) +
                          " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        });
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        socket->startServerEncryption();
    }
};

} // namespace

class TestWebhookDelivery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void deliversSignedEvent();
    void retriesWithTheSameDeliveryId();
    void unknownCertificateAuthorityFails();
    void restartDeliversPendingEvents();
    void redeliverSendsAgain();

private:
    QString recordRunCreated();
    QList<Received> receivedFor(const QString &eventId) const;
    QJsonObject delivery(const QString &eventId);
    void startDispatcher(bool trustReceiver);

    ApiFixture m_fx;
    QTemporaryDir m_certDir;
    TlsReceiver m_receiver;
    QString m_caFile;
    QString m_webhookId;
    const QByteArray m_secret = "whsec_test-secret-for-signatures";
    std::unique_ptr<Dispatcher> m_dispatcher;
};

void TestWebhookDelivery::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    QVERIFY(m_certDir.isValid());
    m_caFile = m_certDir.filePath(u"cert.pem"_s);
    const QString keyFile = m_certDir.filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s,
                   u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-days"_s,
                   u"2"_s, u"-keyout"_s, keyFile, u"-out"_s, m_caFile});
    QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0,
             openssl.readAllStandardError().constData());
    QFile certFile(m_caFile), keyPem(keyFile);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyPem.open(QIODevice::ReadOnly));
    m_receiver.certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    m_receiver.key = QSslKey(keyPem.readAll(), QSsl::Rsa, QSsl::Pem);
    QVERIFY(!m_receiver.certificate.isNull() && !m_receiver.key.isNull());
    QVERIFY(m_receiver.listen(QHostAddress::LocalHost, 0));

    const ApiReply created =
        m_fx.post(u"/v1/webhooks"_s,
                  {{u"url"_s, u"https://127.0.0.1:%1/hooks"_s.arg(m_receiver.serverPort())},
                   {u"events"_s, QJsonArray{u"run.created"_s}},
                   {u"secret"_s, QString::fromLatin1(m_secret)}},
                  m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    m_webhookId = created.json().value(u"id"_s).toString();
    startDispatcher(true);
}

void TestWebhookDelivery::cleanupTestCase()
{
    m_dispatcher.reset();
    m_fx.stop();
}

void TestWebhookDelivery::startDispatcher(bool trustReceiver)
{
    m_dispatcher.reset();
    Dispatcher::Options options;
    options.backoffMs = {300};
    options.jitter = 0;
    options.pollIntervalMs = 100;
    options.timeoutMs = 5000;
    if (trustReceiver)
        options.caFile = m_caFile;
    m_dispatcher =
        std::make_unique<Dispatcher>(m_fx.services().webhooks(), m_fx.database(), options);
    QString error;
    QVERIFY2(m_dispatcher->start(&error), qPrintable(error));
}

QString TestWebhookDelivery::recordRunCreated()
{
    // The outbox row RunService writes when a run is launched, in its own transaction.
    cadenio::Transaction tx(m_fx.database());
    const QString id =
        cadenio::events::record(tx.db(), m_fx.orgId(), cadenio::events::kRunCreated,
                                {{u"run_id"_s, u"run_test"_s}, {u"name"_s, u"Ünïcode run"_s}},
                                QDateTime::currentDateTimeUtc());
    tx.commit();
    return id;
}

QList<Received> TestWebhookDelivery::receivedFor(const QString &eventId) const
{
    QList<Received> result;
    for (const Received &r : m_receiver.received)
        if (QJsonDocument::fromJson(r.body).object().value(u"id"_s).toString() == eventId)
            result << r;
    return result;
}

QJsonObject TestWebhookDelivery::delivery(const QString &eventId)
{
    const ApiReply list =
        m_fx.get(u"/v1/webhooks/%1/deliveries?limit=100"_s.arg(m_webhookId), m_fx.owner().token);
    for (const QJsonValue &item : list.json().value(u"data"_s).toArray())
        if (item.toObject().value(u"event_id"_s).toString() == eventId)
            return item.toObject();
    return {};
}

void TestWebhookDelivery::deliversSignedEvent()
{
    const QString eventId = recordRunCreated();
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 1, 10000);
    const Received r = receivedFor(eventId).first();
    QByteArray payload;
    {
        cadenio::SqlQuery q(m_fx.database().connection(),
                            u"SELECT payload FROM outbox WHERE id = :id"_s);
        q.bind(u":id"_s, eventId).exec();
        QVERIFY(q.next());
        payload = q.text(0).toUtf8();
    }
    QCOMPARE(r.body, payload);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(r.headers.value("x-cadenio-event"), QByteArray("run.created"));
    QVERIFY(r.headers.value("x-cadenio-delivery").startsWith("whd_"));
    const QByteArray expected =
        "sha256=" +
        QMessageAuthenticationCode::hash(r.body, m_secret, QCryptographicHash::Sha256).toHex();
    QCOMPARE(r.headers.value("x-cadenio-signature"), expected);

    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              5000);
    const QJsonObject d = delivery(eventId);
    QCOMPARE(d.value(u"id"_s).toString(),
             QString::fromLatin1(r.headers.value("x-cadenio-delivery")));
    QCOMPARE(d.value(u"attempt"_s).toInt(), 1);
    QCOMPARE(d.value(u"status_code"_s).toInt(), 200);
    QCOMPARE(d.value(u"event"_s).toString(), u"run.created"_s);
    QVERIFY(d.value(u"error"_s).isNull());
}

void TestWebhookDelivery::retriesWithTheSameDeliveryId()
{
    m_receiver.statuses = {500};
    const QString eventId = recordRunCreated();
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 2, 10000);
    const QList<Received> both = receivedFor(eventId);
    QCOMPARE(both.at(0).headers.value("x-cadenio-delivery"),
             both.at(1).headers.value("x-cadenio-delivery"));
    QCOMPARE(both.at(0).body, both.at(1).body);
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              5000);
    QCOMPARE(delivery(eventId).value(u"attempt"_s).toInt(), 2);
}

void TestWebhookDelivery::unknownCertificateAuthorityFails()
{
    startDispatcher(false);
    const QString eventId = recordRunCreated();
    QTRY_VERIFY_WITH_TIMEOUT(delivery(eventId).value(u"attempt"_s).toInt() >= 1, 10000);
    const QJsonObject d = delivery(eventId);
    QCOMPARE(d.value(u"status"_s).toString(), u"pending"_s);
    QVERIFY(d.value(u"status_code"_s).isNull());
    QVERIFY2(!d.value(u"error"_s).toString().isEmpty(), "no TLS error recorded");
    QVERIFY(cadenio::test::isUtcTimestamp(d.value(u"next_attempt_at"_s).toString()));
    QVERIFY(receivedFor(eventId).isEmpty());
    m_dispatcher.reset();
    // With the CA trusted again the same delivery goes through.
    startDispatcher(true);
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              10000);
}

void TestWebhookDelivery::restartDeliversPendingEvents()
{
    m_dispatcher.reset();
    const QString eventId = recordRunCreated();
    QTest::qWait(300);
    QVERIFY(receivedFor(eventId).isEmpty());
    startDispatcher(true);
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 1, 10000);
}

void TestWebhookDelivery::redeliverSendsAgain()
{
    const QString eventId = recordRunCreated();
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"status"_s).toString(), u"succeeded"_s,
                              10000);
    const QString deliveryId = delivery(eventId).value(u"id"_s).toString();
    const ApiReply reply = m_fx.request(
        "POST", u"/v1/webhooks/%1/deliveries/%2/redeliver"_s.arg(m_webhookId, deliveryId), {},
        ApiFixture::bearer(m_fx.owner().token));
    API_COMPARE_STATUS(reply, 202);
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"pending"_s);
    QTRY_COMPARE_WITH_TIMEOUT(receivedFor(eventId).size(), 2, 10000);
    QCOMPARE(receivedFor(eventId).at(1).headers.value("x-cadenio-delivery"), deliveryId.toLatin1());
    QTRY_COMPARE_WITH_TIMEOUT(delivery(eventId).value(u"attempt"_s).toInt(), 2, 5000);
}

QTEST_MAIN(TestWebhookDelivery)
#include "tst_webhook_delivery.moc"
