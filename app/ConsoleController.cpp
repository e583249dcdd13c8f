#include "ConsoleController.h"

#include "common/Icons.h"
#include "endpoints/Endpoints.h"
#include "http/ApiHandler.h"
#include "http/Server.h"
#include "Instance.h"
#include "KeychainSecretStore.h"
#include "MainWindow.h"
#include "ServerSettings.h"
#include "services/OverdueScheduler.h"
#include "services/SampleData.h"
#include "services/Services.h"
#include "SetupWizard.h"
#include "SignInDialog.h"
#include "webhooks/Dispatcher.h"

#include <QApplication>
#include <QHostAddress>
#include <QMenu>
#include <QMessageBox>
#include <QSystemTrayIcon>

namespace cadenio::app {

ConsoleController::ConsoleController(Instance &instance, ServeOptions options, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
    , m_options(std::move(options))
{}

ConsoleController::~ConsoleController()
{
    m_window.reset();
    if (m_server)
        m_server->stop();
}

bool ConsoleController::start()
{
    Services &services = m_instance.services();
    if (!services.setup().isInitialized()) {
        SampleData sampleData(services);
        views::SetupWizard wizard(services.setup(), &sampleData);
        if (wizard.exec() != QDialog::Accepted)
            return false;
        m_lastEmail = wizard.result().owner.email;
        if (!wizard.sampleDataError().isEmpty())
            QMessageBox::warning(nullptr, tr("Sample Data"),
                                 tr("The organization was created, but the sample data could "
                                    "not be added:\n%1")
                                     .arg(wizard.sampleDataError()));
    }
    startServer();
    // Asked once, and only where a session bus exists: without one the probe would wait for
    // its timeout before the sign-in dialog could show.
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") &&
        KeychainSecretStore::isAvailable())
        m_keychain = std::make_unique<KeychainSecretStore>();
    else
        qInfo("cadenio.console: no keychain service; new API keys can only be copied");
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        auto *menu = new QMenu();
        menu->addAction(tr("Show Cadenio Console"), this, [this] {
            if (m_window) {
                m_window->showNormal();
                m_window->raise();
                m_window->activateWindow();
            }
        });
        menu->addSeparator();
        menu->addAction(tr("Quit Cadenio Console"), qApp, &QApplication::quit);
        m_tray->setContextMenu(menu);
        connect(this, &QObject::destroyed, menu, &QObject::deleteLater);
        updateServerStatus();
        m_tray->show();
    }
    return signIn();
}

bool ConsoleController::signIn()
{
    views::SignInDialog dialog(m_instance.services().sessions());
    if (!m_lastEmail.isEmpty())
        dialog.setEmail(m_lastEmail);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    const NewSession session = dialog.session();
    m_lastEmail = session.session.user.email;
    m_window = std::make_unique<views::MainWindow>(m_instance.services(), session.session);
    m_window->setKeychain(m_keychain.get());
    updateServerStatus();
    connect(m_window.get(), &views::MainWindow::signOutRequested, this,
            [this, token = session.token] {
                m_instance.services().sessions().signOut(token);
                m_window->hide();
                m_window.release()->deleteLater();
                if (!signIn())
                    QApplication::quit();
            });
    m_window->show();
    return true;
}

void ConsoleController::startServer()
{
    m_instance.services().webhooks().setAllowHttp(m_options.allowHttpWebhooks);
    m_handler = std::make_unique<api::ApiHandler>(m_instance.services(), api::allRoutes(),
                                                  handlerLimits(m_options));
    m_server = std::make_unique<api::Server>(*m_handler, m_instance.database());
    connect(m_server.get(), &api::Server::listeningChanged, this,
            &ConsoleController::updateServerStatus);
    if (!m_server->listen(QHostAddress(m_options.host), m_options.port, serverThreadCount(),
                          &m_serverError))
        qWarning("cadenio.console: API server not started: %s", qPrintable(m_serverError));
    // Deadlines pass whether or not the server listens; a child, so it stops with us.
    (new OverdueScheduler(m_instance.services().runs(), m_instance.database(), this))->start();
    // Deliveries, too, go on without a listening server: the outbox already holds them.
    api::Dispatcher::Options webhookOptions;
    webhookOptions.caFile = m_options.webhookCaFile;
    auto *webhooks = new api::Dispatcher(m_instance.services().webhooks(), m_instance.database(),
                                         webhookOptions, this);
    if (QString webhookError; !webhooks->start(&webhookError))
        qWarning("cadenio.console: webhooks not delivered: %s", qPrintable(webhookError));
}

void ConsoleController::updateServerStatus()
{
    const QString status = serverStatus();
    if (m_window)
        m_window->setServerStatus(status);
    if (m_tray) {
        const bool running = m_server && m_server->isListening();
        // The state shows in the icon itself, so a glance at the panel tells it.
        m_tray->setIcon(views::consoleIcon(running ? QStringLiteral("server-running")
                                                   : QStringLiteral("server-stopped")));
        m_tray->setToolTip(tr("Cadenio Console — %1").arg(status));
    }
}

QString ConsoleController::serverStatus() const
{
    if (m_server && m_server->isListening())
        return tr("API server: %1").arg(m_server->url());
    return tr("API server stopped: %1").arg(m_serverError);
}

} // namespace cadenio::app
