// The API keys pane against a real store and a real API server on a loopback port: the
// model under QAbstractItemModelTester, the create dialog (its inline checks, presets,
// expiry and resource picker), the key shown once and saved to a keychain, and what a key
// made or revoked in the pane means for its next HTTP request. Dialogs are opened with
// open(), never exec(), so the test drives them like a user would.

#include "ApiFixture.h"
#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "GuiTestHelpers.h"
#include "items/ApiKeysModel.h"
#include "keys/ApiKeysPane.h"
#include "keys/CreateKeyDialog.h"
#include "keys/ExpiryPicker.h"
#include "keys/NewKeyDialog.h"
#include "keys/ResourcePicker.h"
#include "keys/ScopePicker.h"
#include "MainWindow.h"
#include "services/SampleData.h"
#include "services/Services.h"
#include "store/MemorySecretStore.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

using namespace cadenio;
using namespace Qt::StringLiterals;
using cadenio::test::activate;
using cadenio::test::ApiFixture;
using cadenio::test::child;
using cadenio::views::ApiKeysPane;
using cadenio::views::CreateKeyDialog;
using cadenio::views::ExpiryPicker;
using cadenio::views::NewKeyDialog;

namespace {

// Xvfb has no window manager; activation is ours to ask for and slow on a loaded machine.
constexpr int kActivationTimeoutMs = 15000;

Actor ownerOf(ApiFixture &fixture)
{
    return Actor::user(fixture.owner().id, fixture.orgId(), Role::Owner);
}

NewApiKey makeKey(ApiFixture &fixture, const QString &name, const QDateTime &expiresAt = {})
{
    KeyService::NewKey request;
    request.name = name;
    request.scopes = {QStringLiteral("runs:read")};
    request.expiresAt = expiresAt;
    return fixture.services().keys().create(ownerOf(fixture), request);
}

// Starts the fixture or fails the test; use with `if (!started(...)) return;`.
bool started(ApiFixture &fixture)
{
    QString error;
    if (fixture.start(&error))
        return true;
    QTest::qFail(qPrintable(error), __FILE__, __LINE__);
    return false;
}

// Fills the create dialog the way a user does and clicks Create.
void fillAndCreate(CreateKeyDialog &dialog, const QString &name)
{
    QTest::keyClicks(child<QLineEdit>(dialog, "keyName"), name);
    QTest::mouseClick(child<QPushButton>(dialog, "presetReadOnly"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(dialog, "createButton"), Qt::LeftButton);
}

// Selects the row of `keyId` and confirms the revocation in the message box.
void revokeInPane(ApiKeysPane &pane, const QString &keyId)
{
    const int row = pane.keysModel()->rowOf(keyId);
    QVERIFY(row >= 0);
    pane.table()->selectRow(row);
    QPointer<QMessageBox> box = pane.confirmRevoke();
    QVERIFY(box);
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QTest::mouseClick(child<QPushButton>(*box, "confirmRevokeButton"), Qt::LeftButton);
    QTRY_VERIFY(box.isNull());
}

} // namespace

class TestApiKeys : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void statusFollowsExpiry_data();
    void statusFollowsExpiry();
    void modelFollowsTheServiceFromAnyThread();
    void expiringKeysAreHighlighted();
    void createdKeyWorksOverHttpUntilRevokedInThePane();
    void createDialogExplainsWhatIsMissing();
    void createDialogSetsExpiryAndResources();
    void refusalIsShownNextToItsField();
    void keyboardDrivesThePane();
    void createNeedsTheEnterprisePlan();
    void readersCannotChangeAnything_data();
    void readersCannotChangeAnything();
    void saveToKeychainStoresTheKey();
    void saveWithoutKeychainSaysSo();
    void copyPutsTheKeyOnTheClipboard();
    void screenshot();
};

void TestApiKeys::initTestCase()
{
    cadenio::test::useTestSettings(QStringLiteral("tst_apikeys"));
    QSettings().clear();
}

