#pragma once

#include "CommandLine.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QSystemTrayIcon;

namespace cadenio {
class SecretStore;
}

namespace cadenio::api {
class ApiHandler;
class Server;
} // namespace cadenio::api

namespace cadenio::views {
class MainWindow;
}

namespace cadenio::app {

class Instance;

// The desktop console's flow: first-start wizard, sign-in, main window; the embedded
// server runs beside it for the whole session and its state shows in the window and tray.
class ConsoleController : public QObject
{
    Q_OBJECT
public:
    ConsoleController(Instance &instance, ServeOptions options, QObject *parent = nullptr);
    ~ConsoleController() override;

    // Returns false when the user closed the wizard or the sign-in without finishing.
    bool start();

private:
    bool signIn();
    void startServer();
    QString serverStatus() const;
    void updateServerStatus();

    Instance &m_instance;
    ServeOptions m_options;
    std::unique_ptr<api::ApiHandler> m_handler;
    std::unique_ptr<api::Server> m_server;
    QString m_serverError;
    QString m_lastEmail;
    std::unique_ptr<SecretStore> m_keychain; // null: no keychain service answered
    std::unique_ptr<views::MainWindow> m_window;
    QPointer<QSystemTrayIcon> m_tray;
};

} // namespace cadenio::app
