#pragma once

#include "domain/Actor.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;

namespace cadenio {
class NameDirectory;
class RunsModel;
class Services;
} // namespace cadenio

namespace cadenio::views {

class InlineMessage;
class RunDetailView;

// Every run of the organization: filters (status, template, assignee, text), a table that
// loads page by page as it scrolls and sorts by its indexed columns (created, updated,
// due), and the selected run in detail beside it. Runs launched or changed elsewhere (the
// HTTP API, the deadline check) appear and move without a refresh.
class RunsPane : public QWidget
{
    Q_OBJECT
public:
    RunsPane(cadenio::Services &services, cadenio::Actor actor, QWidget *parent = nullptr);
    ~RunsPane() override;

    cadenio::RunsModel *runsModel() const { return m_model; }
    cadenio::NameDirectory *names() const { return m_names; }
    QTableView *table() const { return m_table; }
    RunDetailView *detail() const { return m_detail; }
    QComboBox *statusFilter() const { return m_status; }
    QComboBox *templateFilter() const { return m_template; }
    QComboBox *assigneeFilter() const { return m_assignee; }
    QLineEdit *searchField() const { return m_search; }

public slots:
    // Applies the filter controls now (the search field otherwise waits for a pause in
    // typing).
    void applyFilters();
    // Selects the run if it is loaded; false otherwise.
    bool selectRun(const QString &runId);

private:
    void fillNamedFilters();
    void showSelectedRun();
    void updateCount();
    void headerClicked(int section);
    void restoreSelection();

    cadenio::Services &m_services;
    cadenio::Actor m_actor;
    cadenio::NameDirectory *m_names;
    cadenio::RunsModel *m_model;
    QComboBox *m_status;
    QComboBox *m_template;
    QComboBox *m_assignee;
    QLineEdit *m_search;
    QTimer *m_searchDelay;
    QLabel *m_count;
    InlineMessage *m_error;
    QSplitter *m_splitter;
    QTableView *m_table;
    RunDetailView *m_detail;
    QString m_selectedId;
    bool m_fillingFilters = false;
};

} // namespace cadenio::views
