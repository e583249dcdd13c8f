#include "Commands.h"
#include "endpoints/Endpoints.h"
#include "http/ApiHandler.h"
#include "http/Server.h"
#include "Instance.h"
#include "ServerSettings.h"
#include "services/OverdueScheduler.h"
#include "services/Services.h"
#include "SignalWatcher.h"
#include "store/Database.h"
#include "webhooks/Dispatcher.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>

#include <cstdio>

Q_LOGGING_CATEGORY(lcServe, "cadenio.serve")

namespace cadenio::app {

int runServe(const ServeOptions &options)
{
    auto instance = Instance::open(options.store);
    qCInfo(lcServe).noquote() << "Store:" << instance->database().url().redacted() << "— secrets in"
                              << instance->secretStoreDescription();
    if (!instance->services().setup().isInitialized()) {
        qCWarning(lcServe).noquote()
            << "The store has no organization yet; run `cadenio-console init` "
               "to create one. Only /v1/health and /v1/openapi.json will answer.";
    }

    instance->services().webhooks().setAllowHttp(options.allowHttpWebhooks);
    api::ApiHandler handler(instance->services(), api::allRoutes(), handlerLimits(options));
    api::Server server(handler, instance->database());
    QString error;
    if (!server.listen(QHostAddress(options.host), options.port, serverThreadCount(), &error))
        throw StartupError(error);
    OverdueScheduler overdue(instance->services().runs(), instance->database());
    overdue.start();
    api::Dispatcher::Options webhookOptions;
    webhookOptions.caFile = options.webhookCaFile;
    api::Dispatcher webhooks(instance->services().webhooks(), instance->database(), webhookOptions);
    if (!webhooks.start(&error))
        throw StartupError(error);

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [](int number) {
        qCInfo(lcServe) << "Received signal" << number << "- shutting down";
        QCoreApplication::quit();
    });

    // The one line scripts wait for: exactly this, flushed at once.
    fprintf(stdout, "Listening on %s\n", qPrintable(server.url()));
    fflush(stdout);

    const int code = QCoreApplication::exec();
    server.stop();
    overdue.stop();
    webhooks.stop();
    qCInfo(lcServe) << "Stopped.";
    return code;
}

} // namespace cadenio::app
