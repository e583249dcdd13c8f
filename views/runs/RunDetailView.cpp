#include "RunDetailView.h"

#include "AuditTimelineView.h"
#include "common/BusyCursor.h"
#include "common/InlineMessage.h"
#include "domain/Error.h"
#include "items/NameDirectory.h"
#include "items/RunsModel.h"
#include "items/RunTasksModel.h"
#include "services/Services.h"
#include "StatusIcons.h"
#include "StatusItemDelegate.h"
#include "store/StoreError.h"
#include "TaskValueDialog.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
enum FileColumn
{
    FileNameColumn,
    FileSizeColumn,
    FileTaskColumn,
    FileAddedColumn,
};

QToolButton *buttonFor(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(false);
    return button;
}

QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}
} // namespace

RunDetailView::RunDetailView(Services &services, NameDirectory &names, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_names(names)
    , m_actor(std::move(actor))
    , m_title(new QLabel(this))
    , m_statusIcon(new QLabel(this))
    , m_status(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_message(new InlineMessage(this))
    , m_pages(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_tasksModel(new RunTasksModel(names, this))
    , m_tasksTable(new QTableView(this))
    , m_filesList(new QTreeWidget(this))
    , m_audit(new AuditTimelineView(services.runs(), names, m_actor, this))
    , m_completeAction(new QAction(tr("&Complete"), this))
    , m_skipAction(new QAction(tr("S&kip"), this))
    , m_editValueAction(new QAction(tr("&Edit Value…"), this))
    , m_cancelRunAction(new QAction(tr("Cancel &Run…"), this))
    , m_openFileAction(new QAction(tr("&Open"), this))
    , m_saveFileAction(new QAction(tr("Save &As…"), this))
    , m_refreshTimer(new QTimer(this))
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RunsModel::kCoalesceMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &RunDetailView::refresh);
    m_completeAction->setObjectName(QStringLiteral("completeTaskAction"));
    m_completeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_completeAction->setToolTip(
        tr("Mark the selected task as completed (%1)")
            .arg(m_completeAction->shortcut().toString(QKeySequence::NativeText)));
    m_skipAction->setObjectName(QStringLiteral("skipTaskAction"));
    m_skipAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_skipAction->setToolTip(tr("Skip the selected optional task (%1)")
                                 .arg(m_skipAction->shortcut().toString(QKeySequence::NativeText)));
    m_editValueAction->setObjectName(QStringLiteral("editValueAction"));
    m_editValueAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_editValueAction->setToolTip(
        tr("Enter or change the selected task's value (%1)")
            .arg(m_editValueAction->shortcut().toString(QKeySequence::NativeText)));
    m_cancelRunAction->setObjectName(QStringLiteral("cancelRunAction"));
    m_cancelRunAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_cancelRunAction->setToolTip(
        tr("Cancel this run; its tasks can no longer change (%1)")
            .arg(m_cancelRunAction->shortcut().toString(QKeySequence::NativeText)));
    for (QAction *action : runActions())
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_completeAction, &QAction::triggered, this, &RunDetailView::completeSelectedTask);
    connect(m_skipAction, &QAction::triggered, this, &RunDetailView::skipSelectedTask);
    connect(m_editValueAction, &QAction::triggered, this, &RunDetailView::editSelectedTaskValue);
    connect(m_cancelRunAction, &QAction::triggered, this, &RunDetailView::requestCancelRun);
    connect(m_openFileAction, &QAction::triggered, this, &RunDetailView::openSelectedFile);
    connect(m_saveFileAction, &QAction::triggered, this, &RunDetailView::saveSelectedFile);

    // Facts of the run.
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("runTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_facts->setObjectName(QStringLiteral("runFacts"));
    m_facts->setTextFormat(Qt::PlainText);
    m_facts->setWordWrap(true);
    m_facts->setForegroundRole(QPalette::PlaceholderText);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("runMessage"));

    auto *cancelButton = new QPushButton(m_cancelRunAction->text(), this);
    cancelButton->setObjectName(QStringLiteral("cancelRunButton"));
    cancelButton->setToolTip(m_cancelRunAction->toolTip());
    connect(cancelButton, &QPushButton::clicked, m_cancelRunAction, &QAction::trigger);
    connect(m_cancelRunAction, &QAction::changed, cancelButton, [this, cancelButton] {
        cancelButton->setEnabled(m_cancelRunAction->isEnabled());
        cancelButton->setVisible(m_cancelRunAction->isVisible());
    });

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(cancelButton, 0, Qt::AlignTop);
    auto *statusRow = new QHBoxLayout;
    statusRow->setSpacing(6);
    statusRow->addWidget(m_statusIcon);
    statusRow->addWidget(m_status);
    statusRow->addWidget(m_facts, 1);

    // Tasks.
    m_tasksTable->setObjectName(QStringLiteral("tasksTable"));
    m_tasksTable->setAccessibleName(tr("Tasks of the run"));
    m_tasksTable->setModel(m_tasksModel);
    m_tasksTable->setItemDelegateForColumn(RunTasksModel::StatusColumn,
                                           new StatusItemDelegate(RunTasksModel::StatusRole, this));
    m_tasksTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tasksTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tasksTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tasksTable->setAlternatingRowColors(true);
    m_tasksTable->setShowGrid(false);
    m_tasksTable->setWordWrap(false);
    m_tasksTable->verticalHeader()->hide();
    m_tasksTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_tasksTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tasksTable->horizontalHeader()->setSectionResizeMode(RunTasksModel::ValueColumn,
                                                           QHeaderView::Stretch);
    connect(m_tasksTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunDetailView::updateActions);
    connect(m_tasksModel, &QAbstractItemModel::modelReset, this, &RunDetailView::updateActions);
    connect(m_tasksTable, &QTableView::doubleClicked, m_editValueAction, &QAction::trigger);

    auto *tasksPage = new QWidget(this);
    auto *taskButtons = new QHBoxLayout;
    taskButtons->addWidget(buttonFor(m_completeAction, tasksPage));
    taskButtons->addWidget(buttonFor(m_skipAction, tasksPage));
    taskButtons->addWidget(buttonFor(m_editValueAction, tasksPage));
    taskButtons->addStretch();
    auto *tasksLayout = new QVBoxLayout(tasksPage);
    tasksLayout->addLayout(taskButtons);
    tasksLayout->addWidget(m_tasksTable, 1);

    // Files.
    m_filesList->setObjectName(QStringLiteral("filesList"));
    m_filesList->setAccessibleName(tr("Files attached to the run"));
    m_filesList->setRootIsDecorated(false);
    m_filesList->setAlternatingRowColors(true);
    m_filesList->setHeaderLabels({tr("Name"), tr("Size"), tr("Task"), tr("Added")});
    m_filesList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_filesList->header()->setSectionResizeMode(FileNameColumn, QHeaderView::Stretch);
    connect(m_filesList, &QTreeWidget::itemSelectionChanged, this, &RunDetailView::updateActions);
    connect(m_filesList, &QTreeWidget::itemActivated, m_openFileAction, &QAction::trigger);
    auto *filesPage = new QWidget(this);
    auto *fileButtons = new QHBoxLayout;
    fileButtons->addWidget(buttonFor(m_openFileAction, filesPage));
    fileButtons->addWidget(buttonFor(m_saveFileAction, filesPage));
    fileButtons->addStretch();
    auto *filesLayout = new QVBoxLayout(filesPage);
    filesLayout->addLayout(fileButtons);
    filesLayout->addWidget(m_filesList, 1);

    m_tabs->setObjectName(QStringLiteral("runTabs"));
    m_tabs->addTab(tasksPage, tr("&Tasks"));
    m_tabs->addTab(filesPage, tr("&Files"));
    m_tabs->addTab(m_audit, tr("A&udit Trail"));

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(titleRow);
    contentLayout->addLayout(statusRow);
    contentLayout->addWidget(m_message);
    contentLayout->addWidget(m_tabs, 1);

    auto *placeholder =
        new QLabel(tr("Select a run to see its tasks, files and audit trail."), this);
    placeholder->setObjectName(QStringLiteral("runPlaceholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(placeholder);
    m_pages->addWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    // Changes from server threads and the deadline check arrive queued.
    connect(&m_services.runs(), &RunService::runChanged, this, &RunDetailView::runSignalled);

    // Read-only roles see no actions at all rather than actions that always fail.
    if (!canWrite()) {
        for (QAction *action :
             {m_completeAction, m_skipAction, m_editValueAction, m_cancelRunAction})
            action->setVisible(false);
    }
    updateActions();
}

RunDetailView::~RunDetailView() = default;

bool RunDetailView::canWrite() const
{
    return m_actor.hasRole(Roles::writers());
}

QList<QAction *> RunDetailView::runActions() const
{
    return {m_completeAction, m_skipAction, m_editValueAction, m_cancelRunAction};
}

void RunDetailView::showRun(const QString &runId)
{
    if (runId != m_run.id)
        m_message->dismiss();
    m_run = Run();
    m_run.id = runId;
    refresh();
}

void RunDetailView::refresh()
{
    m_refreshTimer->stop();
    const QString selected = selectedTask() ? selectedTask()->id : QString();
    const QString runId = m_run.id;
    Run run;
    QList<StoredFile> files;
    if (!runId.isEmpty()) {
        try {
            run = m_services.runs().get(m_actor, runId);
            files = m_services.files().forRun(m_actor, runId);
        } catch (const Error &error) {
            m_message->showError(error.message());
            run = Run();
        } catch (const StoreError &error) {
            m_message->showError(error.message());
            run = Run();
        }
    }
    m_run = run;
    m_files = files;
    m_pages->setCurrentIndex(m_run.id.isEmpty() ? 0 : 1);
    showFacts();
    m_tasksModel->setRun(m_run, fileNames());
    m_audit->setRun(m_run);

    m_filesList->clear();
    for (const StoredFile &file : std::as_const(m_files)) {
        auto *item = new QTreeWidgetItem(m_filesList);
        item->setText(FileNameColumn, file.name);
        item->setData(FileNameColumn, Qt::UserRole, file.id);
        item->setText(FileSizeColumn, QLocale().formattedDataSize(file.size));
        item->setTextAlignment(FileSizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        const auto task = std::find_if(m_run.tasks.cbegin(), m_run.tasks.cend(),
                                       [&](const Task &t) { return t.id == file.taskId; });
        item->setText(FileTaskColumn, task != m_run.tasks.cend() ? task->name : file.taskId);
        item->setText(FileAddedColumn, shortTime(file.createdAt));
    }
    m_tabs->setTabText(1, m_files.isEmpty() ? tr("&Files") : tr("&Files (%1)").arg(m_files.size()));
    selectTask(selected);
    updateActions();
}

void RunDetailView::showFacts()
{
    if (m_run.id.isEmpty()) {
        m_title->clear();
        m_status->clear();
        m_statusIcon->clear();
        m_facts->clear();
        return;
    }
    m_title->setText(m_run.name);
    const QString code = runStatusName(m_run.status);
    m_statusIcon->setPixmap(statusIcon(code).pixmap(16, 16));
    m_status->setText(RunsModel::statusText(m_run.status));
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, statusColour(code));
    m_status->setPalette(palette);
    QStringList facts{tr("Template: %1 (version %2)")
                          .arg(m_names.templateName(m_run.templateId))
                          .arg(m_run.templateVersion)};
    facts << (m_run.assigneeId.isEmpty()
                  ? tr("Unassigned")
                  : tr("Assignee: %1").arg(m_names.userName(m_run.assigneeId)));
    if (m_run.dueDate.isValid())
        facts << tr("Due %1").arg(shortTime(m_run.dueDate));
    facts << tr("Created %1").arg(shortTime(m_run.createdAt));
    if (m_run.completedAt.isValid())
        facts << tr("Completed %1").arg(shortTime(m_run.completedAt));
    m_facts->setText(QStringLiteral(" · ") + facts.join(QStringLiteral(" · ")));
    m_status->setAccessibleName(tr("Status: %1").arg(m_status->text()));
}

QHash<QString, QString> RunDetailView::fileNames() const
{
    QHash<QString, QString> names;
    for (const StoredFile &file : m_files)
        names.insert(file.id, file.name);
    return names;
}

void RunDetailView::selectTask(const QString &taskId)
{
    const int row = m_tasksModel->rowOf(taskId);
    if (row >= 0)
        m_tasksTable->selectRow(row);
}

const Task *RunDetailView::selectedTask() const
{
    const QModelIndexList rows = m_tasksTable->selectionModel()
                                     ? m_tasksTable->selectionModel()->selectedRows()
                                     : QModelIndexList();
    return rows.isEmpty() ? nullptr : m_tasksModel->taskAt(rows.first().row());
}

void RunDetailView::updateActions()
{
    const Task *task = selectedTask();
    const bool open = !m_run.id.isEmpty() && !m_run.isClosed();
    const bool writable = canWrite() && open;
    m_completeAction->setEnabled(writable && task && task->status != TaskStatus::Completed);
    m_skipAction->setEnabled(writable && task && !task->required &&
                             task->status == TaskStatus::Pending);
    m_editValueAction->setEnabled(writable && task);
    m_cancelRunAction->setEnabled(writable);
    const bool haveFile = !selectedFileId().isEmpty();
    m_openFileAction->setEnabled(haveFile);
    m_saveFileAction->setEnabled(haveFile);
}

void RunDetailView::completeSelectedTask()
{
    setTaskStatus(TaskStatus::Completed);
}

void RunDetailView::skipSelectedTask()
{
    setTaskStatus(TaskStatus::Skipped);
}

void RunDetailView::setTaskStatus(TaskStatus status)
{
    const Task *task = selectedTask();
    if (!task || !canWrite())
        return;
    const Task chosen = *task;
    RunService::TaskChanges changes;
    changes.status = status;
    try {
        m_services.runs().updateTask(m_actor, chosen.runId, chosen.id, changes);
        m_message->dismiss();
    } catch (const Error &error) {
        m_message->showError(error.message());
    } catch (const StoreError &error) {
        m_message->showError(error.message());
    }
    refresh(); // what was done here shows at once
    selectTask(chosen.id);
    emit runChanged(chosen.runId);
}

TaskValueDialog *RunDetailView::editSelectedTaskValue()
{
    const Task *task = selectedTask();
    if (!task || !canWrite() || m_run.isClosed())
        return nullptr;
    QList<FieldEditor::FileChoice> choices;
    for (const StoredFile &file : std::as_const(m_files)) {
        if (file.taskId == task->id)
            choices.append({file.id, QStringLiteral("%1 (%2)").arg(
                                         file.name, QLocale().formattedDataSize(file.size))});
    }
    auto *dialog = new TaskValueDialog(m_services.runs(), m_actor, *task, choices, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TaskValueDialog::valueSaved, this, [this](const Task &saved) {
        refresh();
        selectTask(saved.id);
        emit runChanged(saved.runId);
    });
    dialog->open();
    return dialog;
}

QMessageBox *RunDetailView::requestCancelRun()
{
    if (!canWrite() || m_run.id.isEmpty() || m_run.isClosed())
        return nullptr;
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Cancel Run"),
                        tr("Cancel the run “%1”?").arg(m_run.name), QMessageBox::NoButton, this);
    box->setInformativeText(
        tr("A cancelled run is closed for good: its tasks can no longer be completed or "
           "changed. The cancellation is recorded in the audit trail."));
    QPushButton *yes = box->addButton(tr("Cancel Run"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmCancelRun"));
    QPushButton *no = box->addButton(tr("Keep Run"), QMessageBox::RejectRole);
    box->setDefaultButton(no);
    box->setEscapeButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    const QString runId = m_run.id;
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, runId](QAbstractButton *button) {
        if (button == yes && runId == m_run.id)
            cancelRun();
    });
    box->open();
    return box;
}

void RunDetailView::cancelRun()
{
    if (!canWrite() || m_run.id.isEmpty())
        return;
    const QString runId = m_run.id;
    RunService::RunChanges changes;
    changes.cancel = true;
    try {
        m_services.runs().update(m_actor, runId, changes);
        m_message->showInformation(tr("The run was cancelled."));
    } catch (const Error &error) {
        m_message->showError(error.message());
    } catch (const StoreError &error) {
        m_message->showError(error.message());
    }
    refresh();
    emit runChanged(runId);
}

QString RunDetailView::selectedFileId() const
{
    const QList<QTreeWidgetItem *> items = m_filesList->selectedItems();
    return items.isEmpty() ? QString()
                           : items.first()->data(FileNameColumn, Qt::UserRole).toString();
}

bool RunDetailView::saveFileTo(const QString &fileId, const QString &path)
{
    try {
        BusyCursor busy;
        const QByteArray bytes = m_services.files().content(m_actor, fileId, nullptr);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
            m_message->showError(
                tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), out.errorString()));
            return false;
        }
        return true;
    } catch (const Error &error) {
        m_message->showError(error.message());
    } catch (const StoreError &error) {
        m_message->showError(error.message());
    }
    return false;
}