void TestApiKeys::statusFollowsExpiry_data()
{
    QTest::addColumn<qint64>("expiresInSeconds"); // 0: never
    QTest::addColumn<bool>("revoked");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("textPart");
    using Status = ApiKeysModel::Status;
    const qint64 day = 24 * 3600;
    QTest::addRow("never") << qint64(0) << false << int(Status::Active) << u"Active"_s;
    QTest::addRow("in 30 days") << 30 * day << false << int(Status::Active) << u"Active"_s;
    QTest::addRow("in 8 days") << 8 * day << false << int(Status::Active) << u"Active"_s;
    QTest::addRow("in 6 days") << 6 * day << false << int(Status::ExpiringSoon) << u"Expires"_s;
    QTest::addRow("in an hour") << qint64(3600) << false << int(Status::ExpiringSoon)
                                << u"Expires"_s;
    QTest::addRow("an hour ago") << qint64(-3600) << false << int(Status::Expired) << u"Expired"_s;
    QTest::addRow("revoked") << 30 * day << true << int(Status::Revoked) << u"Revoked"_s;
}

void TestApiKeys::statusFollowsExpiry()
{
    QFETCH(qint64, expiresInSeconds);
    QFETCH(bool, revoked);
    QFETCH(int, status);
    QFETCH(QString, textPart);
    const QDateTime now = timestamps::now();
    ApiKey key;
    if (expiresInSeconds != 0)
        key.expiresAt = now.addSecs(expiresInSeconds);
    if (revoked)
        key.revokedAt = now.addSecs(-10);
    QCOMPARE(int(ApiKeysModel::statusAt(key, now)), status);
    const QString text = ApiKeysModel::statusText(key, now);
    QVERIFY2(text.contains(textPart), qPrintable(text));
}

void TestApiKeys::modelFollowsTheServiceFromAnyThread()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const NewApiKey first = makeKey(fixture, QStringLiteral("First"));
    makeKey(fixture, QStringLiteral("Second"), timestamps::now().addDays(30));

    ApiKeysModel model(fixture.services().keys(), ownerOf(fixture));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ApiKeysModel::NameColumn).data().toString(), u"Second"_s); // newest
    QCOMPARE(model.index(1, ApiKeysModel::PrefixColumn).data().toString(), first.key.keyPrefix);
    QCOMPARE(model.index(1, ApiKeysModel::ScopesColumn).data().toString(), u"runs: read"_s);
    QCOMPARE(model.index(1, ApiKeysModel::ModeColumn).data().toString(), u"All resources"_s);
    QCOMPARE(model.index(1, ApiKeysModel::ExpiresColumn).data().toString(), u"Never"_s);
    QCOMPARE(model.index(1, ApiKeysModel::LastUsedColumn).data().toString(), u"Never"_s);
    QCOMPARE(model.index(1, 0).data(ApiKeysModel::IdRole).toString(), first.key.id);

    // A key made over HTTP, on a server thread: the row arrives through the queued signal.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QString plain = fixture.createApiKey({QStringLiteral("runs:read")});
    QVERIFY(!plain.isEmpty());
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0); // at the top, not a reset

    // Its use shows in "Last used" on the next refresh.
    QCOMPARE(fixture.get(QStringLiteral("/v1/runs"), plain).status, 200);
    model.refresh();
    QVERIFY(model.index(0, ApiKeysModel::LastUsedColumn).data().toString() != u"Never"_s);

    // Revoked on another thread: the row goes.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QThread *worker =
        QThread::create([&] { fixture.services().keys().revoke(ownerOf(fixture), first.key.id); });
    worker->start();
    QVERIFY(worker->wait(10000));
    delete worker;
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowOf(first.key.id), -1);
}

void TestApiKeys::expiringKeysAreHighlighted()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    makeKey(fixture, QStringLiteral("Long-lived"), timestamps::now().addDays(60));
    const NewApiKey soon =
        makeKey(fixture, QStringLiteral("Rotate me"), timestamps::now().addDays(3));
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    QAbstractItemModel *shown = pane.table()->model();
    QAbstractItemModelTester tester(shown, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int soonRow = pane.keysModel()->rowOf(soon.key.id);
    const int otherRow = 1 - soonRow;

    const QModelIndex soonStatus = shown->index(soonRow, ApiKeysModel::StatusColumn);
    QVERIFY2(soonStatus.data().toString().startsWith(u"Expires in"_s),
             qPrintable(soonStatus.data().toString()));
    // Colour and an icon, and words that say the same in greyscale.
    QVERIFY(shown->index(soonRow, ApiKeysModel::NameColumn).data(Qt::BackgroundRole).isValid());
    QVERIFY(!soonStatus.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!shown->index(otherRow, ApiKeysModel::NameColumn).data(Qt::BackgroundRole).isValid());
    QCOMPARE(shown->index(otherRow, ApiKeysModel::StatusColumn).data().toString(), u"Active"_s);
}

