#pragma once

#include "services/AuditExport.h"

#include <QObject>
#include <QSaveFile>
#include <QTimer>

namespace cadenio::views {

// Writes an audit export to a file in small slices on the GUI thread's event loop, so the
// window stays responsive, a progress bar can follow, and Cancel takes effect between two
// slices. QSaveFile: a cancelled or failed export leaves no file behind (and any earlier
// file of that name as it was).
class AuditExportJob : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Saved,
        Cancelled,
        Failed
    };
    Q_ENUM(Outcome)

    static constexpr int kEntriesPerSlice = 100;
    static constexpr qsizetype kBytesPerSlice = 64 * 1024;

    AuditExportJob(cadenio::AuditExport evidence, const QString &path, QObject *parent = nullptr);

    const cadenio::AuditExport &evidence() const { return m_evidence; }
    QString path() const { return m_file.fileName(); }
    bool isRunning() const { return m_timer.isActive(); }

public slots:
    void start();
    void cancel();

signals:
    void progressChanged(int percent);
    // `message` says why for Failed.
    void finished(cadenio::views::AuditExportJob::Outcome outcome, const QString &message);

private:
    void step();
    void finish(Outcome outcome, const QString &message = {});

    cadenio::AuditExport m_evidence;
    QSaveFile m_file;
    QTimer m_timer;
    QByteArray m_bytes;
    qsizetype m_written = 0;
    bool m_rendered = false;
};

} // namespace cadenio::views
