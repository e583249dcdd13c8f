#include "AuditTimelineView.h"

#include "common/InlineMessage.h"
#include "domain/Error.h"
#include "items/AuditTimelineModel.h"
#include "services/RunService.h"
#include "store/StoreError.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace cadenio::views {

AuditTimelineView::AuditTimelineView(RunService &runs, NameDirectory &names, Actor actor,
                                     QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_actor(std::move(actor))
    , m_model(new AuditTimelineModel(names, this))
    , m_table(new QTableView(this))
    , m_verifyButton(new QPushButton(tr("&Verify Chain"), this))
    , m_exportCsvButton(new QPushButton(tr("Export C&SV…"), this))
    , m_exportJsonButton(new QPushButton(tr("Export &JSON…"), this))
    , m_progress(new QProgressBar(this))
    , m_cancelButton(new QPushButton(tr("Cancel Export"), this))
    , m_result(new InlineMessage(this))
{
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setAccessibleName(tr("Audit trail"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setSectionResizeMode(AuditTimelineModel::WhenColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(AuditTimelineModel::WhoColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(AuditTimelineModel::ActionColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(AuditTimelineModel::ChangesColumn, QHeaderView::Stretch);
    // Several changed fields make several lines.
    connect(m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeRowsToContents);

    m_verifyButton->setObjectName(QStringLiteral("verifyChainButton"));
    m_verifyButton->setToolTip(
        tr("Recompute every entry's hash and check that no entry was changed or removed"));
    m_exportCsvButton->setObjectName(QStringLiteral("exportCsvButton"));
    m_exportJsonButton->setObjectName(QStringLiteral("exportJsonButton"));
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setAccessibleName(tr("Export progress"));
    m_progress->setRange(0, 100);
    m_progress->hide();
    m_cancelButton->setObjectName(QStringLiteral("cancelExportButton"));
    m_cancelButton->hide();
    m_result->setObjectName(QStringLiteral("auditResult"));

    connect(m_verifyButton, &QPushButton::clicked, this, [this] { verifyChain(); });
    connect(m_exportCsvButton, &QPushButton::clicked, this,
            [this] { chooseExportFile(AuditExport::Format::Csv); });
    connect(m_exportJsonButton, &QPushButton::clicked, this,
            [this] { chooseExportFile(AuditExport::Format::Json); });
    connect(m_cancelButton, &QPushButton::clicked, this, &AuditTimelineView::cancelExport);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_verifyButton);
    actions->addWidget(m_exportCsvButton);
    actions->addWidget(m_exportJsonButton);
    actions->addStretch();
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_cancelButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(actions);
    layout->addWidget(m_result);
    layout->addWidget(m_table, 1);
    updateActions();
}

void AuditTimelineView::setRun(const Run &run)
{
    if (run.id != m_runId)
        m_result->dismiss();
    m_runId = run.id;
    QList<AuditEntry> entries;
    QHash<QString, QString> taskNames;
    for (const Task &task : run.tasks)
        taskNames.insert(task.id, task.name);
    if (!run.id.isEmpty()) {
        try {
            entries = m_runs.audit(m_actor, run.id);
        } catch (const Error &error) {
            m_result->showError(error.message());
        } catch (const StoreError &error) {
            m_result->showError(error.message());
        }
    }
    m_model->setEntries(entries, taskNames);
    updateActions();
}

std::optional<AuditLog::Break> AuditTimelineView::verifyChain()
{
    if (m_runId.isEmpty())
        return std::nullopt;
    std::optional<AuditLog::Break> broken;
    try {
        broken = m_runs.verifyAudit(m_actor, m_runId);
    } catch (const Error &error) {
        m_result->showError(error.message());
        return std::nullopt;
    } catch (const StoreError &error) {
        m_result->showError(error.message());
        return std::nullopt;
    }
    m_model->setBreak(broken);
    if (!broken) {
        m_result->showSuccess(
            tr("✔ Chain intact: all %n entries verified.", nullptr, int(m_model->rowCount())));
        return broken;
    }
    if (broken->entryId.isEmpty()) {
        m_result->showError(
            tr("✖ Chain broken: it ends before entry %1, the run's recorded last entry (%2).")
                .arg(broken->seq)
                .arg(broken->reason));
    } else {
        m_result->showError(tr("✖ Chain broken at entry %1 (%2): %3.")
                                .arg(broken->seq)
                                .arg(broken->entryId, broken->reason));
        const QModelIndexList found = m_model->match(
            m_model->index(0, 0), AuditTimelineModel::SeqRole, broken->seq, 1, Qt::MatchExactly);
        if (!found.isEmpty()) {
            m_table->selectRow(found.first().row());
            m_table->scrollTo(found.first());
        }
    }
    return broken;
}

void AuditTimelineView::chooseExportFile(AuditExport::Format format)
{
    const bool csv = format == AuditExport::Format::Csv;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        QDir(folder).filePath(QStringLiteral("%1-audit.%2").arg(m_runId, csv ? u"csv" : u"json"));
    const QString path = QFileDialog::getSaveFileName(
        this, csv ? tr("Export Audit Trail as CSV") : tr("Export Audit Trail as JSON"), suggested,
        csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (!path.isEmpty())
        exportTo(path, format);
}

AuditExportJob *AuditTimelineView::exportTo(const QString &path, AuditExport::Format format)
{
    if (m_runId.isEmpty() || m_job)
        return nullptr;
    try {
        m_job = new AuditExportJob(
            AuditExport(format, m_runId, m_runs.auditChain(m_actor, m_runId)), path, this);
    } catch (const Error &error) {
        m_result->showError(error.message());
        return nullptr;
    } catch (const StoreError &error) {
        m_result->showError(error.message());
        return nullptr;
    }
    connect(m_job, &AuditExportJob::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_job, &AuditExportJob::finished, this, &AuditTimelineView::exportFinished);
    m_progress->setValue(0);
    m_progress->show();
    m_cancelButton->show();
    m_result->showInformation(
        tr("Exporting %n entries…", nullptr, int(m_job->evidence().entryCount())));
    updateActions();
    m_job->start();
    return m_job;
}

void AuditTimelineView::cancelExport()
{
    if (m_job)
        m_job->cancel();
}

void AuditTimelineView::exportFinished(AuditExportJob::Outcome outcome, const QString &message)
{
    const QString path = QDir::toNativeSeparators(m_job->path());
    const bool verified = !m_job->evidence().firstBreak();
    const auto entries = int(m_job->evidence().entryCount());
    m_job->deleteLater();
    m_job = nullptr;
    m_progress->hide();
    m_cancelButton->hide();
    switch (outcome) {
    case AuditExportJob::Outcome::Saved:
        if (verified)
            m_result->showSuccess(
                tr("Exported %n verified entries to %1.", nullptr, entries).arg(path));
        else
            m_result->showError(
                tr("Exported %n entries to %1, marked as not verified: the chain is broken.",
                   nullptr, entries)
                    .arg(path));
        break;
    case AuditExportJob::Outcome::Cancelled:
        m_result->showInformation(tr("Export cancelled; no file was written."));
        break;
    case AuditExportJob::Outcome::Failed:
        m_result->showError(message);
        break;
    }
    updateActions();
}

void AuditTimelineView::updateActions()
{
    const bool idle = !m_job;
    const bool haveRun = !m_runId.isEmpty();
    m_verifyButton->setEnabled(haveRun && idle);
    m_exportCsvButton->setEnabled(haveRun && idle);
    m_exportJsonButton->setEnabled(haveRun && idle);
}

} // namespace cadenio::views