void TestApiKeys::createdKeyWorksOverHttpUntilRevokedInThePane()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(child<QLabel>(pane, "keysEmptyState")->isVisible());

    QTest::mouseClick(child<QPushButton>(pane, "createKeyButton"), Qt::LeftButton);
    QPointer<CreateKeyDialog> dialog = pane.findChild<CreateKeyDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    fillAndCreate(*dialog, QStringLiteral("Nightly export"));
    QTRY_VERIFY(dialog.isNull());

    QPointer<NewKeyDialog> shown = pane.newKeyDialog();
    QVERIFY(shown);
    QVERIFY(QTest::qWaitForWindowExposed(shown));
    const QString plain = child<QLineEdit>(*shown, "plainKey")->text();
    QVERIFY2(plain.startsWith(u"sk_live_"_s), qPrintable(plain));
    QVERIFY(child<QLineEdit>(*shown, "plainKey")->isReadOnly());
    QTest::mouseClick(child<QPushButton>(*shown, "doneButton"), Qt::LeftButton);
    QTRY_VERIFY(shown.isNull());

    // The row is there and selected; the key works with the scopes it was given.
    QCOMPARE(pane.keysModel()->rowCount(), 1);
    const QString keyId = pane.selectedKeyId();
    QVERIFY(!keyId.isEmpty());
    QVERIFY(!child<QLabel>(pane, "keysEmptyState")->isVisible());
    QCOMPARE(pane.keysModel()->keyAt(0).name, u"Nightly export"_s);
    test::ApiReply reply = fixture.get(QStringLiteral("/v1/runs"), plain);
    API_COMPARE_STATUS(reply, 200);
    reply = fixture.post(QStringLiteral("/v1/folders"), {{u"name"_s, u"Denied"_s}}, plain);
    API_VERIFY_ERROR(reply, 403, u"MISSING_SCOPE"_s); // the read-only preset

    revokeInPane(pane, keyId);
    if (QTest::currentTestFailed())
        return;
    reply = fixture.get(QStringLiteral("/v1/runs"), plain);
    API_VERIFY_ERROR(reply, 401, u"KEY_REVOKED"_s);
    QTRY_COMPARE(pane.keysModel()->rowCount(), 0);
    QVERIFY(child<QLabel>(pane, "keysFeedback")->text().contains(u"Nightly export"_s));
}

void TestApiKeys::createDialogExplainsWhatIsMissing()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    pane.show();
    // Nothing to pick from yet: the choice is not offered.
    QPointer<CreateKeyDialog> dialog = pane.openCreateKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!child<QAbstractButton>(*dialog, "selectedResources")->isEnabled());
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());

    fixture.services().templates().createFolder(ownerOf(fixture), u"Finance"_s);
    dialog = pane.openCreateKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(child<QAbstractButton>(*dialog, "selectedResources")->isEnabled());
    auto *nameError = child<QLabel>(*dialog, "nameError");
    auto *scopesError = child<QLabel>(*dialog, "scopesError");
    auto *resourcesError = child<QLabel>(*dialog, "resourcesError");
    QVERIFY(!nameError->isVisible());

    QTest::mouseClick(child<QPushButton>(*dialog, "createButton"), Qt::LeftButton);
    QVERIFY(nameError->isVisible());
    QVERIFY(scopesError->isVisible());
    QVERIFY(!resourcesError->isVisible());
    QVERIFY(dialog->isVisible());
    QCOMPARE(pane.keysModel()->rowCount(), 0);

    // Typing fixes the name; "selected resources" with nothing checked is its own problem.
    QTest::keyClicks(child<QLineEdit>(*dialog, "keyName"), u"CI"_s);
    QVERIFY(!nameError->isVisible());
    dialog->scopePicker()->checkBox(u"templates:read"_s)->setChecked(true);
    QVERIFY(!scopesError->isVisible());
    child<QAbstractButton>(*dialog, "selectedResources")->click();
    QTest::mouseClick(child<QPushButton>(*dialog, "createButton"), Qt::LeftButton);
    QVERIFY(resourcesError->isVisible());
    QVERIFY(!nameError->isVisible());
    QVERIFY(dialog->isVisible());
    QCOMPARE(pane.keysModel()->rowCount(), 0);

    // Presets: read only, then everything, then nothing.
    QTest::mouseClick(child<QPushButton>(*dialog, "presetReadOnly"), Qt::LeftButton);
    QCOMPARE(dialog->scopePicker()->scopes(),
             (QStringList{u"runs:read"_s, u"templates:read"_s, u"files:read"_s,
                          u"data-sources:read"_s, u"users:read"_s}));
    QTest::mouseClick(child<QPushButton>(*dialog, "presetReadWrite"), Qt::LeftButton);
    QCOMPARE(dialog->scopePicker()->scopes().size(), 12);
    QTest::mouseClick(child<QPushButton>(*dialog, "presetNone"), Qt::LeftButton);
    QVERIFY(dialog->scopePicker()->scopes().isEmpty());
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());
}

