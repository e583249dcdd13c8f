#pragma once

#include "domain/Field.h"
#include "Page.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>

namespace cadenio {

// One column of a data source: a key records use in `values`, and the type its values take.
struct DataSourceField
{
    QString key;
    FieldSpec::Type type = FieldSpec::Type::Text;
    bool operator==(const DataSourceField &) const = default;
};

struct DataSource
{
    QString id;
    QString orgId;
    QString name;
    QList<DataSourceField> fields;
    qint64 recordCount = 0;
    QDateTime createdAt;

    const DataSourceField *field(const QString &key) const
    {
        for (const DataSourceField &f : fields) {
            if (f.key == key)
                return &f;
        }
        return nullptr;
    }
};

struct DataSourceRecord
{
    QString id;
    QString dataSourceId;
    QJsonObject values;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// Data sources and their records. Records are reached through their data source's org, so
// a record id of another org is never found.
class DataSourceRepository
{
public:
    explicit DataSourceRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    void insertDataSource(const DataSource &source);
    std::optional<DataSource> findDataSource(const QString &orgId, const QString &id) const;
    Page<DataSource> listDataSources(const QString &orgId, const PageRequest &request) const;
    // record_count += delta, which also takes the data source's row lock for the rest of the
    // transaction. False when the org has no such data source.
    bool addToRecordCount(const QString &orgId, const QString &id, qint64 delta);

    void insertRecord(const DataSourceRecord &record, const QString &searchText);
    // Saves values, search text and updated_at.
    void updateRecord(const DataSourceRecord &record, const QString &searchText);
    std::optional<DataSourceRecord> findRecord(const QString &orgId, const QString &dataSourceId,
                                               const QString &id) const;
    // Newest first. `needle`: lower-cased text the search text must contain; empty for all.
    Page<DataSourceRecord> listRecords(const QString &dataSourceId, const QString &needle,
                                       const PageRequest &request) const;

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
