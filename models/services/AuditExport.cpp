#include "AuditExport.h"

#include "domain/Timestamps.h"

#include <QJsonDocument>

namespace cadenio {

namespace {
const QByteArray kCsvHeader = "seq,at,actor_type,actor_id,action,changes,prev_hash,hash,id\r\n";

QByteArray csvRow(const AuditEntry &entry)
{
    const QStringList fields{
        QString::number(entry.seq),
        timestamps::format(entry.at),
        entry.actorType,
        entry.actorId,
        entry.action,
        QString::fromUtf8(QJsonDocument(entry.changes).toJson(QJsonDocument::Compact)),
        entry.prevHash,
        entry.hash,
        entry.id,
    };
    QByteArray row;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            row += ',';
        row += AuditExport::csvField(fields.at(i));
    }
    return row + "\r\n";
}
} // namespace

std::optional<AuditExport::Format> AuditExport::formatFromName(QStringView name)
{
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

AuditExport::AuditExport(Format format, QString runId, AuditRepository::Chain chain,
                         QDateTime exportedAt)
    : m_format(format)
    , m_runId(std::move(runId))
    , m_chain(std::move(chain))
    , m_break(AuditLog::verify(m_runId, m_chain.head, m_chain.entries))
    , m_exportedAt(exportedAt.isValid() ? exportedAt : timestamps::now())
{
    if (m_format == Format::Csv)
        m_csv = kCsvHeader;
}

QJsonObject AuditExport::entryJson(const AuditEntry &entry)
{
    return {
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("run_id"), entry.runId},
        {QStringLiteral("seq"), entry.seq},
        {QStringLiteral("at"), timestamps::format(entry.at)},
        {QStringLiteral("actor"), QJsonObject{{QStringLiteral("type"), entry.actorType},
                                              {QStringLiteral("id"), entry.actorId}}},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("changes"), entry.changes},
        {QStringLiteral("prev_hash"), entry.prevHash},
        {QStringLiteral("hash"), entry.hash},
    };
}

// Values are written unaltered (no spreadsheet-formula escaping): the export is evidence,
// and every byte must still hash to what the chain says.
QByteArray AuditExport::csvField(const QString &value)
{
    QByteArray bytes = value.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\r') ||
        bytes.contains('\n')) {
        bytes.replace("\"", "\"\"");
        bytes.prepend('"').append('"');
    }
    return bytes;
}

void AuditExport::renderMore(qsizetype count)
{
    const qsizetype end = std::min(entryCount(), m_rendered + std::max<qsizetype>(count, 0));
    for (; m_rendered < end; ++m_rendered) {
        const AuditEntry &entry = m_chain.entries.at(m_rendered);
        if (m_format == Format::Csv)
            m_csv += csvRow(entry);
        else
            m_json.append(entryJson(entry));
    }
}

QByteArray AuditExport::document()
{
    renderMore(entryCount());
    if (m_format == Format::Csv)
        return m_csv;
    QJsonValue firstBreak = QJsonValue::Null;
    if (m_break) {
        firstBreak = QJsonObject{
            {QStringLiteral("entry_id"),
             m_break->entryId.isEmpty() ? QJsonValue(QJsonValue::Null) : m_break->entryId},
            {QStringLiteral("seq"), m_break->seq},
            {QStringLiteral("reason"), m_break->reason},
        };
    }
    const QJsonObject document{
        {QStringLiteral("run_id"), m_runId},
        {QStringLiteral("exported_at"), timestamps::format(m_exportedAt)},
        {QStringLiteral("verified"), !m_break},
        {QStringLiteral("first_break"), firstBreak},
        {QStringLiteral("entries"), m_json},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

} // namespace cadenio
