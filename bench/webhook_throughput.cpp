// Webhook deliveries per second, end to end: a backlog of N events in a fresh SQLite store,
// one HTTPS endpoint, the real Dispatcher (fan-out, claim, signed POST, record) and a TLS
// receiver on loopback in a thread of its own. Not a test: it prints figures for
// docs/PERFORMANCE.md.
//
//   webhook_throughput [--events N] [--in-flight M] [--timeout-s S]

#include "TlsReceiver.h"

#include "domain/Actor.h"
#include "services/EventOutbox.h"
#include "services/Services.h"
#include "services/SetupService.h"
#include "services/WebhookService.h"
#include "store/Database.h"
#include "store/MemorySecretStore.h"
#include "store/SqlQuery.h"
#include "store/Transaction.h"
#include "webhooks/Dispatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using cadenio::test::TestCertificate;
using cadenio::test::TlsReceiver;

namespace {

constexpr int kRecordBatch = 1000; // events per transaction while filling the outbox

int fail(const QString &message)
{
    std::fprintf(stderr, "webhook_throughput: %s\n", qPrintable(message));
    return 1;
}

qint64 succeededCount(const cadenio::Database &database)
{
    cadenio::SqlQuery q(database.connection(),
                        u"SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'"_s);
    q.exec();
    return q.next() ? q.integer(0) : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {u"events"_s, u"Events in the backlog (default 20000)."_s, u"N"_s, u"20000"_s});
    parser.addOption(
        {u"in-flight"_s, u"Dispatcher maxInFlightPerEndpoint (default 2)."_s, u"M"_s, u"2"_s});
    parser.addOption(
        {u"timeout-s"_s, u"Give up after S seconds (default 600)."_s, u"S"_s, u"600"_s});
    parser.process(app);
    const int events = parser.value(u"events"_s).toInt();
    const int inFlight = parser.value(u"in-flight"_s).toInt();
    const int timeoutS = parser.value(u"timeout-s"_s).toInt();
    if (events <= 0 || inFlight <= 0 || timeoutS <= 0)
        return fail(u"--events, --in-flight and --timeout-s take positive numbers"_s);
    // One line per failed attempt would distort the figure; failures show in the totals.
    QLoggingCategory::setFilterRules(u"cadenio.webhooks.info=false"_s);

    QTemporaryDir dir;
    QString error;
    const auto certificate = TestCertificate::create(dir.path(), &error);
    if (!certificate)
        return fail(error);

    cadenio::Database database(cadenio::DatabaseUrl::sqliteFile(dir.filePath(u"cadenio.db"_s)));
    database.open();
    cadenio::MemorySecretStore secrets;
    cadenio::Services services(database, secrets);
    cadenio::SetupService::Request setup;
    setup.orgName = u"Bench"_s;
    setup.ownerEmail = u"owner@bench.example"_s;
    setup.ownerName = u"Bench Owner"_s;
    setup.ownerPassword = u"correct horse battery staple"_s;
    const auto initialized = services.setup().initialize(setup);
    const cadenio::Actor owner =
        cadenio::Actor::user(initialized.owner.id, initialized.org.id, cadenio::Role::Owner);

    // The receiver answers from its own thread, as a real subscriber is another process.
    QThread receiverThread;
    receiverThread.setObjectName(u"receiver"_s);
    auto *receiver = new TlsReceiver(*certificate);
    receiver->setCountOnly(true);
    receiver->moveToThread(&receiverThread);
    QObject::connect(&receiverThread, &QThread::finished, receiver, &QObject::deleteLater);
    receiverThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        receiver,
        [&] {
            if (receiver->listen(QHostAddress::LocalHost, 0))
                port = receiver->serverPort();
        },
        Qt::BlockingQueuedConnection);
    if (!port)
        return fail(u"the receiver could not listen"_s);

    cadenio::WebhookService::NewRequest hook;
    hook.url = u"https://127.0.0.1:%1/bench"_s.arg(port);
    hook.events = {u"run.created"_s};
    services.webhooks().create(owner, hook);

    QElapsedTimer filling;
    filling.start();
    for (int done = 0; done < events;) {
        cadenio::Transaction tx(database);
        for (int i = 0; i < kRecordBatch && done < events; ++i, ++done) {
            cadenio::events::record(tx.db(), initialized.org.id, cadenio::events::kRunCreated,
                                    {{u"run_id"_s, u"run_bench%1"_s.arg(done)},
                                     {u"template_id"_s, u"tmpl_bench"_s},
                                     {u"name"_s, u"Vendor onboarding"_s}},
                                    QDateTime::currentDateTimeUtc());
        }
        tx.commit();
    }
    std::printf("outbox filled: %d events in %lld ms\n", events,
                static_cast<long long>(filling.elapsed()));

    cadenio::api::Dispatcher::Options options;
    options.caFile = certificate->certificateFile;
    options.maxInFlightPerEndpoint = inFlight;
    cadenio::api::Dispatcher dispatcher(services.webhooks(), database, options);

    QElapsedTimer clock;
    qint64 firstMs = -1;
    qint64 receivedMs = -1;
    qint64 recordedMs = -1;
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const int received = receiver->count();
        if (firstMs < 0 && received > 0)
            firstMs = clock.elapsed();
        if (receivedMs < 0 && received >= events)
            receivedMs = clock.elapsed();
        // The database count is dearer; look once everything has arrived.
        if (receivedMs >= 0 && succeededCount(database) >= events) {
            recordedMs = clock.elapsed();
            app.quit();
        }
        if (clock.elapsed() > qint64(timeoutS) * 1000)
            app.quit();
    });
    clock.start();
    if (!dispatcher.start(&error))
        return fail(error);
    poll.start();
    app.exec();
    dispatcher.stop();

    const int received = receiver->count();
    QMetaObject::invokeMethod(
        receiver, [receiver] { receiver->shutDown(); }, Qt::BlockingQueuedConnection);
    receiverThread.quit();
    receiverThread.wait();

    const auto rate = [&](qint64 ms) { return ms > 0 ? events * 1000.0 / double(ms) : 0.0; };
    std::printf("max in flight per endpoint: %d\n", inFlight);
    std::printf("first delivery after: %lld ms\n", static_cast<long long>(firstMs));
    if (receivedMs < 0 || recordedMs < 0) {
        std::printf("TIMED OUT after %d s: %d of %d received, %lld recorded as succeeded\n",
                    timeoutS, received, events, static_cast<long long>(succeededCount(database)));
        return 1;
    }
    std::printf("all %d received after: %lld ms -> %.0f deliveries/s\n", events,
                static_cast<long long>(receivedMs), rate(receivedMs));
    std::printf("all %d recorded as succeeded after: %lld ms -> %.0f deliveries/s\n", events,
                static_cast<long long>(recordedMs), rate(recordedMs));
    std::printf("requests received (retries and repeats included): %d\n", received);
    return 0;
}
