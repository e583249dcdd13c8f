// The Runs pane as people use it, against a real store: filters from its controls, the
// detail of a run with task actions, value editors and files, cancelling with a
// confirmation, the audit timeline with Verify Chain and Export, what an AUDITOR may do,
// and runs that arrive over a real HTTP server while the pane is open.

#include "ApiFixture.h"
#include "common/InlineMessage.h"
#include "GuiTestHelpers.h"
#include "GuiTestStore.h"
#include "items/AuditTimelineModel.h"
#include "items/RunsModel.h"
#include "items/RunTasksModel.h"
#include "runs/AuditExportJob.h"
#include "runs/AuditTimelineView.h"
#include "runs/FieldEditor.h"
#include "runs/RunDetailView.h"
#include "runs/RunsPane.h"
#include "runs/TaskValueDialog.h"
#include "RunSeeder.h"
#include "services/AuditLog.h"
#include "store/SqlQuery.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace cadenio;
using cadenio::test::activate;
using cadenio::test::child;
using cadenio::views::AuditExportJob;
using cadenio::views::AuditTimelineView;
using cadenio::views::FieldEditor;
using cadenio::views::InlineMessage;
using cadenio::views::RunDetailView;
using cadenio::views::RunsPane;
using cadenio::views::TaskValueDialog;
using Type = FieldSpec::Type;

namespace {

void execute(const Database &database, const QString &sql)
{
    SqlQuery(database.connection(), sql).exec();
}

QStringList names(const RunsPane &pane)
{
    QStringList result;
    const QAbstractItemModel *model = pane.table()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        result << model->index(row, RunsModel::NameColumn).data().toString();
    return result;
}

void choose(QComboBox *combo, const QString &data)
{
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(data));
    combo->setCurrentIndex(index);
}

// One store with a template of every kind of field used here, and a few runs.
struct Scenario
{
    GuiTestStore store;
    User member;
    User auditor;
    QString
        checklist;  // Approved (boolean, required), Amount (number), Note (text), Evidence (file)
    QString review; // Reviewed (boolean)
    Run first;
    Run second;
    Run third;

    Scenario()
    {
        store.initialize();
        member = store.addUser(Role::Member, QStringLiteral("max@acme.test"),
                               QStringLiteral("Max Member"));
        auditor = store.addUser(Role::Auditor, QStringLiteral("audrey@acme.test"),
                                QStringLiteral("Audrey Auditor"));
        checklist = store.publishTemplate(
            QStringLiteral("Vendor onboarding"),
            {GuiTestStore::task(QStringLiteral("Approved"), Type::Boolean),
             GuiTestStore::task(QStringLiteral("Amount"), Type::Number, false),
             GuiTestStore::task(QStringLiteral("Note"), Type::Text, false),
             GuiTestStore::task(QStringLiteral("Evidence"), Type::File, false)});
        review =
            store.publishTemplate(QStringLiteral("Access review"),
                                  {GuiTestStore::task(QStringLiteral("Reviewed"), Type::Boolean)});
        first = store.launchRun(checklist, QStringLiteral("ACME onboarding"), member.id);
        second = store.launchRun(review, QStringLiteral("Q3 access review"));
        third = store.launchRun(checklist, QStringLiteral("Globex onboarding"));
    }

    Actor actor(const User &user) const { return store.actorFor(user); }
};

} // namespace

class TestRunsPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filtersFromControls();
    void searchWaitsForPauseAndFindShortcut();
    void countLineSaysWhatIsLoaded();
    void sortByHeader();
    void completeTaskWithShortcut();
    void skipOnlyOptionalTasks();
    void editValueWithFittingEditor_data();
    void editValueWithFittingEditor();
    void fieldEditorRoundTrip_data();
    void fieldEditorRoundTrip();
    void refusedValueStaysInDialog();
    void cancelRunAsksFirst();
    void readOnlyRoles_data();
    void readOnlyRoles();
    void filesOfRun();
    void verifyChain();
    void exportEvidence_data();
    void exportEvidence();
    void exportCancelled();
    void runLaunchedOverHttpAppears();
    void screenshot();
};

void TestRunsPane::initTestCase()
{
    cadenio::test::useTestSettings(QStringLiteral("tst_runspane"));
}

