// The first-start wizard, filled in as a user would: type into the fields, click Next and
// Finish. Shown with show(), never exec(), so the test keeps control.

#include "GuiTestStore.h"
#include "services/AuditLog.h"
#include "services/SampleData.h"
#include "SetupWizard.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace cadenio;
using cadenio::views::SetupWizard;

namespace {

struct WizardInput
{
    QString orgName = QStringLiteral("Acme");
    QString plan; // API code; empty keeps the default
    QString ownerName = QStringLiteral("Olivia Owner");
    QString ownerEmail = QStringLiteral("owner@acme.test");
    QString password = GuiTestStore::kPassword;
    QString confirmation = GuiTestStore::kPassword;
};

QLineEdit *lineEdit(QWidget &wizard, const char *name)
{
    auto *edit = wizard.findChild<QLineEdit *>(QString::fromLatin1(name));
    if (!edit)
        qFatal("no line edit %s", name);
    return edit;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->clear();
    QTest::keyClicks(edit, text);
}

void click(SetupWizard &wizard, QWizard::WizardButton which)
{
    QAbstractButton *button = wizard.button(which);
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

// Fills both pages and stops on the summary.
void fillIn(SetupWizard &wizard, const WizardInput &input)
{
    QCOMPARE(wizard.currentId(), int(SetupWizard::OrganizationPageId));
    typeInto(lineEdit(wizard, "orgName"), input.orgName);
    if (!input.plan.isEmpty()) {
        auto *plan = wizard.findChild<QComboBox *>(QStringLiteral("plan"));
        plan->setCurrentIndex(plan->findData(input.plan));
    }
    click(wizard, QWizard::NextButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::OwnerPageId));
    typeInto(lineEdit(wizard, "ownerName"), input.ownerName);
    typeInto(lineEdit(wizard, "ownerEmail"), input.ownerEmail);
    typeInto(lineEdit(wizard, "ownerPassword"), input.password);
    typeInto(lineEdit(wizard, "ownerPasswordConfirmation"), input.confirmation);
    click(wizard, QWizard::NextButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::SummaryPageId));
}

QLabel *errorMessage(SetupWizard &wizard)
{
    return wizard.findChild<QLabel *>(QStringLiteral("errorMessage"));
}

} // namespace

class TestSetupWizard : public QObject
{
    Q_OBJECT

private slots:
    void defaultPlanIsEnterprise();
    void createsOrganizationAndOwner_data();
    void createsOrganizationAndOwner();
    void refusedInputShowsErrorAndStaysOpen_data();
    void refusedInputShowsErrorAndStaysOpen();
    void canFixAnErrorAndFinish();
    void mismatchedConfirmationBlocksNext();
    void strengthHintFollowsThePassword();
    void sampleDataIsOptional_data();
    void sampleDataIsOptional();
    void sampleDataNotOfferedWithoutASource();
    void screenshot();
};

void TestSetupWizard::defaultPlanIsEnterprise()
{
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    auto *plan = wizard.findChild<QComboBox *>(QStringLiteral("plan"));
    QVERIFY(plan);
    QCOMPARE(plan->count(), 3);
    QCOMPARE(plan->currentData().toString(), QStringLiteral("ENTERPRISE"));
}

void TestSetupWizard::createsOrganizationAndOwner_data()
{
    QTest::addColumn<QString>("plan");
    QTest::addRow("default plan") << QString();
    QTest::addRow("free") << QStringLiteral("FREE");
    QTest::addRow("team") << QStringLiteral("TEAM");
}

void TestSetupWizard::createsOrganizationAndOwner()
{
    QFETCH(QString, plan);
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QSignalSpy accepted(&wizard, &QDialog::accepted);
    QSignalSpy initialized(&store.services().setup(), &SetupService::initialized);

    WizardInput input;
    input.plan = plan;
    input.ownerEmail = QStringLiteral("  Owner@Acme.test ");
    fillIn(wizard, input);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(wizard.findChild<QLabel *>(QStringLiteral("summaryOrgName"))->text(),
             QStringLiteral("Acme"));
    click(wizard, QWizard::FinishButton);

    QCOMPARE(accepted.count(), 1);
    QCOMPARE(initialized.count(), 1);
    QVERIFY(!wizard.isVisible());
    QVERIFY(store.services().setup().isInitialized());
    const SetupService::Result result = wizard.result();
    QCOMPARE(result.org.name, QStringLiteral("Acme"));
    QCOMPARE(planName(result.org.plan), plan.isEmpty() ? QStringLiteral("ENTERPRISE") : plan);
    QCOMPARE(result.owner.email, QStringLiteral("owner@acme.test"));
    QCOMPARE(result.owner.name, QStringLiteral("Olivia Owner"));
    QCOMPARE(result.owner.role, Role::Owner);
    QCOMPARE(result.owner.orgId, result.org.id);
    // The owner can sign in with what was typed.
    const NewSession session =
        store.services().sessions().signIn(result.owner.email, input.password, QStringLiteral("t"));
    QCOMPARE(session.session.user.id, result.owner.id);
}

