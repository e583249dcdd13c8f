// The item models of the Runs pane against a real store: RunsModel's keyset pages, filters,
// orders, bound and live updates (also from another thread), a million runs opened after
// one page; the tasks and audit timeline models. Every model runs under
// QAbstractItemModelTester.

#include "GuiTestStore.h"
#include "items/AuditTimelineModel.h"
#include "items/NameDirectory.h"
#include "items/RunsModel.h"
#include "items/RunTasksModel.h"
#include "RunSeeder.h"
#include "store/RunRepository.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonArray>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <memory>

using namespace cadenio;
using Type = FieldSpec::Type;

namespace {

std::unique_ptr<QAbstractItemModelTester> testerFor(QAbstractItemModel *model)
{
    return std::make_unique<QAbstractItemModelTester>(
        model, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

QStringList rowIds(const RunsModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.idAt(row);
    return result;
}

void execute(const Database &database, const QString &sql)
{
    SqlQuery(database.connection(), sql).exec();
}

qint64 scalarCount(const Database &database)
{
    SqlQuery q(database.connection(), QStringLiteral("SELECT COUNT(*) FROM runs"));
    q.exec();
    return q.next() ? q.integer(0) : -1;
}

void fetchAll(RunsModel &model)
{
    while (model.canFetchMore())
        model.fetchMore();
}

// Everything the model's rows show, the way SQL orders them: sort column (no deadline
// smallest), then id, in the chosen direction.
QStringList expectedOrder(QList<Run> runs, const RunOrder &order)
{
    std::sort(runs.begin(), runs.end(), [&](const Run &a, const Run &b) {
        const RunPosition pa = RunRepository::positionOf(a, order.key);
        const RunPosition pb = RunRepository::positionOf(b, order.key);
        const auto less = [](const RunPosition &x, const RunPosition &y) {
            return x.value != y.value ? x.value < y.value : x.id < y.id;
        };
        return order.ascending ? less(pa, pb) : less(pb, pa);
    });
    QStringList result;
    for (const Run &run : runs)
        result << run.id;
    return result;
}

QList<Run> allRuns(Services &services, const Actor &actor)
{
    QList<Run> runs;
    std::optional<RunPosition> after;
    do {
        RunPage page = services.runs().list(actor, {}, RunOrder{}, 1000, after);
        runs.append(page.items);
        after = page.next;
    } while (after);
    return runs;
}

} // namespace

class TestRunsModel : public QObject
{
    Q_OBJECT

private slots:
    void firstPageOnlyThenMore();
    void filters_data();
    void filters();
    void ordersAcrossPages_data();
    void ordersAcrossPages();
    void searchGoesOnStepByStep_data();
    void searchGoesOnStepByStep();
    void sortRestartsKeyset();
    void boundedRows();
    void launchedElsewhereAppearsAtTop();
    void launchedOnAnotherThreadAppears();
    void changedRunMovesAndLeavesFilter();
    void burstRestartsList();
    void namesInsteadOfIds();
    void tasksModel();
    void auditTimelineModel();
    void millionRuns();

private:
    struct Fixture
    {
        GuiTestStore store;
        User member;
        User auditor;
        QString templateA;
        QString templateB;
        std::unique_ptr<NameDirectory> names;
        Actor actor;
    };
    std::unique_ptr<Fixture> makeFixture();
};

std::unique_ptr<TestRunsModel::Fixture> TestRunsModel::makeFixture()
{
    auto f = std::make_unique<Fixture>();
    f->store.initialize();
    f->member = f->store.addUser(Role::Member, QStringLiteral("max@acme.test"),
                                 QStringLiteral("Max Member"));
    f->auditor = f->store.addUser(Role::Auditor, QStringLiteral("audrey@acme.test"),
                                  QStringLiteral("Audrey Auditor"));
    f->templateA = f->store.publishTemplate(
        QStringLiteral("Vendor onboarding"),
        {GuiTestStore::task(QStringLiteral("Contract signed"), Type::Boolean),
         GuiTestStore::task(QStringLiteral("Notes"), Type::Text, false)});
    f->templateB =
        f->store.publishTemplate(QStringLiteral("Quarterly access review"),
                                 {GuiTestStore::task(QStringLiteral("Reviewed"), Type::Boolean)});
    f->actor = f->store.actorFor(f->store.owner());
    f->names = std::make_unique<NameDirectory>(f->store.services().templates(),
                                               f->store.services().users(), f->actor);
    return f;
}

void TestRunsModel::firstPageOnlyThenMore()
{
    auto f = makeFixture();
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {f->member.id}, 1050);
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    QCOMPARE(model.rowCount(), RunsModel::kPageSize);
    QCOMPARE(model.pagesFetched(), 1);
    QVERIFY(model.canFetchMore());
    QCOMPARE(model.idAt(0), QStringLiteral("run_seed000001050")); // newest first
    // The tester asks for more twice itself (a basic check and the children check), and
    // its checks of each insertion must not set off further ones.
    auto tester = testerFor(&model);
    QCOMPARE(model.pagesFetched(), 3);
    QCOMPARE(model.rowCount(), 3 * RunsModel::kPageSize);
    fetchAll(model);
    QCOMPARE(model.rowCount(), 1050);
    QVERIFY(!model.canFetchMore());
    QVERIFY(!model.hasMore());
    QCOMPARE(model.pagesFetched(), 6);
    QCOMPARE(model.idAt(1049), QStringLiteral("run_seed000000001"));
    const QStringList all = rowIds(model);
    const QSet<QString> distinct(all.begin(), all.end());
    QCOMPARE(distinct.size(), 1050); // no run twice
}

void TestRunsModel::filters_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("byTemplateB");
    QTest::addColumn<bool>("byMember");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // names, newest first