void TestRunsPane::filtersFromControls()
{
    Scenario s;
    RunsPane pane(s.store.services(), s.actor(s.store.owner()));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QAbstractItemModelTester tester(pane.table()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(names(pane),
             QStringList({QStringLiteral("Globex onboarding"), QStringLiteral("Q3 access review"),
                          QStringLiteral("ACME onboarding")}));
    QCOMPARE(child<QLabel>(pane, "runCount")->text(), QStringLiteral("Total: 3"));

    choose(pane.templateFilter(), s.checklist);
    QCOMPARE(names(pane),
             QStringList({QStringLiteral("Globex onboarding"), QStringLiteral("ACME onboarding")}));
    choose(pane.assigneeFilter(), s.member.id);
    QCOMPARE(names(pane), QStringList{QStringLiteral("ACME onboarding")});
    choose(pane.statusFilter(), QStringLiteral("COMPLETED"));
    QCOMPARE(names(pane), QStringList());
    QCOMPARE(child<QLabel>(pane, "runCount")->text(), QStringLiteral("Total: 0"));
    choose(pane.statusFilter(), QString());
    choose(pane.assigneeFilter(), QString());
    choose(pane.templateFilter(), QString());
    QCOMPARE(names(pane).size(), 3);

    // Arrow keys on the closed box filter too.
    pane.statusFilter()->setFocus();
    QTest::keyClick(pane.statusFilter(), Qt::Key_Down);
    QCOMPARE(pane.statusFilter()->currentData().toString(), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(names(pane).size(), 3);
    QTest::keyClick(pane.statusFilter(), Qt::Key_Down);
    QCOMPARE(pane.statusFilter()->currentData().toString(), QStringLiteral("OVERDUE"));
    QCOMPARE(names(pane).size(), 0);
    choose(pane.statusFilter(), QString());

    // The template and assignee lists name what they filter by.
    QVERIFY(pane.templateFilter()->findText(QStringLiteral("Access review")) > 0);
    QVERIFY(pane.assigneeFilter()->findText(QStringLiteral("Max Member")) > 0);
    QVERIFY(!pane.statusFilter()->accessibleName().isEmpty());
}

void TestRunsPane::searchWaitsForPauseAndFindShortcut()
{
    Scenario s;
    RunsPane pane(s.store.services(), s.actor(s.store.owner()));
    pane.show();
    QVERIFY(activate(pane));
    pane.table()->setFocus();
    QTest::keyClick(pane.table(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(pane.searchField()->hasFocus());
    QTest::keyClicks(pane.searchField(), QStringLiteral("onboard"));
    QCOMPARE(names(pane).size(), 3); // not yet: typing goes on
    QTRY_COMPARE(names(pane), QStringList({QStringLiteral("Globex onboarding"),
                                           QStringLiteral("ACME onboarding")}));
    pane.searchField()->setText(s.second.id);
    QTest::keyClick(pane.searchField(), Qt::Key_Return); // at once
    QCOMPARE(names(pane), QStringList{QStringLiteral("Q3 access review")});
}

void TestRunsPane::countLineSaysWhatIsLoaded()
{
    Scenario s;
    runseeder::seed(s.store.database(), s.store.org().id, s.checklist, {}, 450);
    RunsPane pane(s.store.services(), s.actor(s.store.owner()));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto *count = child<QLabel>(pane, "runCount");
    QCOMPARE(count->text(), QStringLiteral("200 runs loaded, more as you scroll"));
    pane.runsModel()->setMaximumRows(400);
    while (pane.runsModel()->canFetchMore())
        pane.runsModel()->fetchMore();
    QCOMPARE(count->text(),
             QStringLiteral("Showing the first 400 runs; narrow the filters to see others."));
    pane.runsModel()->setScanWindow(100);
    pane.searchField()->setText(QStringLiteral("Seeded run 1"));
    pane.applyFilters();
    QVERIFY2(count->text().startsWith(QStringLiteral("Searching… ")), qPrintable(count->text()));
    QTRY_COMPARE(count->text(), QStringLiteral("Total: 111"));
}

void TestRunsPane::sortByHeader()
{
    Scenario s;
    RunsPane pane(s.store.services(), s.actor(s.store.owner()));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QHeaderView *header = pane.table()->horizontalHeader();
    const auto clickHeader = [&](int column) {
        QTest::mouseClick(
            header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(column) + 5, header->height() / 2));
    };
    clickHeader(RunsModel::CreatedColumn); // same column: flips to oldest first
    QCOMPARE(pane.runsModel()->order(), (RunOrder{RunSortKey::Created, true}));
    QCOMPARE(names(pane).first(), QStringLiteral("ACME onboarding"));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    clickHeader(RunsModel::NameColumn); // not indexed: nothing changes
    QCOMPARE(pane.runsModel()->order(), (RunOrder{RunSortKey::Created, true}));
    QCOMPARE(header->sortIndicatorSection(), int(RunsModel::CreatedColumn));
    clickHeader(RunsModel::UpdatedColumn);
    QCOMPARE(pane.runsModel()->order(), (RunOrder{RunSortKey::Updated, false}));
    QCOMPARE(header->sortIndicatorSection(), int(RunsModel::UpdatedColumn));
}

void TestRunsPane::completeTaskWithShortcut()
{
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    RunsPane pane(s.store.services(), owner);
    pane.show();
    QVERIFY(activate(pane));
    QVERIFY(pane.selectRun(s.first.id));
    RunDetailView *detail = pane.detail();
    QCOMPARE(detail->run().id, s.first.id);
    QCOMPARE(child<QLabel>(*detail, "runTitle")->text(), QStringLiteral("ACME onboarding"));
    QAbstractItemModelTester tester(detail->tasksModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(detail->tasksModel()->rowCount(), 4);
    detail->selectTask(s.first.tasks.at(0).id);
    detail->tasksTable()->setFocus();

    QTest::keyClick(detail->tasksTable(), Qt::Key_Return, Qt::ControlModifier);

    // The only required task is done: the task, the run and its row all say so.
    const Run after = s.store.services().runs().get(owner, s.first.id);
    QCOMPARE(after.tasks.at(0).status, TaskStatus::Completed);
    QCOMPARE(after.tasks.at(0).completedBy, s.store.owner().id);
    QCOMPARE(after.status, RunStatus::Completed);
    const int row = pane.runsModel()->rowOf(s.first.id);
    QCOMPARE(pane.runsModel()->index(row, RunsModel::StatusColumn).data().toString(),
             QStringLiteral("Completed"));
    QCOMPARE(child<QLabel>(*detail, "runStatus")->text(), QStringLiteral("Completed"));
    QCOMPARE(detail->tasksModel()->index(0, RunTasksModel::StatusColumn).data().toString(),
             QStringLiteral("Completed"));
    // Audited, and shown in the timeline.
    const QList<AuditEntry> audit = s.store.services().runs().audit(owner, s.first.id);
    QCOMPARE(audit.size(), 3);
    QCOMPARE(audit.at(1).action, QStringLiteral("task.completed"));
    QCOMPARE(audit.at(1).actorId, s.store.owner().id);
    QCOMPARE(detail->auditView()->model()->rowCount(), 3);
    // A closed run offers nothing more to do.
    const QList<QAction *> actions = detail->runActions();
    for (QAction *action : actions)
        QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
}

void TestRunsPane::skipOnlyOptionalTasks()
{
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    RunsPane pane(s.store.services(), owner);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.third.id);
    RunDetailView *view = pane.detail();
    QAction *skip = view->findChild<QAction *>(QStringLiteral("skipTaskAction"));
    QVERIFY(skip);
    view->selectTask(s.third.tasks.at(0).id); // required
    QVERIFY(!skip->isEnabled());
    view->selectTask(s.third.tasks.at(2).id); // optional note
    QVERIFY(skip->isEnabled());
    skip->trigger();
    QCOMPARE(s.store.services().runs().get(owner, s.third.id).tasks.at(2).status,
             TaskStatus::Skipped);
    QCOMPARE(
        view->tasksModel()->index(2, RunTasksModel::StatusColumn).data(RunTasksModel::StatusRole),
        QVariant(QStringLiteral("SKIPPED")));
    QVERIFY(!skip->isEnabled()); // already skipped
}

void TestRunsPane::editValueWithFittingEditor_data()
{
    QTest::addColumn<int>("task");
    QTest::addColumn<QString>("editorClass");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QJsonValue>("stored");
    QTest::addColumn<QString>("shown");
    QTest::addRow("number") << 1 << QStringLiteral("QLineEdit") << QStringLiteral("42")
                            << QJsonValue(42) << QStringLiteral("42");
    QTest::addRow("text") << 2 << QStringLiteral("QLineEdit") << QStringLiteral("Signed by legal")
                          << QJsonValue(u"Signed by legal"_qs) << QStringLiteral("Signed by legal");
    QTest::addRow("boolean") << 0 << QStringLiteral("QCheckBox") << QStringLiteral(" ")
                             << QJsonValue(true) << QStringLiteral("Yes");
}

void TestRunsPane::editValueWithFittingEditor()
{
    QFETCH(int, task);
    QFETCH(QString, editorClass);
    QFETCH(QString, typed);
    QFETCH(QJsonValue, stored);
    QFETCH(QString, shown);
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    RunsPane pane(s.store.services(), owner);
    pane.show();
    QVERIFY(activate(pane));
    pane.selectRun(s.third.id);
    RunDetailView *detail = pane.detail();
    detail->selectTask(s.third.tasks.at(task).id);
    detail->tasksTable()->setFocus();
    QTest::keyClick(detail->tasksTable(), Qt::Key_F2);
    QPointer<TaskValueDialog> dialog = detail->findChild<TaskValueDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QWidget *editor = dialog->fieldEditor()->editor();
    QCOMPARE(QString::fromLatin1(editor->metaObject()->className()), editorClass);
    QVERIFY(!editor->accessibleName().isEmpty());
    QTest::keyClicks(editor, typed);
    QTest::mouseClick(child<QPushButton>(*dialog, "saveValueButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog || !dialog->isVisible());

    QCOMPARE(s.store.services().runs().get(owner, s.third.id).tasks.at(task).value, stored);
    const int row = detail->tasksModel()->rowOf(s.third.tasks.at(task).id);
    QCOMPARE(detail->tasksModel()->index(row, RunTasksModel::ValueColumn).data().toString(), shown);
}

void TestRunsPane::fieldEditorRoundTrip_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("editorClass");
    QTest::addRow("text") << QStringLiteral("text") << QJsonValue(u"Approved"_qs)
                          << QStringLiteral("QLineEdit");
    QTest::addRow("long text") << QStringLiteral("long_text") << QJsonValue(u"Line 1\nLine 2"_qs)
                               << QStringLiteral("QPlainTextEdit");
    QTest::addRow("number") << QStringLiteral("number") << QJsonValue(-1234.25)
                            << QStringLiteral("QLineEdit");
    QTest::addRow("boolean") << QStringLiteral("boolean") << QJsonValue(true)
                             << QStringLiteral("QCheckBox");
    QTest::addRow("date") << QStringLiteral("date") << QJsonValue(u"2026-05-01"_qs)
                          << QStringLiteral("QDateEdit");
    QTest::addRow("email") << QStringLiteral("email") << QJsonValue(u"legal@acme.test"_qs)
                           << QStringLiteral("QLineEdit");
    QTest::addRow("url") << QStringLiteral("url") << QJsonValue(u"https://acme.test/w9"_qs)
                         << QStringLiteral("QLineEdit");
    QTest::addRow("select") << QStringLiteral("select") << QJsonValue(u"no"_qs)
                            << QStringLiteral("QComboBox");
    QTest::addRow("multi select") << QStringLiteral("multi_select")
                                  << QJsonValue(QJsonArray{u"yes"_qs, u"no"_qs})
                                  << QStringLiteral("QListWidget");
    QTest::addRow("empty text clears")
        << QStringLiteral("text") << QJsonValue(QJsonValue::Null) << QStringLiteral("QLineEdit");
}

void TestRunsPane::fieldEditorRoundTrip()
{
    QFETCH(QString, type);
    QFETCH(QJsonValue, value);
    QFETCH(QString, editorClass);
    FieldSpec field;
    field.type = *FieldSpec::typeFromName(type);
    if (field.type == Type::Select || field.type == Type::MultiSelect)
        field.options = {QStringLiteral("yes"), QStringLiteral("no")};
    FieldEditor editor(field);
    QCOMPARE(QString::fromLatin1(editor.editor()->metaObject()->className()), editorClass);
    editor.setValue(value);
    QString error;
    const std::optional<QJsonValue> read = editor.value(&error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(*read, value);
    field.checkValue(*read, QStringLiteral("value")); // what the editor gives, the service takes
}

void TestRunsPane::refusedValueStaysInDialog()
{
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    RunsPane pane(s.store.services(), owner);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.third.id);
    pane.detail()->selectTask(s.third.tasks.at(1).id); // number
    QPointer<TaskValueDialog> dialog = pane.detail()->editSelectedTaskValue();
    QVERIFY(dialog);
    auto *line = qobject_cast<QLineEdit *>(dialog->fieldEditor()->editor());
    QVERIFY(line);
    line->setText(QStringLiteral("12 apples")); // bypasses the validator, as a paste might
    dialog->save();
    QVERIFY(dialog && dialog->isVisible());
    auto *error = child<InlineMessage>(*dialog, "valueError");
    QVERIFY(error->isVisible());
    QCOMPARE(error->kind(), InlineMessage::Kind::Error);
    QVERIFY(s.store.services().runs().get(owner, s.third.id).tasks.at(1).value.isNull());
    dialog->reject();
}

void TestRunsPane::cancelRunAsksFirst()
{
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    RunsPane pane(s.store.services(), owner);
    pane.show();
    QVERIFY(activate(pane));
    pane.selectRun(s.second.id);

    // Keep: nothing happens.
    QPointer<QMessageBox> box = pane.detail()->requestCancelRun();
    QVERIFY(box);
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QCOMPARE(box->windowModality(), Qt::WindowModal);
    QTest::keyClick(box, Qt::Key_Escape);
    QTRY_VERIFY(!box);
    QCOMPARE(s.store.services().runs().get(owner, s.second.id).status, RunStatus::InProgress);

    // The shortcut asks too; confirming cancels.
    QVERIFY(activate(pane));
    pane.detail()->tasksTable()->setFocus();
    QTest::keyClick(pane.detail()->tasksTable(), Qt::Key_X,
                    Qt::ControlModifier | Qt::ShiftModifier);
    box = pane.detail()->findChild<QMessageBox *>();
    QVERIFY(box);
    QTest::mouseClick(child<QPushButton>(*box, "confirmCancelRun"), Qt::LeftButton);
    QCOMPARE(s.store.services().runs().get(owner, s.second.id).status, RunStatus::Cancelled);
    const int row = pane.runsModel()->rowOf(s.second.id);
    QCOMPARE(pane.runsModel()->index(row, RunsModel::StatusColumn).data(RunsModel::StatusRole),
             QVariant(QStringLiteral("CANCELLED")));
    QCOMPARE(pane.detail()->requestCancelRun(), nullptr); // closed for good
    QCOMPARE(s.store.services().runs().audit(owner, s.second.id).last().action,
             QStringLiteral("run.cancelled"));
}

void TestRunsPane::readOnlyRoles_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("writes");
    QTest::addRow("auditor") << QStringLiteral("AUDITOR") << false;
    QTest::addRow("member") << QStringLiteral("MEMBER") << true;
}

void TestRunsPane::readOnlyRoles()
{
    QFETCH(QString, role);
    QFETCH(bool, writes);
    Scenario s;
    const User user = role == QLatin1String("AUDITOR") ? s.auditor : s.member;
    const Actor actor = s.actor(user);
    RunsPane pane(s.store.services(), actor);
    pane.show();
    QVERIFY(activate(pane));
    QCOMPARE(names(pane).size(), 3); // sees everything
    pane.selectRun(s.first.id);
    RunDetailView *detail = pane.detail();
    detail->selectTask(s.first.tasks.at(1).id);
    QCOMPARE(detail->canWrite(), writes);
    for (QAction *action : detail->runActions()) {
        QCOMPARE(action->isVisible(), writes);
        QCOMPARE(action->isEnabled(), writes);
    }
    QCOMPARE(child<QPushButton>(*detail, "cancelRunButton")->isVisibleTo(detail), writes);
    QCOMPARE(detail->editSelectedTaskValue() != nullptr, writes);
    if (!writes) {
        // Shortcuts and direct calls change nothing either.
        detail->selectTask(s.first.tasks.at(0).id);
        detail->tasksTable()->setFocus();
        QTest::keyClick(detail->tasksTable(), Qt::Key_Return, Qt::ControlModifier);
        detail->completeSelectedTask();
        QCOMPARE(detail->requestCancelRun(), nullptr);
        detail->cancelRun();
        const Run run = s.store.services().runs().get(actor, s.first.id);
        QCOMPARE(run.status, RunStatus::InProgress);
        QCOMPARE(run.tasks.at(0).status, TaskStatus::Pending);
        QCOMPARE(s.store.services().runs().audit(actor, s.first.id).size(), 1);
    }
    // Reading the evidence is for everyone.
    QVERIFY(child<QPushButton>(*detail, "verifyChainButton")->isEnabled());
    QVERIFY(child<QPushButton>(*detail, "exportCsvButton")->isEnabled());
}

void TestRunsPane::filesOfRun()
{
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    FileService::Upload upload;
    upload.runId = s.first.id;
    upload.taskId = s.first.tasks.at(3).id;
    upload.name = QStringLiteral("w9-form.pdf");
    upload.contentType = QStringLiteral("application/pdf");
    upload.content = QByteArray(3000, 'x');
    const StoredFile file = s.store.services().files().upload(owner, upload);

    RunsPane pane(s.store.services(), owner);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.first.id);
    RunDetailView *detail = pane.detail();
    QCOMPARE(detail->files().size(), 1);
    auto *list = child<QTreeWidget>(*detail, "filesList");
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("w9-form.pdf"));
    QCOMPARE(list->topLevelItem(0)->text(1), QLocale().formattedDataSize(3000));
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("Evidence"));

    QTemporaryDir dir;
    const QString saved = dir.filePath(QStringLiteral("copy.pdf"));
    QVERIFY(detail->saveFileTo(file.id, saved));
    QFile copy(saved);
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), upload.content);
    QVERIFY(!detail->saveFileTo(file.id, dir.filePath(QStringLiteral("missing/dir/x.pdf"))));
    QVERIFY(detail->message()->isVisible());

    // The file field's editor offers the task's files by name.
    detail->selectTask(s.first.tasks.at(3).id);
    QPointer<TaskValueDialog> dialog = detail->editSelectedTaskValue();
    QVERIFY(dialog);
    auto *combo = qobject_cast<QComboBox *>(dialog->fieldEditor()->editor());
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    combo->setCurrentIndex(1);
    dialog->save();
    QCOMPARE(s.store.services().runs().get(owner, s.first.id).tasks.at(3).value,
             QJsonValue(file.id));
    QCOMPARE(detail->tasksModel()->index(3, RunTasksModel::ValueColumn).data().toString(),
             QStringLiteral("w9-form.pdf"));
}

