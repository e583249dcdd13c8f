#pragma once

#include "AuditLog.h"
#include "store/AuditRepository.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>

#include <optional>

namespace cadenio {

// A run's audit evidence as a file: JSON ({"run_id","exported_at","verified","first_break",
// "entries"}) or RFC 4180 CSV (seq,at,actor_type,actor_id,action,changes,prev_hash,hash,id).
// The chain is verified on construction, so the file says exactly what was checked; a
// broken chain is still exported, marked "verified": false. The command line renders it in
// one go; the console renders it in slices so it can show progress and be cancelled.
class AuditExport
{
public:
    enum class Format
    {
        Csv,
        Json
    };
    static std::optional<Format> formatFromName(QStringView name);

    AuditExport(Format format, QString runId, AuditRepository::Chain chain,
                QDateTime exportedAt = {});

    Format format() const { return m_format; }
    const QString &runId() const { return m_runId; }
    const std::optional<AuditLog::Break> &firstBreak() const { return m_break; }
    qsizetype entryCount() const { return m_chain.entries.size(); }
    qsizetype renderedCount() const { return m_rendered; }
    bool isRendered() const { return m_rendered == entryCount(); }

    // Renders up to `count` further entries.
    void renderMore(qsizetype count);
    // The whole document; renders whatever is left first.
    QByteArray document();

    static QJsonObject entryJson(const AuditEntry &entry);
    // RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static QByteArray csvField(const QString &value);

private:
    Format m_format;
    QString m_runId;
    AuditRepository::Chain m_chain;
    std::optional<AuditLog::Break> m_break;
    QDateTime m_exportedAt;
    qsizetype m_rendered = 0;
    QJsonArray m_json;
    QByteArray m_csv;
};

} // namespace cadenio