    const QStringList all{QStringLiteral("Zeta 100%"),   QStringLiteral("Epsilon"),
                          QStringLiteral("Delta audit"), QStringLiteral("Gamma"),
                          QStringLiteral("Beta audit"),  QStringLiteral("Alpha")};
    QTest::addRow("no filter") << QString() << false << false << QString() << all;
    QTest::addRow("cancelled") << QStringLiteral("CANCELLED") << false << false << QString()
                               << QStringList{QStringLiteral("Gamma")};
    QTest::addRow("in progress") << QStringLiteral("IN_PROGRESS") << false << false << QString()
                                 << QStringList{
                                        QStringLiteral("Zeta 100%"), QStringLiteral("Epsilon"),
                                        QStringLiteral("Delta audit"), QStringLiteral("Beta audit"),
                                        QStringLiteral("Alpha")};
    QTest::addRow("template") << QString() << true << false << QString()
                              << QStringList{QStringLiteral("Epsilon"), QStringLiteral("Gamma"),
                                             QStringLiteral("Beta audit")};
    QTest::addRow("assignee") << QString() << false << true << QString()
                              << QStringList{QStringLiteral("Delta audit"),
                                             QStringLiteral("Alpha")};
    QTest::addRow("text, any case")
        << QString() << false << false << QStringLiteral("AUDIT")
        << QStringList{QStringLiteral("Delta audit"), QStringLiteral("Beta audit")};
    QTest::addRow("text is literal") << QString() << false << false << QStringLiteral("0%")
                                     << QStringList{QStringLiteral("Zeta 100%")};
    QTest::addRow("underscore is literal")
        << QString() << false << false << QStringLiteral("_") << QStringList();
    QTest::addRow("all at once") << QStringLiteral("IN_PROGRESS") << true << false
                                 << QStringLiteral("audit")
                                 << QStringList{QStringLiteral("Beta audit")};
    QTest::addRow("nothing matches")
        << QStringLiteral("COMPLETED") << false << false << QString() << QStringList();
}

