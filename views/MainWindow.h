#pragma once

#include "domain/Actor.h"
#include "domain/Org.h"
#include "domain/Session.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace cadenio {
class SecretStore;
class Services;
} // namespace cadenio

namespace cadenio::views {

class ApiKeysPane;
class MembersPane;
class OrganizationPane;
class RunsPane;

// The console's window for one signed-in user: a navigation list on the left, the selected
// pane on the right, who is signed in and where the API server listens in the status bar.
// What the user may change follows their role; an AUDITOR sees everything read-only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(cadenio::Services &services, cadenio::Session session, QWidget *parent = nullptr);
    ~MainWindow() override;

    const cadenio::Session &session() const { return m_session; }

    // The API server's address or state, e.g. "API server: http://127.0.0.1:8080".
    void setServerStatus(const QString &text);

    // Where the API Keys pane saves a new key on request; null: no keychain on this
    // computer. Not owned.
    void setKeychain(cadenio::SecretStore *keychain);

    // Stable keys of the panes, in navigation order; also what the settings store.
    QStringList paneKeys() const;
    QString currentPaneKey() const;
    void setCurrentPane(const QString &key);

    RunsPane *runsPane() const { return m_runsPane; }
    ApiKeysPane *apiKeysPane() const { return m_apiKeysPane; }
    MembersPane *membersPane() const { return m_membersPane; }
    OrganizationPane *organizationPane() const { return m_organizationPane; }

signals:
    // File → Sign Out. The owner of the window ends the session and closes it.
    void signOutRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void addPane(const QString &key, const QString &title, const QIcon &icon, QWidget *pane);
    void createMenus();
    void createStatusBar();
    void updateWindowTitle(const cadenio::Org &org);
    void restoreSettings();
    void saveSettings() const;

    cadenio::Services &m_services;
    cadenio::Session m_session;
    cadenio::Actor m_actor;
    QListWidget *m_navigation;
    QStackedWidget *m_panes;
    QMenu *m_goMenu = nullptr;
    RunsPane *m_runsPane;
    ApiKeysPane *m_apiKeysPane;
    MembersPane *m_membersPane;
    OrganizationPane *m_organizationPane;
    QLabel *m_userStatus = nullptr;
    QLabel *m_serverStatus = nullptr;
};

} // namespace cadenio::views