void TestSetupWizard::refusedInputShowsErrorAndStaysOpen_data()
{
    QTest::addColumn<QString>("orgName");
    QTest::addColumn<QString>("ownerEmail");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("messagePart");
    const QString org = QStringLiteral("Acme");
    const QString email = QStringLiteral("owner@acme.test");
    const QString good = GuiTestStore::kPassword;
    QTest::addRow("short password")
        << org << email << QStringLiteral("short") << QStringLiteral("12");
    QTest::addRow("eleven characters")
        << org << email << QStringLiteral("elevenchars") << QStringLiteral("12");
    QTest::addRow("email without @")
        << org << QStringLiteral("owner.acme.test") << good << QStringLiteral("email");
    QTest::addRow("email without domain dot")
        << org << QStringLiteral("owner@acme") << good << QStringLiteral("email");
    QTest::addRow("blank organization name")
        << QStringLiteral("   ") << email << good << QStringLiteral("empty");
    QTest::addRow("overlong organization name")
        << QString(201, QLatin1Char('x')) << email << good << QStringLiteral("200");
}

void TestSetupWizard::refusedInputShowsErrorAndStaysOpen()
{
    QFETCH(QString, orgName);
    QFETCH(QString, ownerEmail);
    QFETCH(QString, password);
    QFETCH(QString, messagePart);
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QSignalSpy accepted(&wizard, &QDialog::accepted);

    WizardInput input;
    input.orgName = orgName;
    input.ownerEmail = ownerEmail;
    input.password = password;
    input.confirmation = password;
    fillIn(wizard, input);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!errorMessage(wizard)->isVisible());
    click(wizard, QWizard::FinishButton);

    QCOMPARE(accepted.count(), 0);
    QVERIFY(wizard.isVisible());
    QCOMPARE(wizard.currentId(), int(SetupWizard::SummaryPageId));
    QVERIFY(errorMessage(wizard)->isVisible());
    QVERIFY2(errorMessage(wizard)->text().contains(messagePart),
             qPrintable(errorMessage(wizard)->text()));
    QVERIFY(!store.services().setup().isInitialized());
}

void TestSetupWizard::canFixAnErrorAndFinish()
{
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QSignalSpy accepted(&wizard, &QDialog::accepted);

    WizardInput input;
    input.password = input.confirmation = QStringLiteral("short");
    fillIn(wizard, input);
    if (QTest::currentTestFailed())
        return;
    click(wizard, QWizard::FinishButton);
    QVERIFY(errorMessage(wizard)->isVisible());

    click(wizard, QWizard::BackButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::OwnerPageId));
    typeInto(lineEdit(wizard, "ownerPassword"), GuiTestStore::kPassword);
    typeInto(lineEdit(wizard, "ownerPasswordConfirmation"), GuiTestStore::kPassword);
    click(wizard, QWizard::NextButton);
    // The old message no longer applies to what is on the page now.
    QVERIFY(!errorMessage(wizard)->isVisible());
    click(wizard, QWizard::FinishButton);
    QCOMPARE(accepted.count(), 1);
    QVERIFY(store.services().setup().isInitialized());
}

void TestSetupWizard::mismatchedConfirmationBlocksNext()
{
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    typeInto(lineEdit(wizard, "orgName"), QStringLiteral("Acme"));
    click(wizard, QWizard::NextButton);
    typeInto(lineEdit(wizard, "ownerName"), QStringLiteral("Olivia"));
    typeInto(lineEdit(wizard, "ownerEmail"), QStringLiteral("owner@acme.test"));
    typeInto(lineEdit(wizard, "ownerPassword"), GuiTestStore::kPassword);
    auto *mismatch = wizard.findChild<QLabel *>(QStringLiteral("passwordMismatch"));
    QVERIFY(!mismatch->isVisible());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());

    typeInto(lineEdit(wizard, "ownerPasswordConfirmation"), QStringLiteral("something else"));
    QVERIFY(mismatch->isVisible());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());

    typeInto(lineEdit(wizard, "ownerPasswordConfirmation"), GuiTestStore::kPassword);
    QVERIFY(!mismatch->isVisible());
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
}

void TestSetupWizard::strengthHintFollowsThePassword()
{
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    typeInto(lineEdit(wizard, "orgName"), QStringLiteral("Acme"));
    click(wizard, QWizard::NextButton);
    auto *hint = wizard.findChild<QLabel *>(QStringLiteral("strengthHint"));
    QVERIFY(hint);
    QVERIFY(hint->isVisible());
    typeInto(lineEdit(wizard, "ownerPassword"), QStringLiteral("abc"));
    const QString tooShort = hint->text();
    QVERIFY2(tooShort.contains(QLatin1String("9")), qPrintable(tooShort)); // 9 more needed
    typeInto(lineEdit(wizard, "ownerPassword"), GuiTestStore::kPassword);
    QVERIFY(hint->text() != tooShort);
}