void TestRunsModel::filters()
{
    QFETCH(QString, status);
    QFETCH(bool, byTemplateB);
    QFETCH(bool, byMember);
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    auto f = makeFixture();
    GuiTestStore &s = f->store;
    s.launchRun(f->templateA, QStringLiteral("Alpha"), f->member.id);
    s.launchRun(f->templateB, QStringLiteral("Beta audit"));
    const Run gamma = s.launchRun(f->templateB, QStringLiteral("Gamma"));
    s.launchRun(f->templateA, QStringLiteral("Delta audit"), f->member.id);
    s.launchRun(f->templateB, QStringLiteral("Epsilon"));
    s.launchRun(f->templateA, QStringLiteral("Zeta 100%"));
    RunService::RunChanges cancel;
    cancel.cancel = true;
    s.services().runs().update(f->actor, gamma.id, cancel);

    RunsModel model(s.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    RunService::ListFilter filter;
    filter.status = runStatusFromName(status);
    filter.templateId = byTemplateB ? f->templateB : QString();
    filter.assigneeId = byMember ? f->member.id : QString();
    filter.text = text;
    model.setFilter(filter);
    QCOMPARE(resets.size(), 1);
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, RunsModel::NameColumn).data().toString();
    QCOMPARE(names, expected);
    QVERIFY(!model.canFetchMore());

    // The id is found too, exactly.
    filter = {};
    filter.text = gamma.id;
    model.setFilter(filter);
    QCOMPARE(rowIds(model), QStringList{gamma.id});
}

void TestRunsModel::ordersAcrossPages_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("ascending");
    QTest::addColumn<QString>("status");
    for (const int column : {int(RunsModel::CreatedColumn), int(RunsModel::UpdatedColumn),
                             int(RunsModel::DueColumn)}) {
        for (const bool ascending : {false, true}) {
            const QString name =
                QStringLiteral("column %1 %2")
                    .arg(column)
                    .arg(ascending ? QStringLiteral("ascending") : QStringLiteral("descending"));
            QTest::addRow("%s", qPrintable(name)) << column << ascending << QString();
            QTest::addRow("%s overdue", qPrintable(name))
                << column << ascending << QStringLiteral("OVERDUE");
        }
    }
}

void TestRunsModel::ordersAcrossPages()
{
    QFETCH(int, column);
    QFETCH(bool, ascending);
    QFETCH(QString, status);
    auto f = makeFixture();
    // 1,000 runs with every fifth without a deadline, and a tie on the sort column: page
    // boundaries fall inside runs of equal values and inside the runs without a deadline.
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {f->member.id}, 1000);
    execute(f->store.database(), QStringLiteral("UPDATE runs SET due_date = 1700000000000, "
                                                "updated_at = 1700000000000 WHERE id <= "
                                                "'run_seed000000300' AND due_date IS NOT NULL"));
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    RunService::ListFilter filter;
    filter.status = runStatusFromName(status);
    model.setFilter(filter);
    model.sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    QCOMPARE(model.order().key, *RunsModel::sortKeyOf(column));
    QCOMPARE(model.order().ascending, ascending);
    fetchAll(model);

    QList<Run> expected;
    for (const Run &run : allRuns(f->store.services(), f->actor)) {
        if (!filter.status || run.status == *filter.status)
            expected << run;
    }
    QCOMPARE(rowIds(model), expectedOrder(expected, model.order()));
    QVERIFY(model.pagesFetched() > 1);
}

void TestRunsModel::searchGoesOnStepByStep_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("ascending");
    QTest::addRow("newest first") << int(RunsModel::CreatedColumn) << false;
    QTest::addRow("soonest due first") << int(RunsModel::DueColumn) << true;
    QTest::addRow("latest update first") << int(RunsModel::UpdatedColumn) << false;
}

void TestRunsModel::searchGoesOnStepByStep()
{
    QFETCH(int, column);
    QFETCH(bool, ascending);
    auto f = makeFixture();
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {}, 1000);
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    model.setScanWindow(90); // eleven or more steps over 1,000 runs
    model.sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    QSignalSpy pages(&model, &RunsModel::pageRead);
    RunService::ListFilter filter;
    filter.text = QStringLiteral("seeded run 1"); // runs 1, 10–19, 100–199 and 1000
    model.setFilter(filter);
    QVERIFY(model.rowCount() < 112); // the first step saw 90 runs only
    QVERIFY(model.isSearching());
    QTRY_VERIFY(!model.isSearching());
    QVERIFY(!model.canFetchMore());
    QVERIFY(pages.size() >= 12);

    QList<Run> expected;
    for (const Run &run : allRuns(f->store.services(), f->actor)) {
        if (run.name.startsWith(QLatin1String("Seeded run 1")))
            expected << run;
    }
    QCOMPARE(expected.size(), 112);
    QCOMPARE(rowIds(model), expectedOrder(expected, model.order()));
}