void RunDetailView::saveSelectedFile()
{
    const QString fileId = selectedFileId();
    const auto file = std::find_if(m_files.cbegin(), m_files.cend(),
                                   [&](const StoredFile &f) { return f.id == fileId; });
    if (file == m_files.cend())
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save File"), QDir(folder).filePath(file->name));
    if (!path.isEmpty() && saveFileTo(fileId, path))
        m_message->showSuccess(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}

void RunDetailView::openSelectedFile()
{
    const QString fileId = selectedFileId();
    const auto file = std::find_if(m_files.cbegin(), m_files.cend(),
                                   [&](const StoredFile &f) { return f.id == fileId; });
    if (file == m_files.cend())
        return;
    // A copy under its own name in a private folder: the viewer needs a real file with the
    // right extension, and the store's content-addressed name has neither.
    if (!m_openedFiles)
        m_openedFiles = std::make_unique<QTemporaryDir>();
    const QString folder = m_openedFiles->filePath(file->id);
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(QFileInfo(file->name).fileName());
    if (saveFileTo(fileId, path) && !QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        m_message->showError(tr("No application is set up to open %1.").arg(file->name));
}

void RunDetailView::runSignalled(const QString &orgId, const QString &runId)
{
    if (orgId == m_actor.orgId && runId == m_run.id && !runId.isEmpty() &&
        !m_refreshTimer->isActive())
        m_refreshTimer->start();
}

} // namespace cadenio::views
