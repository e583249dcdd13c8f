#include "RunsModel.h"

#include "domain/Error.h"
#include "NameDirectory.h"
#include "store/RunRepository.h"
#include "store/StoreError.h"

#include <QLocale>

namespace cadenio {

namespace {
// Sets a flag for the lifetime of the object.
class Changing
{
public:
    explicit Changing(bool &flag)
        : m_flag(flag)
    {
        m_flag = true;
    }
    ~Changing() { m_flag = false; }
    Changing(const Changing &) = delete;
    Changing &operator=(const Changing &) = delete;

private:
    bool &m_flag;
};

QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}
} // namespace

RunsModel::RunsModel(RunService &runs, NameDirectory &names, Actor actor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_runs(runs)
    , m_names(names)
    , m_actor(std::move(actor))
{
    // Emitted after commit, possibly on a server thread: the context object makes these
    // queued calls on this model's thread, where the rows live.
    connect(&m_runs, &RunService::runLaunched, this, &RunsModel::runSignalled);
    connect(&m_runs, &RunService::runChanged, this, &RunsModel::runSignalled);
    // A burst of changes (an integration launching hundreds of runs over HTTP) is applied
    // in one go, so the window keeps answering.
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kCoalesceMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &RunsModel::applySignalledRuns);
    m_searchStep.setSingleShot(true);
    m_searchStep.setInterval(0);
    connect(&m_searchStep, &QTimer::timeout, this, &RunsModel::appendPage);
    connect(&m_names, &NameDirectory::changed, this, [this] {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, TemplateColumn), index(rowCount() - 1, AssigneeColumn));
    });
    reload();
}

std::optional<RunSortKey> RunsModel::sortKeyOf(int column)
{
    switch (column) {
    case CreatedColumn:
        return RunSortKey::Created;
    case UpdatedColumn:
        return RunSortKey::Updated;
    case DueColumn:
        return RunSortKey::Due;
    default:
        return std::nullopt;
    }
}

int RunsModel::columnOf(RunSortKey key)
{
    switch (key) {
    case RunSortKey::Created:
        return CreatedColumn;
    case RunSortKey::Updated:
        return UpdatedColumn;
    case RunSortKey::Due:
        break;
    }
    return DueColumn;
}

QString RunsModel::statusText(RunStatus status)
{
    switch (status) {
    case RunStatus::InProgress:
        return tr("In progress");
    case RunStatus::Completed:
        return tr("Completed");
    case RunStatus::Overdue:
        return tr("Overdue");
    case RunStatus::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

void RunsModel::setMaximumRows(int rows)
{
    m_maximumRows = std::max(rows, kPageSize);
}

bool RunsModel::isCapped() const
{
    return m_next.has_value() && m_rows.size() >= m_maximumRows;
}

void RunsModel::setFilter(const RunService::ListFilter &filter)
{
    m_filter = filter;
    reload();
}

void RunsModel::setOrder(const RunOrder &order)
{
    if (order == m_order)
        return;
    m_order = order;
    emit orderChanged(m_order);
    reload();
}

void RunsModel::sort(int column, Qt::SortOrder order)
{
    if (const auto key = sortKeyOf(column))
        setOrder(RunOrder{*key, order == Qt::AscendingOrder});
}

std::optional<RunPage> RunsModel::readPage(const std::optional<RunPosition> &after)
{
    try {
        RunPage page = m_runs.list(m_actor, m_filter, m_order, kPageSize, after, m_scanWindow);
        ++m_pagesFetched;
        return page;
    } catch (const Error &error) {
        emit loadFailed(error.message());
    } catch (const StoreError &error) {
        emit loadFailed(error.message());
    }
    return std::nullopt;
}

void RunsModel::reload()
{
    // The first page shows every run signalled so far as it now is.
    m_signalled.clear();
    m_applyTimer.stop();
    m_searchStep.stop();
    m_pagesFetched = 0;
    m_wantedRows = kPageSize;
    std::optional<RunPage> page = readPage(std::nullopt);
    {
        const Changing changing(m_changing);
        beginResetModel();
        m_rows = page ? std::move(page->items) : QList<Run>();
        m_next = page ? page->next : std::nullopt;
        endResetModel();
    }
    searchOnIfWanted();
    emit pageRead();
}

bool RunsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_changing && hasMore();
}

void RunsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_wantedRows = std::max(m_wantedRows, int(m_rows.size()) + kPageSize);
    appendPage();
}

void RunsModel::appendPage()
{
    if (!hasMore())
        return;
    std::optional<RunPage> page = readPage(m_next);
    if (!page)
        return;
    m_next = page->next;
    if (!page->items.isEmpty()) {
        const int first = int(m_rows.size());
        const Changing changing(m_changing);
        beginInsertRows({}, first, first + int(page->items.size()) - 1);
        m_rows.append(page->items);
        endInsertRows();
    }
    searchOnIfWanted();
    emit pageRead();
}