void TestSetupWizard::sampleDataIsOptional_data()
{
    QTest::addColumn<bool>("withSampleData");
    QTest::addRow("without sample data") << false;
    QTest::addRow("with sample data") << true;
}

void TestSetupWizard::sampleDataIsOptional()
{
    QFETCH(bool, withSampleData);
    GuiTestStore store;
    SampleData sampleData(store.services());
    SetupWizard wizard(store.services().setup(), &sampleData);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    fillIn(wizard, WizardInput{});
    if (QTest::currentTestFailed())
        return;
    auto *option = wizard.findChild<QCheckBox *>(QStringLiteral("sampleData"));
    QVERIFY(option);
    QVERIFY(option->isVisible());
    QVERIFY(!option->isChecked()); // an organization starts empty unless asked
    if (withSampleData)
        QTest::mouseClick(option, Qt::LeftButton, {}, QPoint(8, option->height() / 2));
    QCOMPARE(option->isChecked(), withSampleData);
    click(wizard, QWizard::FinishButton);
    QVERIFY(store.services().setup().isInitialized());
    QVERIFY2(wizard.sampleDataError().isEmpty(), qPrintable(wizard.sampleDataError()));

    const SetupService::Result result = wizard.result();
    const Actor owner = Actor::user(result.owner.id, result.org.id, Role::Owner);
    const auto runs = store.services().runs().list(owner, {}, {100, {}}).items;
    const auto templates = store.services().templates().listPublished(owner, {100, {}}).items;
    if (!withSampleData) {
        QVERIFY(runs.isEmpty());
        QVERIFY(templates.isEmpty());
        QCOMPARE(store.services().users().list(owner, {100, {}}).items.size(), 1);
        return;
    }
    QStringList templateNames;
    for (const Template &tmpl : templates)
        templateNames << tmpl.name;
    QVERIFY(templateNames.contains(QStringLiteral("Vendor onboarding")));
    QVERIFY(templateNames.contains(QStringLiteral("Quarterly access review")));
    for (const Template &tmpl : templates) {
        const Template full = store.services().templates().get(owner, tmpl.id);
        QVERIFY2(full.tasks.size() >= 5 && full.tasks.size() <= 10, qPrintable(full.name));
    }
    QVERIFY(store.services().users().list(owner, {100, {}}).items.size() > 1);

    // Runs in every status, with work done and the audit trail to prove it.
    QSet<int> statuses;
    int completedTasks = 0;
    for (const Run &run : runs) {
        statuses.insert(int(run.status));
        const Run full = store.services().runs().get(owner, run.id);
        for (const Task &task : full.tasks)
            completedTasks += task.status == TaskStatus::Completed ? 1 : 0;
        QVERIFY(store.services().runs().audit(owner, run.id).size() >= 1);
        const auto broken = AuditLog::verify(store.database().connection(), run.id);
        QVERIFY2(!broken, qPrintable(broken ? broken->reason : QString()));
    }
    QCOMPARE(statuses, (QSet<int>{int(RunStatus::InProgress), int(RunStatus::Completed),
                                  int(RunStatus::Cancelled), int(RunStatus::Overdue)}));
    QVERIFY(completedTasks >= 10);
}

void TestSetupWizard::sampleDataNotOfferedWithoutASource()
{
    GuiTestStore store;
    SetupWizard wizard(store.services().setup());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    fillIn(wizard, WizardInput{});
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!wizard.findChild<QCheckBox *>(QStringLiteral("sampleData"))->isVisible());
}

// Pictures of each page for a visual check, when CADENIO_SCREENSHOT_DIR names a folder.
void TestSetupWizard::screenshot()
{
    const QString folder = qEnvironmentVariable("CADENIO_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set CADENIO_SCREENSHOT_DIR to take screenshots");
    QDir().mkpath(folder);
    GuiTestStore store;
    SampleData sampleData(store.services());
    SetupWizard wizard(store.services().setup(), &sampleData);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    typeInto(lineEdit(wizard, "orgName"), QStringLiteral("Acme Corporation"));
    QVERIFY(wizard.grab().save(folder + QStringLiteral("/setup-organization.png")));
    click(wizard, QWizard::NextButton);
    typeInto(lineEdit(wizard, "ownerName"), QStringLiteral("Olivia Owner"));
    typeInto(lineEdit(wizard, "ownerEmail"), QStringLiteral("owner@acme.test"));
    typeInto(lineEdit(wizard, "ownerPassword"), QStringLiteral("short"));
    typeInto(lineEdit(wizard, "ownerPasswordConfirmation"), QStringLiteral("shor"));
    QVERIFY(wizard.grab().save(folder + QStringLiteral("/setup-owner.png")));
    typeInto(lineEdit(wizard, "ownerPasswordConfirmation"), QStringLiteral("short"));
    click(wizard, QWizard::NextButton);
    click(wizard, QWizard::FinishButton);
    QVERIFY(wizard.grab().save(folder + QStringLiteral("/setup-summary.png")));
}

QTEST_MAIN(TestSetupWizard)
#include "tst_setupwizard.moc"