void TestRunsModel::sortRestartsKeyset()
{
    auto f = makeFixture();
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {}, 700);
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model); // reads two more pages
    QCOMPARE(model.rowCount(), 600);
    QSignalSpy orderChanged(&model, &RunsModel::orderChanged);
    model.sort(RunsModel::CreatedColumn, Qt::AscendingOrder);
    QCOMPARE(orderChanged.size(), 1);
    QCOMPARE(model.rowCount(), RunsModel::kPageSize); // back to one page
    QCOMPARE(model.pagesFetched(), 1);
    QCOMPARE(model.idAt(0), QStringLiteral("run_seed000000001"));
    // Unindexed columns do not sort: nothing changes, nothing is read.
    model.sort(RunsModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(orderChanged.size(), 1);
    QCOMPARE(model.idAt(0), QStringLiteral("run_seed000000001"));
}

void TestRunsModel::boundedRows()
{
    auto f = makeFixture();
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {}, 1000);
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    model.setMaximumRows(800);
    auto tester = testerFor(&model);
    QVERIFY(!model.isCapped());
    fetchAll(model);
    QCOMPARE(model.rowCount(), 800);
    QVERIFY(model.isCapped());
    QVERIFY(!model.canFetchMore());
    // A narrower filter lifts the cap.
    RunService::ListFilter filter;
    filter.status = RunStatus::Cancelled;
    model.setFilter(filter);
    fetchAll(model);
    QCOMPARE(model.rowCount(), 250);
    QVERIFY(!model.isCapped());
}

void TestRunsModel::launchedElsewhereAppearsAtTop()
{
    auto f = makeFixture();
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {}, 300);
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const Run run = f->store.launchRun(f->templateB, QStringLiteral("Fresh"));
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(model.idAt(0), run.id);
    QCOMPARE(model.rowCount(), 301); // the tester read the second page, the last one

    // Not matching the filter: not shown.
    RunService::ListFilter filter;
    filter.templateId = f->templateA;
    model.setFilter(filter);
    f->store.launchRun(f->templateB, QStringLiteral("Other template"));
    model.applySignalledRuns();
    QVERIFY(model.rowOf(run.id) < 0);
    QCOMPARE(model.rowCount(), RunsModel::kPageSize);

    // Oldest first with more pages to come: a new run belongs to a later page.
    model.setFilter({});
    model.sort(RunsModel::CreatedColumn, Qt::AscendingOrder);
    const int before = model.rowCount();
    const Run late = f->store.launchRun(f->templateA, QStringLiteral("Late"));
    model.applySignalledRuns();
    QCOMPARE(model.rowCount(), before);
    fetchAll(model);
    QCOMPARE(model.idAt(model.rowCount() - 1), late.id);
}

void TestRunsModel::launchedOnAnotherThreadAppears()
{
    auto f = makeFixture();
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    QString launchedId;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        launchedId = f->store.launchRun(f->templateA, QStringLiteral("From a server thread")).id;
        f->store.database().releaseThreadConnection();
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    // The signal was queued to this thread: nothing happened yet, then the row arrives.
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.idAt(0), launchedId);
}

void TestRunsModel::changedRunMovesAndLeavesFilter()
{
    auto f = makeFixture();
    GuiTestStore &s = f->store;
    const Run oldest = s.launchRun(f->templateA, QStringLiteral("Oldest"));
    s.launchRun(f->templateA, QStringLiteral("Middle"));
    s.launchRun(f->templateA, QStringLiteral("Newest"));
    RunsModel model(s.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    model.sort(RunsModel::UpdatedColumn, Qt::DescendingOrder);
    QCOMPARE(model.rowOf(oldest.id), 2);

    QTest::qWait(5); // a later updated_at than the launches
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    RunService::TaskChanges value;
    value.value = QJsonValue(QStringLiteral("checked"));
    s.services().runs().updateTask(f->actor, oldest.id, oldest.tasks.at(1).id, value);
    QCOMPARE(moved.size(), 0); // not yet: changes are applied together
    QTRY_COMPARE(moved.size(), 1);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(model.rowOf(oldest.id), 0);

    // Leaving the filter removes the row.
    RunService::ListFilter inProgress;
    inProgress.status = RunStatus::InProgress;
    model.setFilter(inProgress);
    QCOMPARE(model.rowCount(), 3);
    RunService::RunChanges cancel;
    cancel.cancel = true;
    s.services().runs().update(f->actor, oldest.id, cancel);
    model.applySignalledRuns();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(oldest.id), -1);
    QCOMPARE(model.index(0, RunsModel::StatusColumn).data(RunsModel::StatusRole).toString(),
             QStringLiteral("IN_PROGRESS"));
}