void TestRunsPane::verifyChain()
{
    Scenario s;
    const Actor auditor = s.actor(s.auditor);
    RunService::TaskChanges note;
    note.value = QJsonValue(QStringLiteral("first"));
    s.store.services().runs().updateTask(s.actor(s.store.owner()), s.first.id,
                                         s.first.tasks.at(2).id, note);
    note.value = QJsonValue(QStringLiteral("second"));
    s.store.services().runs().updateTask(s.actor(s.store.owner()), s.first.id,
                                         s.first.tasks.at(2).id, note);

    RunsPane pane(s.store.services(), auditor);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.first.id);
    AuditTimelineView *audit = pane.detail()->auditView();
    QAbstractItemModelTester tester(audit->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(audit->model()->rowCount(), 3);
    QTest::mouseClick(child<QPushButton>(*audit, "verifyChainButton"), Qt::LeftButton);
    QCOMPARE(audit->result()->kind(), InlineMessage::Kind::Success);
    QVERIFY2(audit->result()->text().contains(QLatin1String("intact")),
             qPrintable(audit->result()->text()));
    QVERIFY(audit->result()->text().contains(QLatin1String("3")));

    // Someone edits entry 2 behind the application's back.
    SqlQuery(
        s.store.database().connection(),
        QStringLiteral("UPDATE audit_entries SET changes = '{}' WHERE run_id = :run AND seq = 2"))
        .bind(QStringLiteral(":run"), s.first.id)
        .exec();
    const auto broken = audit->verifyChain();
    QVERIFY(broken);
    QCOMPARE(broken->seq, 2);
    QCOMPARE(audit->result()->kind(), InlineMessage::Kind::Error);
    QVERIFY2(audit->result()->text().contains(QLatin1String("broken at entry 2")),
             qPrintable(audit->result()->text()));
    QVERIFY(audit->model()->index(1, 0).data(AuditTimelineModel::BrokenRole).toBool());
    QCOMPARE(audit->table()->selectionModel()->selectedRows().first().row(), 1);

    // A removed last entry is a truncation.
    SqlQuery(s.store.database().connection(),
             QStringLiteral("DELETE FROM audit_entries WHERE run_id = :run AND seq = 3"))
        .bind(QStringLiteral(":run"), s.first.id)
        .exec();
    QVERIFY(s.store.services().runs().verifyAudit(auditor, s.first.id));
}

