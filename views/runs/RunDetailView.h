#pragma once

#include "domain/Actor.h"
#include "domain/Run.h"
#include "services/FileService.h"

#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QMessageBox;
class QTabWidget;
class QTableView;
class QStackedWidget;
class QTemporaryDir;
class QTimer;
class QTreeWidget;

namespace cadenio {
class NameDirectory;
class RunTasksModel;
class Services;
} // namespace cadenio

namespace cadenio::views {

class AuditTimelineView;
class InlineMessage;
class TaskValueDialog;

// One run in detail: its facts, its tasks (complete, skip, edit a value with the editor
// its field takes), its attached files (open, save) and its audit timeline. Writers
// (OWNER, ADMIN, MEMBER) get the actions; an AUDITOR sees the same run with the actions
// hidden. Follows changes made elsewhere (the HTTP API, the deadline check) live.
class RunDetailView : public QWidget
{
    Q_OBJECT
public:
    RunDetailView(cadenio::Services &services, cadenio::NameDirectory &names, cadenio::Actor actor,
                  QWidget *parent = nullptr);
    ~RunDetailView() override;

    bool canWrite() const;
    const cadenio::Run &run() const { return m_run; }
    const QList<cadenio::StoredFile> &files() const { return m_files; }
    cadenio::RunTasksModel *tasksModel() const { return m_tasksModel; }
    QTableView *tasksTable() const { return m_tasksTable; }
    AuditTimelineView *auditView() const { return m_audit; }
    InlineMessage *message() const { return m_message; }
    // The actions, for a pane's shortcuts (they act on the selected task and shown run).
    QList<QAction *> runActions() const;

public slots:
    // Shows `runId` (empty: nothing) and reads it afresh.
    void showRun(const QString &runId);
    void refresh();
    void selectTask(const QString &taskId);
    void completeSelectedTask();
    void skipSelectedTask();
    // Opens the value editor for the selected task and returns it (nullptr when there is
    // no task or the actor may not edit).
    TaskValueDialog *editSelectedTaskValue();
    // Asks for confirmation (window-modal, open()) and returns the question; Yes cancels.
    QMessageBox *requestCancelRun();
    void cancelRun();
    // Writes an attached file's bytes to `path`; false with the reason shown on failure.
    bool saveFileTo(const QString &fileId, const QString &path);

signals:
    // The run shown was changed here (a task, a cancellation); the view shows it already.
    void runChanged(const QString &runId);

private:
    const cadenio::Task *selectedTask() const;
    void setTaskStatus(cadenio::TaskStatus status);
    void updateActions();
    void showFacts();
    void openSelectedFile();
    void saveSelectedFile();
    QString selectedFileId() const;
    QHash<QString, QString> fileNames() const;
    void runSignalled(const QString &orgId, const QString &runId);

    cadenio::Services &m_services;
    cadenio::NameDirectory &m_names;
    cadenio::Actor m_actor;
    cadenio::Run m_run;
    QList<cadenio::StoredFile> m_files;
    QLabel *m_title;
    QLabel *m_statusIcon;
    QLabel *m_status;
    QLabel *m_facts;
    InlineMessage *m_message;
    QStackedWidget *m_pages;
    QTabWidget *m_tabs;
    cadenio::RunTasksModel *m_tasksModel;
    QTableView *m_tasksTable;
    QTreeWidget *m_filesList;
    AuditTimelineView *m_audit;
    QAction *m_completeAction;
    QAction *m_skipAction;
    QAction *m_editValueAction;
    QAction *m_cancelRunAction;
    QAction *m_openFileAction;
    QAction *m_saveFileAction;
    QTimer *m_refreshTimer;                       // coalesces changes signalled in a burst
    std::unique_ptr<QTemporaryDir> m_openedFiles; // copies handed to other applications
};

} // namespace cadenio::views