void TestRunsModel::burstRestartsList()
{
    auto f = makeFixture();
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // More runs than a page, signalled before the model applies any: one reload.
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA, {},
                    RunsModel::kPageSize + 10);
    SqlQuery q(f->store.database().connection(), QStringLiteral("SELECT id FROM runs"));
    q.exec();
    while (q.next())
        emit f->store.services().runs().runLaunched(f->store.org().id, q.text(0));
    QTRY_COMPARE(resets.size(), 1);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model.rowCount(), RunsModel::kPageSize);
    QVERIFY(model.canFetchMore());
}

void TestRunsModel::namesInsteadOfIds()
{
    auto f = makeFixture();
    const Run run = f->store.launchRun(f->templateB, QStringLiteral("Q3 review"), f->member.id);
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    auto tester = testerFor(&model);
    QCOMPARE(model.index(0, RunsModel::TemplateColumn).data().toString(),
             QStringLiteral("Quarterly access review"));
    QCOMPARE(model.index(0, RunsModel::AssigneeColumn).data().toString(),
             QStringLiteral("Max Member"));
    QCOMPARE(model.index(0, RunsModel::StatusColumn).data().toString(),
             QStringLiteral("In progress"));
    QCOMPARE(model.index(0, RunsModel::NameColumn).data(RunsModel::IdRole).toString(), run.id);
    QVERIFY(!model.index(0, RunsModel::CreatedColumn).data().toString().isEmpty());
    QCOMPARE(model.index(0, RunsModel::CreatedColumn).data(RunsModel::SortRole).toDateTime(),
             run.createdAt);
    QCOMPARE(model.headerData(RunsModel::DueColumn, Qt::Horizontal).toString(),
             QStringLiteral("Due"));
    QVERIFY(!model.headerData(RunsModel::DueColumn, Qt::Horizontal, Qt::ToolTipRole).isNull());
    QVERIFY(model.headerData(RunsModel::NameColumn, Qt::Horizontal, Qt::ToolTipRole).isNull());

    // A template published later gets its name without a restart.
    const QString later = f->store.publishTemplate(
        QStringLiteral("Incident review"),
        {GuiTestStore::task(QStringLiteral("Root cause"), Type::LongText)});
    QCOMPARE(f->names->templateName(later), QStringLiteral("Incident review"));
    QCOMPARE(f->names->templates().size(), 3);
}