void TestRunsPane::exportEvidence_data()
{
    QTest::addColumn<bool>("csv");
    QTest::addColumn<bool>("tampered");
    QTest::addRow("csv") << true << false;
    QTest::addRow("json") << false << false;
    QTest::addRow("json of a broken chain") << false << true;
}

void TestRunsPane::exportEvidence()
{
    QFETCH(bool, csv);
    QFETCH(bool, tampered);
    Scenario s;
    const Actor auditor = s.actor(s.auditor);
    // Enough entries for several slices: values with commas, quotes and line breaks.
    for (int i = 0; i < 250; ++i) {
        RunService::TaskChanges note;
        note.value = QJsonValue(QStringLiteral("note %1, \"quoted\"\nline").arg(i));
        s.store.services().runs().updateTask(s.actor(s.store.owner()), s.first.id,
                                             s.first.tasks.at(2).id, note);
    }
    if (tampered)
        SqlQuery(s.store.database().connection(),
                 QStringLiteral("UPDATE audit_entries SET actor_id = 'usr_x' WHERE run_id = :run "
                                "AND seq = 7"))
            .bind(QStringLiteral(":run"), s.first.id)
            .exec();
    const QList<AuditEntry> entries = s.store.services().runs().audit(auditor, s.first.id);
    QCOMPARE(entries.size(), 251);

    RunsPane pane(s.store.services(), auditor);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.first.id);
    AuditTimelineView *audit = pane.detail()->auditView();
    QTemporaryDir dir;
    const QString path =
        dir.filePath(csv ? QStringLiteral("audit.csv") : QStringLiteral("audit.json"));
    AuditExportJob *job =
        audit->exportTo(path, csv ? AuditExport::Format::Csv : AuditExport::Format::Json);
    QVERIFY(job);
    QSignalSpy progress(job, &AuditExportJob::progressChanged);
    QSignalSpy finished(job, &AuditExportJob::finished);
    QVERIFY(child<QProgressBar>(*audit, "exportProgress")->isVisibleTo(audit));
    QVERIFY(!child<QPushButton>(*audit, "exportJsonButton")->isEnabled()); // one at a time
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().value<AuditExportJob::Outcome>(),
             AuditExportJob::Outcome::Saved);
    QVERIFY(progress.size() >= 3); // in slices, not in one go
    QCOMPARE(progress.last().first().toInt(), 100);
    QVERIFY(!child<QProgressBar>(*audit, "exportProgress")->isVisibleTo(audit));
    QCOMPARE(audit->result()->kind(),
             tampered ? InlineMessage::Kind::Error : InlineMessage::Kind::Success);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (csv) {
        QVERIFY(
            bytes.startsWith("seq,at,actor_type,actor_id,action,changes,prev_hash,hash,id\r\n"));
        // Every entry's hash in order, each exactly once.
        qsizetype from = 0;
        for (const AuditEntry &entry : entries) {
            const qsizetype at =
                bytes.indexOf(QByteArray(entry.hash.toLatin1() + ',' + entry.id.toLatin1()), from);
            QVERIFY2(at > from, qPrintable(entry.id));
            from = at;
        }
        QVERIFY(bytes.contains("\"{\"\"tasks."));
        QVERIFY(bytes.endsWith("\r\n"));
        return;
    }
    QJsonParseError error;
    const QJsonObject document = QJsonDocument::fromJson(bytes, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.value(QLatin1String("run_id")).toString(), s.first.id);
    QCOMPARE(document.value(QLatin1String("verified")).toBool(), !tampered);
    const QJsonArray exported = document.value(QLatin1String("entries")).toArray();
    QCOMPARE(exported.size(), entries.size());
    // What a client holding only the file computes: every hash from its predecessor.
    QString previous = AuditLog::kGenesis;
    int firstMismatch = 0;
    for (qsizetype i = 0; i < exported.size(); ++i) {
        const QJsonObject e = exported.at(i).toObject();
        QCOMPARE(e.value(QLatin1String("id")).toString(), entries.at(i).id);
        QCOMPARE(e.value(QLatin1String("prev_hash")).toString(), previous);
        AuditEntry parsed = entries.at(i);
        parsed.actorId =
            e.value(QLatin1String("actor")).toObject().value(QLatin1String("id")).toString();
        if (AuditLog::hashOf(previous, parsed) != e.value(QLatin1String("hash")).toString() &&
            firstMismatch == 0)
            firstMismatch = e.value(QLatin1String("seq")).toInt();
        previous = e.value(QLatin1String("hash")).toString();
    }
    QCOMPARE(firstMismatch, tampered ? 7 : 0);
    if (tampered)
        QCOMPARE(document.value(QLatin1String("first_break"))
                     .toObject()
                     .value(QLatin1String("seq"))
                     .toInt(),
                 7);
    else
        QVERIFY(document.value(QLatin1String("first_break")).isNull());
}