void TestApiKeys::createDialogSetsExpiryAndResources()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const Actor owner = ownerOf(fixture);
    TemplateService &templates = fixture.services().templates();
    const Folder folder = templates.createFolder(owner, u"Finance"_s);
    TemplateService::NewTemplate draft;
    draft.name = u"Invoice approval"_s;
    TaskDefinition task;
    task.id = ids::generate(u"tdef_");
    task.name = u"Approve"_s;
    draft.tasks = {task};
    const Template tmpl = templates.createTemplate(owner, draft);
    templates.publish(owner, tmpl.id);

    ApiKeysPane pane(fixture.services(), owner);
    pane.show();
    QPointer<CreateKeyDialog> dialog = pane.openCreateKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(dialog->resourcePicker()->select(tmpl.id));
    QVERIFY(dialog->resourcePicker()->select(folder.id));
    const QDate date = QDate::currentDate().addDays(10);
    dialog->expiryPicker()->setDate(date);
    QVERIFY(child<QWidget>(*dialog, "expiryDate")->isVisible());
    QSignalSpy created(dialog.data(), &CreateKeyDialog::keyCreated);
    fillAndCreate(*dialog, u"Finance sync"_s);
    QCOMPARE(created.count(), 1);
    QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());

    QVERIFY(dialog->createdKey());
    const NewApiKey key = *dialog->createdKey();
    QCOMPARE(key.key.resourceMode, ResourceMode::Selected);
    QCOMPARE(key.key.templateIds, QStringList{tmpl.id});
    QCOMPARE(key.key.folderIds, QStringList{folder.id});
    QCOMPARE(key.key.expiresAt.toLocalTime().date(), date);
    QCOMPARE(pane.keysModel()->index(0, ApiKeysModel::ModeColumn).data().toString(),
             u"Templates: 1, folders: 1"_s);
    // The key reaches the selected template and nothing else.
    const test::ApiReply reply =
        fixture.get(QStringLiteral("/v1/templates/") + tmpl.id, key.plainKey);
    API_COMPARE_STATUS(reply, 200);
}

void TestApiKeys::refusalIsShownNextToItsField()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    pane.show();
    QPointer<CreateKeyDialog> dialog = pane.openCreateKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    // The service's rule (at most 200 characters), not one the dialog knows of itself.
    fillAndCreate(*dialog, QString(201, QLatin1Char('k')));
    auto *nameError = child<QLabel>(*dialog, "nameError");
    QVERIFY(nameError->isVisible());
    QVERIFY2(nameError->text().contains(u"200"_s), qPrintable(nameError->text()));
    QVERIFY(!child<QLabel>(*dialog, "errorMessage")->isVisible());
    QVERIFY(child<QLineEdit>(*dialog, "keyName")->hasFocus());
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->createdKey());
    QCOMPARE(pane.keysModel()->rowCount(), 0);
    dialog->reject();
}