void RunsModel::searchOnIfWanted()
{
    // A search step that found fewer than the view asked for goes on by itself, one step
    // per turn of the event loop, so the window keeps answering.
    if (!m_filter.text.trimmed().isEmpty() && hasMore() && m_rows.size() < m_wantedRows)
        m_searchStep.start();
}

QString RunsModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

const Run *RunsModel::runAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int RunsModel::rowOf(const QString &runId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == runId)
            return row;
    }
    return -1;
}

void RunsModel::runSignalled(const QString &orgId, const QString &runId)
{
    if (orgId != m_actor.orgId)
        return;
    if (!m_signalled.contains(runId))
        m_signalled.append(runId);
    if (!m_applyTimer.isActive())
        m_applyTimer.start();
}

void RunsModel::applySignalledRuns()
{
    m_applyTimer.stop();
    const QStringList signalled = std::exchange(m_signalled, {});
    if (signalled.size() > kPageSize) {
        reload();
        return;
    }
    for (const QString &runId : signalled) {
        try {
            place(m_runs.get(m_actor, runId));
        } catch (const Error &) {
            // Not visible to this actor (an API key's resource limit): nothing to show.
        } catch (const StoreError &error) {
            emit loadFailed(error.message());
            return;
        }
    }
}

bool RunsModel::matches(const Run &run) const
{
    if (m_filter.status && run.status != *m_filter.status)
        return false;
    if (!m_filter.templateId.isEmpty() && run.templateId != m_filter.templateId)
        return false;
    if (!m_filter.assigneeId.isEmpty() && run.assigneeId != m_filter.assigneeId)
        return false;
    const QString text = m_filter.text.trimmed();
    return text.isEmpty() || run.id == text || run.name.contains(text, Qt::CaseInsensitive);
}

bool RunsModel::precedes(const Run &a, const Run &b) const
{
    // The order of the SQL: the sort column (no deadline smallest), then the id, both in
    // the chosen direction.
    const RunPosition pa = RunRepository::positionOf(a, m_order.key);
    const RunPosition pb = RunRepository::positionOf(b, m_order.key);
    const auto less = [](const RunPosition &x, const RunPosition &y) {
        if (x.value != y.value)
            return x.value < y.value; // nullopt compares smallest
        return x.id < y.id;
    };
    return m_order.ascending ? less(pa, pb) : less(pb, pa);
}

void RunsModel::place(const Run &found)
{
    Run run = found;
    run.tasks.clear(); // rows hold what the list holds, not the tasks
    const Changing changing(m_changing);
    const int old = rowOf(run.id);
    if (!matches(run)) {
        if (old >= 0) {
            beginRemoveRows({}, old, old);
            m_rows.removeAt(old);
            endRemoveRows();
        }
        return;
    }
    // Where it belongs among the other rows.
    int target = 0;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (row == old)
            continue;
        if (precedes(run, m_rows.at(row)))
            break;
        ++target;
    }
    const int others = int(m_rows.size()) - (old >= 0 ? 1 : 0);
    if (target == others && m_next) {
        // It sorts after everything loaded: a later page brings it.
        if (old >= 0) {
            beginRemoveRows({}, old, old);
            m_rows.removeAt(old);
            endRemoveRows();
        }
        return;
    }
    if (old < 0) {
        beginInsertRows({}, target, target);
        m_rows.insert(target, run);
        endInsertRows();
        return;
    }
    if (target != old) {
        // A move keeps a view's selection on the run, where a remove and insert would not.
        beginMoveRows({}, old, old, {}, target > old ? target + 1 : target);
        m_rows.move(old, target);
        endMoveRows();
    }
    m_rows[target] = run;
    emit dataChanged(index(target, 0), index(target, ColumnCount - 1));
}

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run &run = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return run.id;
    case StatusRole:
        return runStatusName(run.status);
    case SortRole:
        switch (index.column()) {
        case StatusColumn:
            return runStatusName(run.status);
        case DueColumn:
            return run.dueDate;
        case CreatedColumn:
            return run.createdAt;
        case UpdatedColumn:
            return run.updatedAt;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return tr("%1 (%2)").arg(run.name, run.id);
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return run.name;
    case TemplateColumn:
        return m_names.templateName(run.templateId);
    case StatusColumn:
        return statusText(run.status);
    case AssigneeColumn:
        return run.assigneeId.isEmpty() ? QString() : m_names.userName(run.assigneeId);
    case DueColumn:
        return shortTime(run.dueDate);
    case CreatedColumn:
        return shortTime(run.createdAt);
    case UpdatedColumn:
        return shortTime(run.updatedAt);
    default:
        return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && sortKeyOf(section))
        return tr("Click to sort by this column; click again to reverse the order");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TemplateColumn:
        return tr("Template");
    case StatusColumn:
        return tr("Status");
    case AssigneeColumn:
        return tr("Assignee");
    case DueColumn:
        return tr("Due");
    case CreatedColumn:
        return tr("Created");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

} // namespace cadenio
