#include "DataSourceRepository.h"

#include "domain/Timestamps.h"
#include "Keyset.h"
#include "SqlQuery.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cadenio {

namespace {
QString fieldsText(const QList<DataSourceField> &fields)
{
    QJsonArray array;
    for (const DataSourceField &f : fields)
        array.append(QJsonObject{{QStringLiteral("key"), f.key},
                                 {QStringLiteral("type"), FieldSpec::typeName(f.type)}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<DataSourceField> fieldsFrom(const QString &text)
{
    // Stored schemas were validated on the way in; an unknown type name can only come from
    // a newer build, and reads as text rather than failing every list.
    QList<DataSourceField> fields;
    for (const QJsonValue &item : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonObject object = item.toObject();
        fields.append({object.value(QLatin1String("key")).toString(),
                       FieldSpec::typeFromName(object.value(QLatin1String("type")).toString())
                           .value_or(FieldSpec::Type::Text)});
    }
    return fields;
}

QString valuesText(const QJsonObject &values)
{
    return QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact));
}

const QString kSourceColumns =
    QStringLiteral("id, org_id, name, fields, record_count, created_at FROM data_sources");
const QString kRecordColumns = QStringLiteral(
    "r.id, r.data_source_id, r.\"values\", r.created_at, r.updated_at FROM data_source_records r");

DataSource readSource(const SqlQuery &q)
{
    return DataSource{q.text(0),    q.text(1),
                      q.text(2),    fieldsFrom(q.text(3)),
                      q.integer(4), timestamps::fromStored(q.integer(5))};
}

DataSourceRecord readRecord(const SqlQuery &q)
{
    return DataSourceRecord{
        q.text(0), q.text(1), QJsonDocument::fromJson(q.text(2).toUtf8()).object(),
        timestamps::fromStored(q.integer(3)), timestamps::fromStored(q.integer(4))};
}

// A null QString binds as SQL NULL; a record with no values searches as empty text.
QString nonNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

// LIKE treats % and _ as wildcards; a client searching for "50%" means the characters.
QString likePattern(const QString &needle)
{
    QString escaped = needle;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}
} // namespace

void DataSourceRepository::insertDataSource(const DataSource &source)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO data_sources (id, org_id, name, fields, "
                                  "record_count, created_at) VALUES (:id, :org, :name, :fields, "
                                  ":count, :at)"))
        .bind(QStringLiteral(":id"), source.id)
        .bind(QStringLiteral(":org"), source.orgId)
        .bind(QStringLiteral(":name"), source.name)
        .bind(QStringLiteral(":fields"), fieldsText(source.fields))
        .bind(QStringLiteral(":count"), source.recordCount)
        .bind(QStringLiteral(":at"), timestamps::toStored(source.createdAt))
        .exec();
}

std::optional<DataSource> DataSourceRepository::findDataSource(const QString &orgId,
                                                               const QString &id) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kSourceColumns +
                         QStringLiteral(" WHERE org_id = :org AND id = :id"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readSource(q);
}

Page<DataSource> DataSourceRepository::listDataSources(const QString &orgId,
                                                       const PageRequest &request) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kSourceColumns +
                         QStringLiteral(" WHERE org_id = :org") + keyset::condition(request) +
                         keyset::orderAndLimit(request));
    q.bind(QStringLiteral(":org"), orgId);
    keyset::bind(q, request);
    q.exec();
    QList<DataSource> rows;
    while (q.next())
        rows.append(readSource(q));
    return keyset::finish(std::move(rows), request, [](const DataSource &s) {
        return PagePosition{timestamps::toStored(s.createdAt), s.id};
    });
}

bool DataSourceRepository::addToRecordCount(const QString &orgId, const QString &id, qint64 delta)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE data_sources SET record_count = record_count + :delta "
                                    "WHERE org_id = :org AND id = :id"));
    q.bind(QStringLiteral(":delta"), delta)
        .bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":id"), id)
        .exec();
    return q.rowsAffected() > 0;
}

void DataSourceRepository::insertRecord(const DataSourceRecord &record, const QString &searchText)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO data_source_records (id, data_source_id, "
                                  "\"values\", search_text, created_at, updated_at) VALUES (:id, "
                                  ":source, :values, :search, :at, :updated)"))
        .bind(QStringLiteral(":id"), record.id)
        .bind(QStringLiteral(":source"), record.dataSourceId)
        .bind(QStringLiteral(":values"), valuesText(record.values))
        .bind(QStringLiteral(":search"), nonNull(searchText))
        .bind(QStringLiteral(":at"), timestamps::toStored(record.createdAt))
        .bind(QStringLiteral(":updated"), timestamps::toStored(record.updatedAt))
        .exec();
}

void DataSourceRepository::updateRecord(const DataSourceRecord &record, const QString &searchText)
{
    SqlQuery(m_db, QStringLiteral("UPDATE data_source_records SET \"values\" = :values, "
                                  "search_text = :search, updated_at = :updated "
                                  "WHERE id = :id AND data_source_id = :source"))
        .bind(QStringLiteral(":values"), valuesText(record.values))
        .bind(QStringLiteral(":search"), nonNull(searchText))
        .bind(QStringLiteral(":updated"), timestamps::toStored(record.updatedAt))
        .bind(QStringLiteral(":id"), record.id)
        .bind(QStringLiteral(":source"), record.dataSourceId)
        .exec();
}

std::optional<DataSourceRecord> DataSourceRepository::findRecord(const QString &orgId,
                                                                 const QString &dataSourceId,
                                                                 const QString &id) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kRecordColumns +
                         QStringLiteral(" JOIN data_sources d ON d.id = r.data_source_id "
                                        "WHERE d.org_id = :org AND r.data_source_id = :source "
                                        "AND r.id = :id"));
    q.bind(QStringLiteral(":org"), orgId)
        .bind(QStringLiteral(":source"), dataSourceId)
        .bind(QStringLiteral(":id"), id)
        .exec();
    if (!q.next())
        return std::nullopt;
    return readRecord(q);
}

Page<DataSourceRecord> DataSourceRepository::listRecords(const QString &dataSourceId,
                                                         const QString &needle,
                                                         const PageRequest &request) const
{
    QString sql = QStringLiteral("SELECT ") + kRecordColumns +
                  QStringLiteral(" WHERE r.data_source_id = :source");
    if (!needle.isEmpty())
        sql += QStringLiteral(" AND r.search_text LIKE :needle ESCAPE '\\'");
    SqlQuery q(m_db, sql + keyset::condition(request, QStringLiteral("r")) +
                         keyset::orderAndLimit(request, QStringLiteral("r")));
    q.bind(QStringLiteral(":source"), dataSourceId);
    if (!needle.isEmpty())
        q.bind(QStringLiteral(":needle"), likePattern(needle));
    keyset::bind(q, request);
    q.exec();
    QList<DataSourceRecord> rows;
    while (q.next())
        rows.append(readRecord(q));
    return keyset::finish(std::move(rows), request, [](const DataSourceRecord &r) {
        return PagePosition{timestamps::toStored(r.createdAt), r.id};
    });
}

} // namespace cadenio