void TestApiKeys::keyboardDrivesThePane()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const NewApiKey existing = makeKey(fixture, u"Keyboard"_s);
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    pane.show();
    QVERIFY(activate(pane, kActivationTimeoutMs));

    // Shortcuts need the active window; Escape and Return go to the dialogs directly.
    // Ctrl+N opens the create dialog; Escape closes it again.
    pane.table()->setFocus();
    QTest::keySequence(pane.table(), QKeySequence::New);
    QPointer<CreateKeyDialog> dialog = pane.findChild<CreateKeyDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(dialog.isNull());

    // Home selects the key, Delete asks, Enter on the default button (Cancel) keeps it.
    QVERIFY(activate(pane, kActivationTimeoutMs));
    pane.table()->setFocus();
    QTest::keyClick(pane.table(), Qt::Key_Home);
    QCOMPARE(pane.selectedKeyId(), existing.key.id);
    QTest::keyClick(pane.table(), Qt::Key_Delete);
    QPointer<QMessageBox> box = pane.findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_VERIFY(box.isNull());
    QCOMPARE(pane.keysModel()->rowCount(), 1);
    QCOMPARE(fixture.get(QStringLiteral("/v1/runs"), existing.plainKey).status, 200);
}

void TestApiKeys::createNeedsTheEnterprisePlan()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    OrgService::Changes toTeam;
    toTeam.plan = Plan::Team;
    fixture.services().org().update(ownerOf(fixture), toTeam);
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto *create = child<QPushButton>(pane, "createKeyButton");
    auto *notice = child<QLabel>(pane, "keysNotice");
    QVERIFY(!create->isEnabled());
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(u"Enterprise"_s), qPrintable(notice->text()));

    // An owner changes the plan (here or over HTTP): the pane follows without a refresh.
    OrgService::Changes toEnterprise;
    toEnterprise.plan = Plan::Enterprise;
    fixture.services().org().update(ownerOf(fixture), toEnterprise);
    QTRY_VERIFY(create->isEnabled());
    QVERIFY(!notice->isVisible());
}

void TestApiKeys::readersCannotChangeAnything_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<bool>("seesKeys");
    QTest::addRow("auditor") << int(Role::Auditor) << true;
    QTest::addRow("member") << int(Role::Member) << false;
}

void TestApiKeys::readersCannotChangeAnything()
{
    QFETCH(int, role);
    QFETCH(bool, seesKeys);
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const NewApiKey existing = makeKey(fixture, u"Existing"_s);
    const test::Account reader = fixture.createAccount(Role(role));
    QVERIFY2(reader.isValid(), qPrintable(fixture.lastError()));
    const Actor actor = Actor::user(reader.id, fixture.orgId(), Role(role));
    ApiKeysPane pane(fixture.services(), actor);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    QVERIFY(!pane.canManage());
    QCOMPARE(pane.canView(), seesKeys);
    QVERIFY(!child<QPushButton>(pane, "createKeyButton")->isVisible());
    QVERIFY(!child<QPushButton>(pane, "revokeKeyButton")->isVisible());
    QVERIFY(child<QLabel>(pane, "keysNotice")->isVisible());
    QCOMPARE(pane.openCreateKeyDialog(), nullptr);
    QCOMPARE(child<QTableView>(pane, "keysTable")->isVisible(), seesKeys);
    if (seesKeys) {
        QCOMPARE(pane.keysModel()->rowCount(), 1);
        pane.table()->selectRow(0);
        QCOMPARE(pane.selectedKeyId(), existing.key.id);
        QCOMPARE(pane.confirmRevoke(), nullptr);
        // Neither do the keyboard shortcuts.
        pane.table()->setFocus();
        QTest::keyClick(pane.table(), Qt::Key_Delete);
        QTest::keySequence(&pane, QKeySequence::New);
        QTest::qWait(50);
        QVERIFY(!pane.findChild<QMessageBox *>());
        QVERIFY(!pane.findChild<CreateKeyDialog *>());
    } else {
        QCOMPARE(pane.keysModel(), nullptr);
    }
    // The key still works: nothing was revoked.
    QCOMPARE(fixture.get(QStringLiteral("/v1/runs"), existing.plainKey).status, 200);
}

