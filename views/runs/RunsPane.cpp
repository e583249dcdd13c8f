#include "RunsPane.h"

#include "common/InlineMessage.h"
#include "common/PaneHeader.h"
#include "items/NameDirectory.h"
#include "items/RunsModel.h"
#include "RunDetailView.h"
#include "services/Services.h"
#include "StatusIcons.h"
#include "StatusItemDelegate.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
constexpr int kSearchDelayMs = 300;
const QString kSplitterKey = QStringLiteral("runs/splitter");

// Puts `data` back as the combo's choice after its items were rebuilt; the first item
// ("all") when it is gone.
void restoreChoice(QComboBox *combo, const QString &data)
{
    combo->setCurrentIndex(std::max(0, combo->findData(data)));
}
} // namespace

RunsPane::RunsPane(Services &services, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_actor(std::move(actor))
    , m_names(new NameDirectory(services.templates(), services.users(), m_actor, this))
    , m_model(new RunsModel(services.runs(), *m_names, m_actor, this))
    , m_status(new QComboBox(this))
    , m_template(new QComboBox(this))
    , m_assignee(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_searchDelay(new QTimer(this))
    , m_count(new QLabel(this))
    , m_error(new InlineMessage(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_table(new QTableView(this))
    , m_detail(new RunDetailView(services, *m_names, m_actor, this))
{
    auto *header = new PaneHeader(
        tr("Runs"),
        m_detail->canWrite()
            ? tr("Every run of the organization's templates: follow the work, complete tasks "
                 "and check each run's audit trail.")
            : tr("Every run of the organization's templates and its audit trail, read-only."),
        this);

    // Filters.
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->setAccessibleName(tr("Filter by status"));
    m_status->addItem(tr("All statuses"), QString());
    for (const RunStatus status :
         {RunStatus::InProgress, RunStatus::Overdue, RunStatus::Completed, RunStatus::Cancelled}) {
        const QString code = runStatusName(status);
        m_status->addItem(statusIcon(code), RunsModel::statusText(status), code);
    }
    m_template->setObjectName(QStringLiteral("templateFilter"));
    m_template->setAccessibleName(tr("Filter by template"));
    m_template->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_assignee->setObjectName(QStringLiteral("assigneeFilter"));
    m_assignee->setAccessibleName(tr("Filter by assignee"));
    m_assignee->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillNamedFilters();

    m_search->setObjectName(QStringLiteral("runSearch"));
    m_search->setAccessibleName(tr("Search runs"));
    m_search->setPlaceholderText(tr("Search by name or run id"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(320);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    m_count->setObjectName(QStringLiteral("runCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    m_error->setObjectName(QStringLiteral("runsError"));

    auto *findAction = new QAction(tr("Find Runs"), this);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(findAction);
    m_search->setToolTip(
        tr("Search runs (%1)").arg(findAction->shortcut().toString(QKeySequence::NativeText)));
    // Complete, Skip, Edit Value and Cancel Run work from anywhere in the pane.
    addActions(m_detail->runActions());

    // The table.
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setAccessibleName(tr("Runs"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(RunsModel::StatusColumn,
                                      new StatusItemDelegate(RunsModel::StatusRole, m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    // Uniform rows: the view never measures rows it has not shown, which keeps scrolling
    // through many pages smooth.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setHighlightSections(false);
    QFont headerFont = columns->font();
    headerFont.setWeight(QFont::DemiBold);
    columns->setFont(headerFont);
    columns->setMinimumSectionSize(80);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    columns->resizeSection(RunsModel::NameColumn, 220);
    columns->resizeSection(RunsModel::TemplateColumn, 150);
    columns->resizeSection(RunsModel::StatusColumn, 115);
    columns->resizeSection(RunsModel::AssigneeColumn, 120);
    for (const int column :
         {int(RunsModel::DueColumn), int(RunsModel::CreatedColumn), int(RunsModel::UpdatedColumn)})
        columns->resizeSection(column, 125);
    // Sorting happens in SQL and only on indexed columns, so the header is not handed to
    // QTableView's sorting, which would offer every column.
    columns->setSectionsClickable(true);
    columns->setSortIndicatorShown(true);
    columns->setSortIndicator(RunsModel::CreatedColumn, Qt::DescendingOrder);
    connect(columns, &QHeaderView::sectionClicked, this, &RunsPane::headerClicked);
    connect(m_model, &RunsModel::orderChanged, this, [columns](const RunOrder &order) {
        columns->setSortIndicator(RunsModel::columnOf(order.key),
                                  order.ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    });

    m_splitter->setObjectName(QStringLiteral("runsSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    // The first time, the list gets most of the width: the details' size hint alone would
    // claim half of it and hide the date columns.
    if (!m_splitter->restoreState(QSettings().value(kSplitterKey).toByteArray()))
        m_splitter->setSizes({1000, 420});

    auto *filters = new QHBoxLayout;
    filters->setSpacing(8);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_status);
    filters->addWidget(m_template);
    filters->addWidget(m_assignee);
    filters->addWidget(m_count);
    filters->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);
    layout->addWidget(header);
    layout->addLayout(filters);
    layout->addWidget(m_error);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_search, m_status);
    setTabOrder(m_status, m_template);
    setTabOrder(m_template, m_assignee);
    setTabOrder(m_assignee, m_table);
    setTabOrder(m_table, m_detail);

    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &RunsPane::applyFilters);
    connect(m_searchDelay, &QTimer::timeout, this, &RunsPane::applyFilters);
    // Any change of choice, by mouse or by arrow keys on the closed box; not while the
    // lists are being rebuilt.
    for (QComboBox *combo : {m_status, m_template, m_assignee}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_fillingFilters)
                applyFilters();
        });
    }
    connect(m_names, &NameDirectory::changed, this, &RunsPane::fillNamedFilters);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunsPane::showSelectedRun);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsPane::restoreSelection);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &RunsPane::updateCount);
    connect(m_model, &RunsModel::pageRead, this, &RunsPane::updateCount);
    connect(m_model, &RunsModel::loadFailed, m_error, &InlineMessage::showError);
    // A change made in the detail shows in its row at once, not after the coalescing delay.
    connect(m_detail, &RunDetailView::runChanged, m_model, &RunsModel::applySignalledRuns);
    updateCount();
}

RunsPane::~RunsPane()
{
    QSettings().setValue(kSplitterKey, m_splitter->saveState());
}

void RunsPane::fillNamedFilters()
{
    m_fillingFilters = true;
    const QString chosenTemplate = m_template->currentData().toString();
    const QString chosenAssignee = m_assignee->currentData().toString();
    m_template->clear();
    m_template->addItem(tr("All templates"), QString());
    for (const auto &[id, name] : m_names->templates())
        m_template->addItem(name, id);
    m_assignee->clear();
    m_assignee->addItem(tr("Anyone"), QString());
    for (const auto &[id, name] : m_names->users())
        m_assignee->addItem(name, id);
    restoreChoice(m_template, chosenTemplate);
    restoreChoice(m_assignee, chosenAssignee);
    m_fillingFilters = false;
    // A chosen template or person that is gone falls back to "all".
    applyFilters();
}

void RunsPane::applyFilters()
{
    m_searchDelay->stop();
    RunService::ListFilter filter;
    filter.status = runStatusFromName(m_status->currentData().toString());
    filter.templateId = m_template->currentData().toString();
    filter.assigneeId = m_assignee->currentData().toString();
    filter.text = m_search->text().trimmed();
    const RunService::ListFilter current = m_model->filter();
    if (filter.status == current.status && filter.templateId == current.templateId &&
        filter.assigneeId == current.assigneeId && filter.text == current.text)
        return;
    m_error->dismiss();
    m_model->setFilter(filter);
}

void RunsPane::headerClicked(int section)
{
    const auto key = RunsModel::sortKeyOf(section);
    const RunOrder current = m_model->order();
    if (!key) {
        // Not sortable: put the indicator back where the list's order is.
        m_table->horizontalHeader()->setSortIndicator(RunsModel::columnOf(current.key),
                                                      current.ascending ? Qt::AscendingOrder
                                                                        : Qt::DescendingOrder);
        return;
    }
    // A new column starts newest (or latest due) first; the same column flips direction.
    m_model->setOrder(RunOrder{*key, *key == current.key ? !current.ascending : false});
}

bool RunsPane::selectRun(const QString &runId)
{
    const int row = m_model->rowOf(runId);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
    return true;
}

void RunsPane::showSelectedRun()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QString runId = current.isValid() ? m_model->idAt(current.row()) : QString();
    if (runId == m_selectedId)
        return;
    m_selectedId = runId;
    m_detail->showRun(runId);
}

void RunsPane::restoreSelection()
{
    // After a new filter or order the run in detail stays selected when it is still listed.
    if (m_selectedId.isEmpty() || !selectRun(m_selectedId)) {
        m_selectedId.clear();
        m_detail->showRun(QString());
    }
}

void RunsPane::updateCount()
{
    const int loaded = m_model->rowCount();
    if (m_model->isSearching())
        m_count->setText(tr("Searching… %L1 found so far").arg(loaded));
    else if (m_model->isCapped())
        m_count->setText(
            tr("Showing the first %L1 runs; narrow the filters to see others.").arg(loaded));
    else if (m_model->hasMore())
        m_count->setText(tr("%L1 runs loaded, more as you scroll").arg(loaded));
    else
        m_count->setText(tr("Total: %L1").arg(loaded));
}

} // namespace cadenio::views