void TestRunsModel::tasksModel()
{
    auto f = makeFixture();
    TaskDefinition approved = GuiTestStore::task(QStringLiteral("Approved"), Type::Boolean);
    TaskDefinition reason = GuiTestStore::task(QStringLiteral("Reason"), Type::Text);
    reason.condition = TaskCondition{approved.id, QJsonValue(false)};
    const QString templateId = f->store.publishTemplate(
        QStringLiteral("Conditional"),
        {approved, reason, GuiTestStore::task(QStringLiteral("Regions"), Type::MultiSelect, false),
         GuiTestStore::task(QStringLiteral("Amount"), Type::Number, false),
         GuiTestStore::task(QStringLiteral("Sign-off"), Type::Boolean)});
    const Run launched = f->store.launchRun(templateId, QStringLiteral("Conditional run"));
    RunService &runs = f->store.services().runs();
    RunService::TaskChanges multi;
    multi.value = QJsonArray{QStringLiteral("yes"), QStringLiteral("no")};
    runs.updateTask(f->actor, launched.id, launched.tasks.at(2).id, multi);
    RunService::TaskChanges amount;
    amount.value = QJsonValue(1.5);
    runs.updateTask(f->actor, launched.id, launched.tasks.at(3).id, amount);
    RunService::TaskChanges done;
    done.status = TaskStatus::Completed;
    done.value = QJsonValue(true);
    runs.updateTask(f->actor, launched.id, launched.tasks.at(0).id, done);

    RunTasksModel model(*f->names);
    auto tester = testerFor(&model);
    model.setRun(runs.get(f->actor, launched.id));
    // "Reason" is hidden while Approved is true.
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf(launched.tasks.at(1).id), -1);
    QCOMPARE(model.index(0, RunTasksModel::NameColumn).data().toString(),
             QStringLiteral("Approved"));
    QCOMPARE(model.index(0, RunTasksModel::StatusColumn).data().toString(),
             QStringLiteral("Completed"));
    QCOMPARE(model.index(0, RunTasksModel::StatusColumn).data(RunTasksModel::StatusRole),
             QVariant(QStringLiteral("COMPLETED")));
    QCOMPARE(model.index(0, RunTasksModel::ValueColumn).data().toString(), QStringLiteral("Yes"));
    QVERIFY(model.index(0, RunTasksModel::CompletedColumn)
                .data()
                .toString()
                .contains(QLatin1String("Olivia Owner")));
    QCOMPARE(model.index(1, RunTasksModel::NameColumn).data().toString(),
             QStringLiteral("Regions (optional)"));
    QCOMPARE(model.index(1, RunTasksModel::ValueColumn).data().toString(),
             QStringLiteral("yes, no"));
    QCOMPARE(model.index(2, RunTasksModel::ValueColumn).data().toString(), QLocale().toString(1.5));
    QCOMPARE(model.index(2, RunTasksModel::NameColumn).data(RunTasksModel::FieldTypeRole),
             QVariant(QStringLiteral("number")));

    // Approved → false shows "Reason".
    RunService::TaskChanges no;
    no.value = QJsonValue(false);
    runs.updateTask(f->actor, launched.id, launched.tasks.at(0).id, no);
    model.setRun(runs.get(f->actor, launched.id));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(1, RunTasksModel::NameColumn).data().toString(), QStringLiteral("Reason"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestRunsModel::auditTimelineModel()
{
    auto f = makeFixture();
    const Run run = f->store.launchRun(f->templateA, QStringLiteral("Audited"));
    RunService &runs = f->store.services().runs();
    RunService::TaskChanges done;
    done.status = TaskStatus::Completed;
    done.value = QJsonValue(true);
    runs.updateTask(f->actor, run.id, run.tasks.at(0).id, done);

    AuditTimelineModel model(*f->names);
    auto tester = testerFor(&model);
    QHash<QString, QString> taskNames;
    for (const Task &task : run.tasks)
        taskNames.insert(task.id, task.name);
    model.setEntries(runs.audit(f->actor, run.id), taskNames);
    // Launched, task completed, run completed (the only required task is done).
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, AuditTimelineModel::ActionColumn).data().toString(),
             QStringLiteral("Run launched"));
    QCOMPARE(model.index(1, AuditTimelineModel::ActionColumn).data().toString(),
             QStringLiteral("Task completed"));
    QCOMPARE(model.index(2, AuditTimelineModel::ActionColumn).data(AuditTimelineModel::ActionRole),
             QVariant(QStringLiteral("run.completed")));
    QCOMPARE(model.index(1, AuditTimelineModel::WhoColumn).data().toString(),
             QStringLiteral("Olivia Owner"));
    const QString changes = model.index(1, AuditTimelineModel::ChangesColumn).data().toString();
    QVERIFY2(changes.contains(QStringLiteral("Contract signed › status: PENDING → COMPLETED")),
             qPrintable(changes));
    QVERIFY2(changes.contains(QStringLiteral("Contract signed › value: — → true")),
             qPrintable(changes));
    QCOMPARE(model.index(2, AuditTimelineModel::ChangesColumn).data().toString().count(u'\n'), 1);
    QCOMPARE(model.index(0, 0).data(AuditTimelineModel::SeqRole).toInt(), 1);

    QVERIFY(!model.index(1, 0).data(AuditTimelineModel::BrokenRole).toBool());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setBreak(AuditLog::Break{run.id, model.entries().at(1).id, 2, QStringLiteral("x")});
    QCOMPARE(changed.size(), 1);
    QVERIFY(model.index(1, 0).data(AuditTimelineModel::BrokenRole).toBool());
    QVERIFY(!model.index(0, 0).data(AuditTimelineModel::BrokenRole).toBool());
}

