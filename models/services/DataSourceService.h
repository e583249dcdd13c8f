#pragma once

#include "domain/Actor.h"
#include "store/DataSourceRepository.h"
#include "store/Page.h"

#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>

namespace cadenio {

class Database;

// Data sources: small tables an org keeps (vendors, sites, cost centres) whose records a
// data_source task field offers as its options. Only OWNER and ADMIN users define a data
// source (its schema); writers add and edit records, API keys by scope (checked at the
// route). Data sources belong to no template, so a key in resource mode SELECTED sees all.
class DataSourceService : public QObject
{
    Q_OBJECT
public:
    struct NewField
    {
        QString key;
        QString type;
    };

    explicit DataSourceService(const Database &database, QObject *parent = nullptr);

    // Keys unique and matching ^[a-z][a-z0-9_]{0,63}$; types text, long_text, number,
    // boolean, date, email, url. Anything else is UNPROCESSABLE naming `fields[i].key` or
    // `fields[i].type`; an API key or a MEMBER/AUDITOR is FORBIDDEN.
    DataSource create(const Actor &actor, const QString &name, const QList<NewField> &fields);
    DataSource get(const Actor &actor, const QString &id) const;
    Page<DataSource> list(const Actor &actor, const PageRequest &request) const;

    // Newest first; `query` keeps records whose values contain it, ignoring case.
    Page<DataSourceRecord> listRecords(const Actor &actor, const QString &dataSourceId,
                                       const QString &query, const PageRequest &request) const;
    // Values are checked against the field types (UNPROCESSABLE naming `values.<key>`); a
    // key the data source does not have is UNPROCESSABLE too. Null values are not stored.
    DataSourceRecord createRecord(const Actor &actor, const QString &dataSourceId,
                                  const QJsonObject &values);
    // JSON merge patch of the values: present keys replace, null removes.
    DataSourceRecord updateRecord(const Actor &actor, const QString &dataSourceId,
                                  const QString &recordId, const QJsonObject &values);

    // For data_source task fields: whether `recordId` is a record of the org's data source.
    // Reads this thread's connection, so inside a caller's Transaction it sees that
    // transaction's writes.
    bool recordExists(const QString &orgId, const QString &dataSourceId,
                      const QString &recordId) const;
    // The same check for services that hold no DataSourceService: throws UNPROCESSABLE
    // naming `path` unless `value` (null aside) is the id of such a record.
    static void requireRecord(const QSqlDatabase &db, const QString &orgId,
                              const QString &dataSourceId, const QJsonValue &value,
                              const QString &path);

signals:
    void dataSourceCreated(const QString &orgId, const QString &dataSourceId);
    void recordChanged(const QString &orgId, const QString &dataSourceId, const QString &recordId);

private:
    const Database &m_database;
};

} // namespace cadenio
