#pragma once

#include "domain/Actor.h"
#include "services/RunService.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace cadenio {

class NameDirectory;

// The organization's runs as a table for the console. Rows arrive a keyset page at a time
// (canFetchMore/fetchMore, as a view scrolls), so a store of a million runs opens after one
// query, and at most maximumRows() are ever held: past that the list asks for a narrower
// filter instead of growing without bound. Filters and the order run in SQL; changing
// either restarts the keyset. Runs launched or changed elsewhere (the HTTP server, the
// deadline check) are placed, moved or dropped live from the service's signals.
class RunsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        TemplateColumn,
        StatusColumn,
        AssigneeColumn,
        DueColumn,
        CreatedColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum ItemRole
    {
        IdRole = Qt::UserRole + 1,
        StatusRole, // the status code ("OVERDUE"), for delegates and tests
        SortRole,   // raw values (QDateTime, code) for sorting proxies
    };

    static constexpr int kPageSize = 200;
    // Changes signalled within this time are applied together; more than a page of them
    // at once restarts the list instead (one query rather than one per run).
    static constexpr int kCoalesceMs = 50;
    // A text search reads this many runs per step (no index serves a substring): a rare
    // term is searched step by step with the window answering in between, instead of in
    // one pass over every run.
    static constexpr int kDefaultScanWindow = 5'000;
    static constexpr int kDefaultMaximumRows = 50'000;

    RunsModel(RunService &runs, NameDirectory &names, Actor actor, QObject *parent = nullptr);

    RunService::ListFilter filter() const { return m_filter; }
    RunOrder order() const { return m_order; }
    // The sort key of a column, if the list can be sorted by it (an indexed column).
    static std::optional<RunSortKey> sortKeyOf(int column);
    static int columnOf(RunSortKey key);
    static QString statusText(RunStatus status);

    int maximumRows() const { return m_maximumRows; }
    void setMaximumRows(int rows);
    // Whether more runs match than the model will hold.
    bool isCapped() const;
    // Whether more pages can still be read (canFetchMore() says no while rows change).
    bool hasMore() const { return m_next.has_value() && m_rows.size() < m_maximumRows; }
    // Pages read since the last restart, for a view's status line and for tests.
    int pagesFetched() const { return m_pagesFetched; }
    void setScanWindow(int runs) { m_scanWindow = std::max(runs, 1); }
    // Whether a text search is still reading on towards a screenful of matches.
    bool isSearching() const { return m_searchStep.isActive(); }

    QString idAt(int row) const;
    const Run *runAt(int row) const;
    int rowOf(const QString &runId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;
    // Only the indexed columns sort (created, updated, due); others are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

public slots:
    void setFilter(const cadenio::RunService::ListFilter &filter);
    void setOrder(const cadenio::RunOrder &order);
    // Back to the first page of the current filter and order.
    void reload();
    // Applies the runs signalled so far now instead of after kCoalesceMs.
    void applySignalledRuns();

signals:
    // A read failed (the store went away); the rows already shown stay.
    void loadFailed(const QString &message);
    // The order changed (also through sort()), for a header's sort indicator.
    void orderChanged(const cadenio::RunOrder &order);
    // A page was read (possibly adding no rows: a search step without matches).
    void pageRead();

private:
    void runSignalled(const QString &orgId, const QString &runId);
    void place(const Run &run);
    bool matches(const Run &run) const;
    bool precedes(const Run &a, const Run &b) const;
    std::optional<RunPage> readPage(const std::optional<RunPosition> &after);
    void appendPage();
    void searchOnIfWanted();

    RunService &m_runs;
    NameDirectory &m_names;
    Actor m_actor;
    RunService::ListFilter m_filter;
    RunOrder m_order;
    QList<Run> m_rows;
    std::optional<RunPosition> m_next;
    int m_maximumRows = kDefaultMaximumRows;
    int m_pagesFetched = 0;
    // Set while rows change and their signals are out: a listener that asks for more rows
    // right then (a view, QAbstractItemModelTester) would otherwise nest one insertion in
    // another, and keep fetching page after page from its own rowsInserted.
    bool m_changing = false;
    QStringList m_signalled; // run ids launched or changed since the last apply, in order
    QTimer m_applyTimer;
    int m_scanWindow = kDefaultScanWindow;
    int m_wantedRows = kPageSize; // what the view last asked for
    QTimer m_searchStep;
};

} // namespace cadenio
