#include "MainWindow.h"

#include "common/DisplayNames.h"
#include "common/Icons.h"
#include "keys/ApiKeysPane.h"
#include "members/MembersPane.h"
#include "organization/OrganizationPane.h"
#include "runs/RunsPane.h"
#include "services/Services.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace cadenio::views {

namespace {
const QString kSettingsGroup = QStringLiteral("MainWindow");
const QString kGeometryKey = QStringLiteral("geometry");
const QString kStateKey = QStringLiteral("state");
const QString kPaneKey = QStringLiteral("pane");
constexpr int kPaneKeyRole = Qt::UserRole;
} // namespace

MainWindow::MainWindow(Services &services, Session session, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_session(std::move(session))
    , m_actor(Actor::user(m_session.user.id, m_session.user.orgId, m_session.user.role))
    , m_navigation(new QListWidget(this))
    , m_panes(new QStackedWidget(this))
    , m_runsPane(new RunsPane(services, m_actor, this))
    , m_apiKeysPane(new ApiKeysPane(services, m_actor, this))
    , m_membersPane(new MembersPane(services.users(), m_actor, this))
    , m_organizationPane(new OrganizationPane(services.org(), m_actor, this))
{
    setObjectName(QStringLiteral("MainWindow")); // saveState() needs it
    setWindowTitle(tr("Cadenio Console"));
    setWindowIcon(consoleIcon(QStringLiteral("cadenio")));
    setMinimumSize(760, 480);

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Sections"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFixedWidth(200);
    m_navigation->setSpacing(2);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The sidebar sits on the window colour, apart from the white content area, as in the
    // system settings of the desktops this runs on.
    m_navigation->setStyleSheet(
        QStringLiteral("QListWidget#navigation { background: palette(window); padding: 10px 8px; }"
                       "QListWidget#navigation::item { padding: 7px 8px; border-radius: 4px; }"
                       "QListWidget#navigation::item:selected { background: palette(highlight);"
                       " color: palette(highlighted-text); }"
                       "QListWidget#navigation::item:hover:!selected {"
                       " background: palette(midlight); }"));

    m_panes->setObjectName(QStringLiteral("panes"));
    m_panes->setAccessibleName(tr("Current section"));
    m_panes->setAutoFillBackground(true);
    m_panes->setBackgroundRole(QPalette::Base);

    auto *separator = new QFrame(this);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Plain);
    separator->setForegroundRole(QPalette::Mid);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(separator);
    layout->addWidget(m_panes, 1);
    setCentralWidget(central);

    createMenus();
    // The console's own icons: the same look on every desktop, themed or not.
    addPane(QStringLiteral("runs"), tr("Runs"), selectableIcon(QStringLiteral("runs")), m_runsPane);
    addPane(QStringLiteral("keys"), tr("API Keys"), selectableIcon(QStringLiteral("keys")),
            m_apiKeysPane);
    addPane(QStringLiteral("members"), tr("Members"), selectableIcon(QStringLiteral("members")),
            m_membersPane);
    addPane(QStringLiteral("organization"), tr("Organization"),
            selectableIcon(QStringLiteral("organization")), m_organizationPane);
    createStatusBar();

    connect(m_navigation, &QListWidget::currentRowChanged, m_panes,
            &QStackedWidget::setCurrentIndex);
    connect(m_organizationPane, &OrganizationPane::organizationChanged, this,
            &MainWindow::updateWindowTitle);
    updateWindowTitle(m_organizationPane->organization());

    m_navigation->setCurrentRow(0);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The application may delete a visible window without closing it (quitting from the
    // tray); remember the layout then too. A window never shown has nothing worth keeping.
    if (isVisible())
        saveSettings();
}

void MainWindow::setKeychain(SecretStore *keychain)
{
    m_apiKeysPane->setKeychain(keychain);
}

void MainWindow::setServerStatus(const QString &text)
{
    m_serverStatus->setText(text);
    m_serverStatus->setToolTip(text);
    m_serverStatus->setVisible(!text.isEmpty());
}

QStringList MainWindow::paneKeys() const
{
    QStringList keys;
    for (int row = 0; row < m_navigation->count(); ++row)
        keys.append(m_navigation->item(row)->data(kPaneKeyRole).toString());
    return keys;
}

QString MainWindow::currentPaneKey() const
{
    const QListWidgetItem *item = m_navigation->currentItem();
    return item ? item->data(kPaneKeyRole).toString() : QString();
}

void MainWindow::setCurrentPane(const QString &key)
{
    const int row = int(paneKeys().indexOf(key));
    if (row >= 0)
        m_navigation->setCurrentRow(row);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::addPane(const QString &key, const QString &title, const QIcon &icon, QWidget *pane)
{
    pane->setObjectName(key + QStringLiteral("Pane"));
    pane->setAccessibleName(title);
    m_panes->addWidget(pane);
    auto *item = new QListWidgetItem(icon, title, m_navigation);
    item->setData(kPaneKeyRole, key);
    item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() + 18));

    const int row = m_navigation->count() - 1;
    auto *go = m_goMenu->addAction(icon, title);
    go->setObjectName(QStringLiteral("go_") + key);
    // Ctrl+1…Ctrl+9 follow the sidebar's order; past nine there are no digits left.
    if (row < 9)
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + row)));
    connect(go, &QAction::triggered, this, [this, row] { m_navigation->setCurrentRow(row); });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *signOut = file->addAction(tr("Sign &Out"));
    signOut->setObjectName(QStringLiteral("signOutAction"));
    connect(signOut, &QAction::triggered, this, [this] {
        // The application usually deletes the window without closing it; keep the layout.
        saveSettings();
        emit signOutRequested();
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, [this] {
        close();
        QApplication::quit();
    });

    m_goMenu = menuBar()->addMenu(tr("&Go"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Cadenio Console"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Cadenio Console"),
                           tr("<h3>Cadenio Console %1</h3>"
                              "<p>Administration console and REST API for Cadenio.</p>")
                               .arg(QStringLiteral(CADENIO_VERSION)));
    });
}

void MainWindow::createStatusBar()
{
    m_userStatus = new QLabel(this);
    m_userStatus->setObjectName(QStringLiteral("userStatus"));
    m_userStatus->setTextFormat(Qt::PlainText);
    m_userStatus->setText(
        tr("Signed in as %1 (%2)").arg(m_session.user.name, roleDisplayName(m_session.user.role)));
    m_userStatus->setToolTip(m_session.user.email);
    m_serverStatus = new QLabel(this);
    m_serverStatus->setObjectName(QStringLiteral("serverStatus"));
    m_serverStatus->setTextFormat(Qt::PlainText);
    m_serverStatus->hide();
    statusBar()->addWidget(m_userStatus, 1);
    statusBar()->addPermanentWidget(m_serverStatus);
}

void MainWindow::updateWindowTitle(const Org &org)
{
    setWindowTitle(org.name.isEmpty() ? tr("Cadenio Console")
                                      : tr("%1 — Cadenio Console").arg(org.name));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1180, 720);
    restoreState(settings.value(kStateKey).toByteArray());
    setCurrentPane(settings.value(kPaneKey).toString());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPaneKey, currentPaneKey());
}

} // namespace cadenio::views