void TestRunsModel::millionRuns()
{
    // CADENIO_SEED_RUNS overrides the size, e.g. for a slow sanitizer build.
    const qint64 count = qEnvironmentVariableIsSet("CADENIO_SEED_RUNS")
                             ? qEnvironmentVariableIntValue("CADENIO_SEED_RUNS")
                             : 1'000'000;
    auto f = makeFixture();
    QElapsedTimer timer;
    timer.start();
    runseeder::seed(f->store.database(), f->store.org().id, f->templateA,
                    {f->member.id, f->store.owner().id}, count);
    qInfo("seeded %lld runs in %lld ms", count, timer.elapsed());
    QCOMPARE(scalarCount(f->store.database()), count);

    timer.restart();
    RunsModel model(f->store.services().runs(), *f->names, f->actor);
    QTableView view;
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(&model);
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const qint64 opened = timer.elapsed();
    qInfo("first page shown after %lld ms, %d pages read", opened, model.pagesFetched());
    QVERIFY2(model.rowCount() <= 3 * RunsModel::kPageSize,
             qPrintable(QString::number(model.rowCount())));
    QVERIFY(model.pagesFetched() <= 3);
    QVERIFY(model.canFetchMore());
    QCOMPARE(model.idAt(0), QStringLiteral("run_seed%1").arg(count, 9, 10, QLatin1Char('0')));

    // Scrolling to the end of what is loaded reads the next page, and only that.
    timer.restart();
    for (int i = 0; i < 5; ++i) {
        const int pages = model.pagesFetched();
        view.scrollToBottom();
        QTRY_VERIFY(model.pagesFetched() > pages);
    }
    qInfo("5 more pages while scrolling in %lld ms; %d rows held", timer.elapsed(),
          model.rowCount());
    QVERIFY(model.rowCount() <= 10 * RunsModel::kPageSize);

    // Another order and a filter start from their first page at once, at any size.
    for (const int column : {int(RunsModel::DueColumn), int(RunsModel::UpdatedColumn)}) {
        timer.restart();
        model.sort(column, Qt::DescendingOrder);
        qInfo("order by column %d: first page in %lld ms", column, timer.elapsed());
        QCOMPARE(model.rowCount(), RunsModel::kPageSize);
    }
    timer.restart();
    RunService::ListFilter filter;
    filter.status = RunStatus::Overdue;
    filter.assigneeId = f->member.id;
    model.setFilter(filter);
    qInfo("overdue runs of one assignee by update: first page in %lld ms", timer.elapsed());
    QCOMPARE(model.rowCount(), RunsModel::kPageSize);
    QCOMPARE(model.index(0, RunsModel::StatusColumn).data(RunsModel::StatusRole).toString(),
             QStringLiteral("OVERDUE"));

    // Text has no index: a term that only one run matches is searched step by step through
    // every run (newest first here, the default order). The id is matched too, exactly.
    model.sort(RunsModel::CreatedColumn, Qt::DescendingOrder);
    timer.restart();
    filter = {};
    // "seeded RUN 99" for a million: many of the newest runs match, in any case.
    filter.text = QStringLiteral("seeded RUN ") + QString::number(count - 1).left(2);
    model.setFilter(filter);
    qInfo("text search, first page in %lld ms", timer.elapsed());
    QCOMPARE(model.rowCount(), RunsModel::kPageSize);
    timer.restart();
    filter.text = QStringLiteral("run_seed000000001"); // the oldest run, by its id
    model.setFilter(filter);
    const qint64 firstStep = timer.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(!model.isSearching(), 120000);
    qInfo("search for the oldest run: first step in %lld ms, all %d steps in %lld ms", firstStep,
          model.pagesFetched(), timer.elapsed());
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(TestRunsModel)
#include "tst_runsmodel.moc"
