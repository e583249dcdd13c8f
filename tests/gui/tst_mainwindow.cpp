// The main window for users of each role, against a real store: what each may see and
// change, the Add Member dialog driven without a blocking exec(), and the window settings.
//
// Set CADENIO_SCREENSHOT_DIR to a folder to have screenshot() save pictures of the window.

#include "GuiTestHelpers.h"
#include "GuiTestStore.h"
#include "items/UsersModel.h"
#include "MainWindow.h"
#include "members/AddMemberDialog.h"
#include "members/MembersPane.h"
#include "organization/OrganizationPane.h"
#include "services/SampleData.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>

using namespace cadenio;
using cadenio::test::activate;
using cadenio::test::child;
using cadenio::views::AddMemberDialog;
using cadenio::views::MainWindow;
using cadenio::views::MembersPane;
using cadenio::views::OrganizationPane;

namespace {

Role roleNamed(const QString &code)
{
    const auto role = roleFromName(code);
    if (!role)
        qFatal("unknown role");
    return *role;
}

QStringList column(QTableView *table, int section)
{
    QStringList values;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        values.append(table->model()->index(row, section).data().toString());
    return values;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void membersPaneListsUsers();
    void addMemberAvailability_data();
    void addMemberAvailability();
    void addMemberCreatesMember_data();
    void addMemberCreatesMember();
    void addMemberErrorStaysInDialog_data();
    void addMemberErrorStaysInDialog();
    void searchFiltersMembers();
    void ownerSavesOrganization();
    void organizationIsReadOnlyForOthers_data();
    void organizationIsReadOnlyForOthers();
    void statusBarShowsUserAndServer();
    void shortcutsSwitchPanes();
    void signOutEmitsSignal();
    void settingsPersist();
    void navigationHasIconsAndNames();
    void screenshot();
    void screenshotEveryPane();
};

void TestMainWindow::initTestCase()
{
    // Keep the developer's real settings out of it; settingsPersist() would overwrite them.
    cadenio::test::useTestSettings(QStringLiteral("tst_mainwindow"));
    QVERIFY2(QSettings().fileName().contains(QLatin1String("qttest")),
             qPrintable(QSettings().fileName()));
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::membersPaneListsUsers()
{
    GuiTestStore store;
    store.initialize();
    store.addUser(Role::Admin, QStringLiteral("ada@acme.test"), QStringLiteral("Ada Admin"));
    store.addUser(Role::Auditor, QStringLiteral("audrey@acme.test"),
                  QStringLiteral("Audrey Auditor"));
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.setCurrentPane(QStringLiteral("members"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QCOMPARE(window.currentPaneKey(), QStringLiteral("members"));
    auto *table = child<QTableView>(window, "membersTable");
    QVERIFY(table->isVisible());
    QAbstractItemModelTester tester(table->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table->model()->rowCount(), 3);
    const QStringList emails = column(table, UsersModel::EmailColumn);
    QVERIFY(emails.contains(QStringLiteral("owner@acme.test")));
    QVERIFY(emails.contains(QStringLiteral("ada@acme.test")));
    QVERIFY(emails.contains(QStringLiteral("audrey@acme.test")));
    QCOMPARE(child<QLabel>(window, "memberCount")->text(), QStringLiteral("Total: 3"));

    // A member added elsewhere (another admin, the HTTP API) shows up without a refresh.
    store.addUser(Role::Member, QStringLiteral("max@acme.test"), QStringLiteral("Max Member"));
    QCOMPARE(table->model()->rowCount(), 4);
}

void TestMainWindow::addMemberAvailability_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("allowed");
    QTest::addRow("owner") << QStringLiteral("OWNER") << true;
    QTest::addRow("admin") << QStringLiteral("ADMIN") << true;
    QTest::addRow("member") << QStringLiteral("MEMBER") << false;
    QTest::addRow("auditor") << QStringLiteral("AUDITOR") << false;
}

void TestMainWindow::addMemberAvailability()
{
    QFETCH(QString, role);
    QFETCH(bool, allowed);
    GuiTestStore store;
    store.initialize();
    const User user = store.userWithRole(roleNamed(role));
    MainWindow window(store.services(), store.sessionFor(user));
    window.setCurrentPane(QStringLiteral("members"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *add = child<QPushButton>(window, "addMemberButton");
    QCOMPARE(add->isEnabled(), allowed);
    QCOMPARE(window.membersPane()->canAddMembers(), allowed);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(window.findChild<AddMemberDialog *>() != nullptr, allowed);
    if (!allowed)
        QCOMPARE(window.membersPane()->openAddMemberDialog(), nullptr);
}

void TestMainWindow::addMemberCreatesMember_data()
{
    QTest::addColumn<QString>("actorRole");
    QTest::addColumn<QString>("newRole");
    QTest::addRow("owner adds member") << QStringLiteral("OWNER") << QStringLiteral("MEMBER");
    QTest::addRow("owner adds owner") << QStringLiteral("OWNER") << QStringLiteral("OWNER");
    QTest::addRow("admin adds auditor") << QStringLiteral("ADMIN") << QStringLiteral("AUDITOR");
}

void TestMainWindow::addMemberCreatesMember()
{
    QFETCH(QString, actorRole);
    QFETCH(QString, newRole);
    GuiTestStore store;
    store.initialize();
    const User actor = store.userWithRole(roleNamed(actorRole));
    MainWindow window(store.services(), store.sessionFor(actor));
    window.setCurrentPane(QStringLiteral("members"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *table = child<QTableView>(window, "membersTable");
    const int before = table->model()->rowCount();

    QTest::mouseClick(child<QPushButton>(window, "addMemberButton"), Qt::LeftButton);
    QPointer<AddMemberDialog> dialog = window.findChild<AddMemberDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    QSignalSpy added(dialog.data(), &AddMemberDialog::memberAdded);
    auto *addButton = child<QPushButton>(*dialog, "addButton");
    QVERIFY(!addButton->isEnabled());
    QTest::keyClicks(child<QLineEdit>(*dialog, "email"), QStringLiteral("new@acme.test"));
    QTest::keyClicks(child<QLineEdit>(*dialog, "name"), QStringLiteral("Nina New"));
    auto *role = child<QComboBox>(*dialog, "role");
    const int roleIndex = role->findData(newRole);
    QVERIFY(roleIndex >= 0);
    role->setCurrentIndex(roleIndex);
    QTest::keyClicks(child<QLineEdit>(*dialog, "password"), GuiTestStore::kPassword);
    QVERIFY(addButton->isEnabled());
    QTest::mouseClick(addButton, Qt::LeftButton);

    QCOMPARE(added.count(), 1);
    QTRY_VERIFY(dialog.isNull()); // closed and deleted
    QCOMPARE(table->model()->rowCount(), before + 1);
    QVERIFY(column(table, UsersModel::EmailColumn).contains(QStringLiteral("new@acme.test")));
    // The newcomer is selected, so the user sees where it went.
    const QModelIndexList selected = table->selectionModel()->selectedRows(UsersModel::EmailColumn);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data().toString(), QStringLiteral("new@acme.test"));

    const auto created = store.services().users().list(Actor::system(store.org().id), {100, {}});
    bool found = false;
    for (const User &user : created.items) {
        if (user.email == QLatin1String("new@acme.test")) {
            found = true;
            QCOMPARE(roleName(user.role), newRole);
            QCOMPARE(user.name, QStringLiteral("Nina New"));
        }
    }
    QVERIFY(found);
}

void TestMainWindow::addMemberErrorStaysInDialog_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("email taken") << QStringLiteral("owner@acme.test") << GuiTestStore::kPassword
                                 << QStringLiteral("already exists");
    QTest::addRow("invalid email")
        << QStringLiteral("not-an-email") << GuiTestStore::kPassword << QStringLiteral("email");
    QTest::addRow("short password")
        << QStringLiteral("new@acme.test") << QStringLiteral("short") << QStringLiteral("12");
}

void TestMainWindow::addMemberErrorStaysInDialog()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(QString, messagePart);
    GuiTestStore store;
    store.initialize();
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.setCurrentPane(QStringLiteral("members"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QPointer<AddMemberDialog> dialog = window.membersPane()->openAddMemberDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *error = child<QLabel>(*dialog, "errorMessage");
    QVERIFY(!error->isVisible());
    QTest::keyClicks(child<QLineEdit>(*dialog, "email"), email);
    QTest::keyClicks(child<QLineEdit>(*dialog, "name"), QStringLiteral("Nina New"));
    QTest::keyClicks(child<QLineEdit>(*dialog, "password"), password);
    QTest::mouseClick(child<QPushButton>(*dialog, "addButton"), Qt::LeftButton);

    QTest::qWait(0);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(messagePart), qPrintable(error->text()));
    QVERIFY(!dialog->createdMember());
    QCOMPARE(child<QTableView>(window, "membersTable")->model()->rowCount(), 1);
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());
}

void TestMainWindow::searchFiltersMembers()
{
    GuiTestStore store;
    store.initialize();
    store.addUser(Role::Admin, QStringLiteral("ada@acme.test"), QStringLiteral("Ada Admin"));
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.setCurrentPane(QStringLiteral("members"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *table = child<QTableView>(window, "membersTable");
    auto *empty = child<QLabel>(window, "emptyState");

    QTest::keyClicks(child<QLineEdit>(window, "memberSearch"), QStringLiteral("ADA"));
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(child<QLabel>(window, "memberCount")->text(), QStringLiteral("Showing 1 of 2"));

    child<QLineEdit>(window, "memberSearch")->clear();
    QTest::keyClicks(child<QLineEdit>(window, "memberSearch"), QStringLiteral("nobody"));
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(empty->isVisible());
    QVERIFY(!table->isVisible());
    QVERIFY2(empty->text().contains(QStringLiteral("“nobody”")), qPrintable(empty->text()));

    child<QLineEdit>(window, "memberSearch")->clear();
    QCOMPARE(table->model()->rowCount(), 2);
    QVERIFY(table->isVisible());
}

void TestMainWindow::ownerSavesOrganization()
{
    GuiTestStore store;
    store.initialize();
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setCurrentPane(QStringLiteral("organization"));
    QVERIFY(window.organizationPane()->isVisible());
    QVERIFY(window.windowTitle().startsWith(QLatin1String("Acme")));

    auto *name = child<QLineEdit>(window, "orgName");
    auto *plan = child<QComboBox>(window, "plan");
    auto *save = child<QPushButton>(window, "saveButton");
    auto *feedback = child<QLabel>(window, "feedback");
    QVERIFY(!name->isReadOnly());
    QVERIFY(plan->isEnabled());
    QVERIFY(save->isVisible());
    QVERIFY(!save->isEnabled()); // nothing to save yet
    QVERIFY(!child<QLabel>(window, "readOnlyNotice")->isVisible());
    QVERIFY(!child<QLabel>(window, "planText")->isVisible()); // the combo box stands in

    QSignalSpy changed(&store.services().org(), &OrgService::orgChanged);
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Acme Europe"));
    plan->setCurrentIndex(plan->findData(QStringLiteral("TEAM")));
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);

    QCOMPARE(changed.count(), 1);
    const Org org = store.services().org().get(Actor::system(store.org().id));
    QCOMPARE(org.name, QStringLiteral("Acme Europe"));
    QCOMPARE(org.plan, Plan::Team);
    QVERIFY(feedback->isVisible());
    QCOMPARE(feedback->text(), QStringLiteral("Changes saved."));
    QVERIFY(!save->isEnabled());
    QVERIFY(window.windowTitle().startsWith(QLatin1String("Acme Europe")));

    // A refused change (blank name) is shown and nothing is written.
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("   "));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(feedback->isVisible());
    QVERIFY2(feedback->text().contains(QLatin1String("empty")), qPrintable(feedback->text()));
    QCOMPARE(store.services().org().get(Actor::system(store.org().id)).name,
             QStringLiteral("Acme Europe"));
}

void TestMainWindow::organizationIsReadOnlyForOthers_data()
{
    QTest::addColumn<QString>("role");
    QTest::addRow("admin") << QStringLiteral("ADMIN");
    QTest::addRow("member") << QStringLiteral("MEMBER");
    QTest::addRow("auditor") << QStringLiteral("AUDITOR");
}

void TestMainWindow::organizationIsReadOnlyForOthers()
{
    QFETCH(QString, role);
    GuiTestStore store;
    store.initialize();
    MainWindow window(store.services(), store.sessionFor(store.userWithRole(roleNamed(role))));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setCurrentPane(QStringLiteral("organization"));

    auto *name = child<QLineEdit>(window, "orgName");
    QCOMPARE(name->text(), QStringLiteral("Acme"));
    QCOMPARE(child<QComboBox>(window, "plan")->currentData().toString(),
             QStringLiteral("ENTERPRISE"));
    QVERIFY(name->isReadOnly());
    QVERIFY(!child<QComboBox>(window, "plan")->isEnabled());
    QVERIFY(!child<QComboBox>(window, "plan")->isVisible());
    QCOMPARE(child<QLabel>(window, "planText")->text(), QStringLiteral("Enterprise"));
    QVERIFY(child<QLabel>(window, "planText")->isVisible());
    QVERIFY(!child<QPushButton>(window, "saveButton")->isVisible());
    QVERIFY(child<QLabel>(window, "readOnlyNotice")->isVisible());
    QVERIFY(!window.organizationPane()->canEdit());

    window.organizationPane()->save();
    QCOMPARE(store.services().org().get(Actor::system(store.org().id)).name,
             QStringLiteral("Acme"));
}

void TestMainWindow::statusBarShowsUserAndServer()
{
    GuiTestStore store;
    store.initialize();
    const User auditor = store.userWithRole(Role::Auditor);
    MainWindow window(store.services(), store.sessionFor(auditor));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *user = child<QLabel>(window, "userStatus");
    QVERIFY(user->isVisible());
    QVERIFY(user->text().contains(auditor.name));
    QVERIFY(user->text().contains(QLatin1String("Auditor")));

    auto *server = child<QLabel>(window, "serverStatus");
    QVERIFY(!server->isVisible());
    window.setServerStatus(QStringLiteral("API server: http://127.0.0.1:8080"));
    QVERIFY(server->isVisible());
    QCOMPARE(server->text(), QStringLiteral("API server: http://127.0.0.1:8080"));
}

void TestMainWindow::shortcutsSwitchPanes()
{
    GuiTestStore store;
    store.initialize();
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.show();
    QVERIFY(activate(window));
    QCOMPARE(window.paneKeys(),
             (QStringList{QStringLiteral("runs"), QStringLiteral("keys"), QStringLiteral("members"),
                          QStringLiteral("organization")}));

    QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(window.currentPaneKey(), QStringLiteral("organization"));
    QCOMPARE(child<QStackedWidget>(window, "panes")->currentWidget(), window.organizationPane());
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.currentPaneKey(), QStringLiteral("members"));
    QCOMPARE(child<QStackedWidget>(window, "panes")->currentWidget(), window.membersPane());

    // The sidebar drives the same switch.
    child<QListWidget>(window, "navigation")->setCurrentRow(3);
    QCOMPARE(child<QStackedWidget>(window, "panes")->currentWidget(), window.organizationPane());
}

void TestMainWindow::signOutEmitsSignal()
{
    GuiTestStore store;
    store.initialize();
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    QSignalSpy signOut(&window, &MainWindow::signOutRequested);
    child<QAction>(window, "signOutAction")->trigger();
    QCOMPARE(signOut.count(), 1);
}

void TestMainWindow::settingsPersist()
{
    GuiTestStore store;
    store.initialize();
    const Session session = store.sessionFor(store.owner());
    {
        MainWindow window(store.services(), session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(900, 640);
        window.setCurrentPane(QStringLiteral("organization"));
        QTRY_COMPARE(window.size(), QSize(900, 640));
        window.close();
    }
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("MainWindow/pane")).toString(),
             QStringLiteral("organization"));
    QVERIFY(!settings.value(QStringLiteral("MainWindow/geometry")).toByteArray().isEmpty());

    MainWindow restored(store.services(), session);
    QCOMPARE(restored.currentPaneKey(), QStringLiteral("organization"));
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QCOMPARE(restored.size(), QSize(900, 640));
    QCOMPARE(child<QStackedWidget>(restored, "panes")->currentWidget(),
             restored.organizationPane());
}

void TestMainWindow::navigationHasIconsAndNames()
{
    GuiTestStore store;
    store.initialize();
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    auto *navigation = child<QListWidget>(window, "navigation");
    QVERIFY(!navigation->accessibleName().isEmpty());
    QVERIFY(!window.windowIcon().isNull());
    QCOMPARE(navigation->count(), window.paneKeys().size());
    for (int row = 0; row < navigation->count(); ++row) {
        const QListWidgetItem *item = navigation->item(row);
        // The SVG icons come from the compiled-in resources and render at the list's size.
        QVERIFY2(!item->icon().pixmap(navigation->iconSize()).isNull(), qPrintable(item->text()));
        auto *pane = child<QStackedWidget>(window, "panes")->widget(row);
        QCOMPARE(pane->accessibleName(), item->text());
    }
}

void TestMainWindow::screenshot()
{
    const QString folder = qEnvironmentVariable("CADENIO_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set CADENIO_SCREENSHOT_DIR to take screenshots");
    QDir().mkpath(folder);
    GuiTestStore store;
    store.initialize();
    store.addUser(Role::Admin, QStringLiteral("ada.lovelace@acme.test"),
                  QStringLiteral("Ada Lovelace"));
    store.addUser(Role::Member, QStringLiteral("grace.hopper@acme.test"),
                  QStringLiteral("Grace Hopper"));
    store.addUser(Role::Member, QStringLiteral("alan.turing@acme.test"),
                  QStringLiteral("Alan Turing"));
    store.addUser(Role::Auditor, QStringLiteral("katherine.johnson@acme.test"),
                  QStringLiteral("Katherine Johnson"));
    store.addUser(Role::Member, QStringLiteral("edsger.dijkstra@acme.test"),
                  QStringLiteral("Edsger W. Dijkstra"));
    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.setServerStatus(QStringLiteral("API server: http://127.0.0.1:8080"));
    window.resize(1180, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(200);
    QVERIFY(window.grab().save(folder + QStringLiteral("/mainwindow.png")));

    window.setCurrentPane(QStringLiteral("organization"));
    QTest::qWait(100);
    QVERIFY(window.grab().save(folder + QStringLiteral("/organization.png")));

    window.setCurrentPane(QStringLiteral("members"));
    QPointer<AddMemberDialog> dialog = window.membersPane()->openAddMemberDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClicks(child<QLineEdit>(*dialog, "email"),
                     QStringLiteral("barbara.liskov@acme.test"));
    QTest::keyClicks(child<QLineEdit>(*dialog, "password"), QStringLiteral("short"));
    QTest::qWait(100);
    QVERIFY(dialog->grab().save(folder + QStringLiteral("/addmember.png")));
    dialog->reject();

    // What an auditor sees: the same data, nothing to change.
    const User auditor = store.userWithRole(Role::Auditor);
    MainWindow readOnly(store.services(), store.sessionFor(auditor));
    readOnly.resize(1180, 720);
    readOnly.setCurrentPane(QStringLiteral("organization"));
    readOnly.show();
    QVERIFY(QTest::qWaitForWindowExposed(&readOnly));
    QTest::qWait(100);
    QVERIFY(readOnly.grab().save(folder + QStringLiteral("/organization-auditor.png")));
    readOnly.setCurrentPane(QStringLiteral("members"));
    QTest::keyClicks(child<QLineEdit>(readOnly, "memberSearch"), QStringLiteral("zebra"));
    QTest::qWait(100);
    QVERIFY(readOnly.grab().save(folder + QStringLiteral("/members-empty-search.png")));
}

// One picture per pane over realistic sample data (what the setup wizard offers), for the
// README and for a visual check: docs/screenshots/<pane>.png via scripts/screenshots.
void TestMainWindow::screenshotEveryPane()
{
    const QString folder = qEnvironmentVariable("CADENIO_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set CADENIO_SCREENSHOT_DIR to take screenshots");
    QDir().mkpath(folder);
    GuiTestStore store;
    const SetupService::Result setup = store.initialize();
    SampleData(store.services()).populate(Actor::user(setup.owner.id, setup.org.id, Role::Owner));
    const Actor owner = Actor::user(setup.owner.id, setup.org.id, Role::Owner);
    KeyService::NewKey key;
    key.name = QStringLiteral("Data warehouse export");
    key.scopes = {QStringLiteral("runs:read"), QStringLiteral("templates:read")};
    store.services().keys().create(owner, key);
    key.name = QStringLiteral("HR system sync");
    key.scopes = {QStringLiteral("users:read"), QStringLiteral("runs:read"),
                  QStringLiteral("runs:execute")};
    key.expiresAt = QDateTime::currentDateTimeUtc().addDays(4);
    store.services().keys().create(owner, key);
    key.name = QStringLiteral("Vendor portal");
    key.expiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    key.scopes = {QStringLiteral("runs:read"), QStringLiteral("runs:execute")};
    key.resourceMode = ResourceMode::Selected;
    key.templateIds = {store.services().templates().listPublished(owner, {1, {}}).items.at(0).id};
    store.services().keys().create(owner, key);
    key.resourceMode = ResourceMode::All;
    key.templateIds.clear();
    key.name = QStringLiteral("CI deployment");
    key.scopes = {QStringLiteral("templates:read"), QStringLiteral("templates:write"),
                  QStringLiteral("templates:publish")};
    key.expiresAt = QDateTime::currentDateTimeUtc().addDays(90);
    store.services().keys().create(owner, key);

    MainWindow window(store.services(), store.sessionFor(store.owner()));
    window.setServerStatus(QStringLiteral("API server: http://127.0.0.1:8470"));
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const QString &pane : window.paneKeys()) {
        window.setCurrentPane(pane);
        QTest::qWait(150);
        QVERIFY(window.grab().save(folder + QStringLiteral("/") + pane + QStringLiteral(".png")));
    }
    // What an auditor sees of the keys: the list, no actions.
    MainWindow readOnly(store.services(), store.sessionFor(store.userWithRole(Role::Auditor)));
    readOnly.resize(1280, 760);
    readOnly.setCurrentPane(QStringLiteral("keys"));
    readOnly.show();
    QVERIFY(QTest::qWaitForWindowExposed(&readOnly));
    QTest::qWait(150);
    QVERIFY(readOnly.grab().save(folder + QStringLiteral("/keys-auditor.png")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