void TestRunsPane::exportCancelled()
{
    Scenario s;
    RunsPane pane(s.store.services(), s.actor(s.auditor));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.first.id);
    AuditTimelineView *audit = pane.detail()->auditView();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.json"));
    AuditExportJob *job = audit->exportTo(path, AuditExport::Format::Json);
    QVERIFY(job);
    QSignalSpy finished(job, &AuditExportJob::finished);
    QTest::mouseClick(child<QPushButton>(*audit, "cancelExportButton"), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<AuditExportJob::Outcome>(),
             AuditExportJob::Outcome::Cancelled);
    QVERIFY(!QFile::exists(path));
    QCOMPARE(audit->result()->kind(), InlineMessage::Kind::Information);
    QVERIFY(child<QPushButton>(*audit, "exportJsonButton")->isEnabled());

    // Unwritable target: a clear failure, no crash.
    QVERIFY(audit->exportTo(dir.filePath(QStringLiteral("no/such/dir/a.json")),
                            AuditExport::Format::Json) == nullptr);
    QCOMPARE(audit->result()->kind(), InlineMessage::Kind::Error);
}

void TestRunsPane::runLaunchedOverHttpAppears()
{
    test::ApiFixture api;
    QString error;
    QVERIFY2(api.start(&error), qPrintable(error));
    const Actor system = Actor::system(api.orgId());
    TemplateService::NewTemplate request;
    request.name = QStringLiteral("Vendor onboarding");
    request.tasks = {GuiTestStore::task(QStringLiteral("Approved"), Type::Boolean)};
    const Template draft = api.services().templates().createTemplate(system, request);
    api.services().templates().publish(system, draft.id);

    const Actor owner = Actor::user(api.owner().id, api.orgId(), Role::Owner);
    RunsPane pane(api.services(), owner);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.runsModel()->rowCount(), 0);
    QAbstractItemModelTester tester(pane.table()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    const test::ApiReply launched =
        api.post(QStringLiteral("/v1/runs"),
                 {{QStringLiteral("template_id"), draft.id},
                  {QStringLiteral("name"), QStringLiteral("Over HTTP")}},
                 api.owner().token);
    API_COMPARE_STATUS(launched, 201);
    const QString runId = launched.json().value(QLatin1String("id")).toString();
    // Launched on a server thread; it appears at the top, no refresh.
    QTRY_COMPARE(pane.runsModel()->idAt(0), runId);
    QCOMPARE(pane.table()->model()->index(0, RunsModel::NameColumn).data().toString(),
             QStringLiteral("Over HTTP"));
    QCOMPARE(pane.table()->model()->index(0, RunsModel::TemplateColumn).data().toString(),
             QStringLiteral("Vendor onboarding"));

    // Completed over HTTP while shown in detail: row and detail follow.
    QVERIFY(pane.selectRun(runId));
    const QString taskId = pane.detail()->run().tasks.at(0).id;
    const test::ApiReply completed = api.patch(
        QStringLiteral("/v1/runs/%1/tasks/%2").arg(runId, taskId),
        {{QStringLiteral("status"), QStringLiteral("COMPLETED")}, {QStringLiteral("value"), true}},
        api.owner().token);
    API_COMPARE_STATUS(completed, 200);
    QTRY_COMPARE(pane.runsModel()->index(0, RunsModel::StatusColumn).data(RunsModel::StatusRole),
                 QVariant(QStringLiteral("COMPLETED")));
    QTRY_COMPARE(pane.detail()->run().status, RunStatus::Completed);
    QCOMPARE(pane.detail()->auditView()->model()->rowCount(), 3);
}

