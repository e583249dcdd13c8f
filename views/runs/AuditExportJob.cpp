#include "AuditExportJob.h"

#include <QDir>

namespace cadenio::views {

namespace {
// Rendering the entries is most of the work; writing the bytes out is the rest.
constexpr int kRenderShare = 80;
} // namespace

AuditExportJob::AuditExportJob(AuditExport evidence, const QString &path, QObject *parent)
    : QObject(parent)
    , m_evidence(std::move(evidence))
    , m_file(path)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &AuditExportJob::step);
}

void AuditExportJob::start()
{
    if (isRunning())
        return;
    if (!m_file.open(QIODevice::WriteOnly)) {
        finish(Outcome::Failed,
               tr("Cannot write %1: %2")
                   .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString()));
        return;
    }
    emit progressChanged(0);
    m_timer.start();
}

void AuditExportJob::cancel()
{
    if (!isRunning())
        return;
    m_file.cancelWriting();
    finish(Outcome::Cancelled);
}

void AuditExportJob::step()
{
    if (!m_evidence.isRendered()) {
        m_evidence.renderMore(kEntriesPerSlice);
        const qsizetype total = std::max<qsizetype>(1, m_evidence.entryCount());
        emit progressChanged(int(kRenderShare * m_evidence.renderedCount() / total));
        return;
    }
    if (!m_rendered) {
        m_bytes = m_evidence.document();
        m_rendered = true;
    }
    if (m_written < m_bytes.size()) {
        const qsizetype size = std::min(kBytesPerSlice, m_bytes.size() - m_written);
        if (m_file.write(m_bytes.constData() + m_written, size) != size) {
            m_file.cancelWriting();
            finish(Outcome::Failed,
                   tr("Cannot write %1: %2")
                       .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString()));
            return;
        }
        m_written += size;
        emit progressChanged(int(kRenderShare + (100 - kRenderShare) * m_written /
                                                    std::max<qsizetype>(1, m_bytes.size())));
        return;
    }
    if (!m_file.commit()) {
        finish(Outcome::Failed,
               tr("Cannot write %1: %2")
                   .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString()));
        return;
    }
    emit progressChanged(100);
    finish(Outcome::Saved);
}

void AuditExportJob::finish(Outcome outcome, const QString &message)
{
    m_timer.stop();
    emit finished(outcome, message);
}

} // namespace cadenio::views