void TestApiKeys::saveToKeychainStoresTheKey()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const Session session = fixture.services()
                                .sessions()
                                .signIn(ApiFixture::kOwnerEmail, ApiFixture::kPassword, u"test"_s)
                                .session;
    MemorySecretStore keychain;
    views::MainWindow window(fixture.services(), session);
    window.setKeychain(&keychain);
    window.setCurrentPane(u"keys"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ApiKeysPane &pane = *window.apiKeysPane();
    QVERIFY(pane.isVisible());

    QPointer<CreateKeyDialog> dialog = pane.openCreateKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    fillAndCreate(*dialog, u"Saved key"_s);
    QPointer<NewKeyDialog> shown = pane.newKeyDialog();
    QVERIFY(shown);
    QVERIFY(QTest::qWaitForWindowExposed(shown));
    const QString plain = child<QLineEdit>(*shown, "plainKey")->text();
    auto *save = child<QPushButton>(*shown, "saveToKeychainButton");
    QTest::mouseClick(save, Qt::LeftButton);

    const ApiKey key = pane.keysModel()->keyAt(0);
    QCOMPARE(keychain.read(NewKeyDialog::keychainEntryName(key)),
             std::optional<QByteArray>(plain.toUtf8()));
    auto *feedback = child<QLabel>(*shown, "feedback");
    QVERIFY(feedback->isVisible());
    QVERIFY2(feedback->text().contains(u"Saved"_s), qPrintable(feedback->text()));
    QVERIFY(!save->isEnabled());
    shown->accept();
}

void TestApiKeys::saveWithoutKeychainSaysSo()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const NewApiKey created = makeKey(fixture, u"Unsaved"_s);
    NewKeyDialog dialog(created, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(child<QPushButton>(dialog, "saveToKeychainButton"), Qt::LeftButton);
    auto *feedback = child<QLabel>(dialog, "feedback");
    QVERIFY(feedback->isVisible());
    QVERIFY2(feedback->text().contains(u"No keychain"_s), qPrintable(feedback->text()));
    QCOMPARE(child<QLineEdit>(dialog, "plainKey")->text(), created.plainKey); // still there
}

void TestApiKeys::copyPutsTheKeyOnTheClipboard()
{
    ApiFixture fixture;
    if (!started(fixture))
        return;
    const NewApiKey created = makeKey(fixture, u"Copied"_s);
    NewKeyDialog dialog(created, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(child<QPushButton>(dialog, "copyButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), created.plainKey);
}

// Pictures of the pane and its dialogs, when CADENIO_SCREENSHOT_DIR names a folder.
void TestApiKeys::screenshot()
{
    const QString folder = qEnvironmentVariable("CADENIO_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set CADENIO_SCREENSHOT_DIR to take screenshots");
    QDir().mkpath(folder);
    ApiFixture fixture;
    if (!started(fixture))
        return;
    SampleData(fixture.services()).populate(ownerOf(fixture));
    ApiKeysPane pane(fixture.services(), ownerOf(fixture));
    pane.resize(980, 560);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QPointer<CreateKeyDialog> dialog = pane.openCreateKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClicks(child<QLineEdit>(*dialog, "keyName"), u"Nightly export"_s);
    QTest::mouseClick(child<QPushButton>(*dialog, "presetReadOnly"), Qt::LeftButton);
    dialog->scopePicker()->checkBox(u"runs:execute"_s)->setChecked(true);
    const auto published =
        fixture.services().templates().listPublished(ownerOf(fixture), {10, {}}).items;
    QVERIFY(!published.isEmpty());
    QVERIFY(dialog->resourcePicker()->select(published.first().id));
    QTest::qWait(100);
    QVERIFY(dialog->grab().save(folder + u"/apikeys-create.png"_s));
    QTest::mouseClick(child<QPushButton>(*dialog, "createButton"), Qt::LeftButton);
    QPointer<NewKeyDialog> shown = pane.newKeyDialog();
    QVERIFY(QTest::qWaitForWindowExposed(shown));
    QTest::qWait(100);
    QVERIFY(shown->grab().save(folder + u"/apikeys-new-key.png"_s));
    shown->accept();
}

QTEST_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