// Set CADENIO_SCREENSHOT_DIR to a folder to have pictures of the pane saved there.
void TestRunsPane::screenshot()
{
    const QString folder = qEnvironmentVariable("CADENIO_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set CADENIO_SCREENSHOT_DIR to take screenshots");
    QDir().mkpath(folder);
    Scenario s;
    const Actor owner = s.actor(s.store.owner());
    RunService &runs = s.store.services().runs();
    RunService::TaskChanges change;
    change.value = QJsonValue(12500);
    runs.updateTask(owner, s.first.id, s.first.tasks.at(1).id, change);
    change.value = QJsonValue(QStringLiteral("Countersigned by legal"));
    runs.updateTask(owner, s.first.id, s.first.tasks.at(2).id, change);
    RunService::TaskChanges done;
    done.status = TaskStatus::Completed;
    done.value = QJsonValue(true);
    runs.updateTask(owner, s.second.id, s.second.tasks.at(0).id, done);
    RunService::RunChanges cancel;
    cancel.cancel = true;
    const Run cancelled = s.store.launchRun(s.review, QStringLiteral("Q2 access review"));
    runs.update(owner, cancelled.id, cancel);
    execute(s.store.database(),
            QStringLiteral("UPDATE runs SET status = 'OVERDUE', due_date = 1767225600000 "
                           "WHERE id = '%1'")
                .arg(s.third.id));
    RunsPane pane(s.store.services(), owner);
    pane.resize(1280, 760);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.selectRun(s.first.id);
    pane.detail()->selectTask(s.first.tasks.at(1).id);
    QTest::qWait(200);
    QVERIFY(pane.grab().save(folder + QStringLiteral("/runs.png")));
    child<QTabWidget>(*pane.detail(), "runTabs")->setCurrentIndex(2);
    pane.detail()->auditView()->verifyChain();
    QTest::qWait(100);
    QVERIFY(pane.grab().save(folder + QStringLiteral("/runs-audit.png")));
}

QTEST_MAIN(TestRunsPane)
#include "tst_runspane.moc"
