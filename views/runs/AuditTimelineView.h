#pragma once

#include "AuditExportJob.h"
#include "domain/Actor.h"
#include "domain/Run.h"
#include "services/AuditExport.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace cadenio {
class AuditTimelineModel;
class NameDirectory;
class RunService;
} // namespace cadenio

namespace cadenio::views {

class InlineMessage;

// A run's audit trail as a timeline (who, what, when, before → after), with the auditor's
// two tools: "Verify Chain", which recomputes every hash and says where the chain breaks,
// and "Export", which writes the verified evidence as CSV or JSON with a progress bar and
// Cancel. Both only read, so every role may use them.
class AuditTimelineView : public QWidget
{
    Q_OBJECT
public:
    AuditTimelineView(cadenio::RunService &runs, cadenio::NameDirectory &names,
                      cadenio::Actor actor, QWidget *parent = nullptr);

    cadenio::AuditTimelineModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    InlineMessage *result() const { return m_result; }
    AuditExportJob *exportJob() const { return m_job; }

    // Shows the trail of `run` (empty id: nothing).
    void setRun(const cadenio::Run &run);

public slots:
    // Verifies the shown run's chain and shows the outcome; nullopt when intact.
    std::optional<cadenio::AuditLog::Break> verifyChain();
    // Starts exporting the shown run's evidence to `path`; the job reports through the
    // progress bar and the result line. nullptr when there is no run or a job is running.
    AuditExportJob *exportTo(const QString &path, cadenio::AuditExport::Format format);
    // Asks for a file name, then exportTo().
    void chooseExportFile(cadenio::AuditExport::Format format);
    void cancelExport();

private:
    void exportFinished(AuditExportJob::Outcome outcome, const QString &message);
    void updateActions();

    cadenio::RunService &m_runs;
    cadenio::Actor m_actor;
    QString m_runId;
    cadenio::AuditTimelineModel *m_model;
    QTableView *m_table;
    QPushButton *m_verifyButton;
    QPushButton *m_exportCsvButton;
    QPushButton *m_exportJsonButton;
    QProgressBar *m_progress;
    QPushButton *m_cancelButton;
    InlineMessage *m_result;
    QPointer<AuditExportJob> m_job;
};

} // namespace cadenio::views
