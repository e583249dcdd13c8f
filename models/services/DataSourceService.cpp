#include "DataSourceService.h"

#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/Role.h"
#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/Transaction.h"
#include "UserRules.h"

#include <QRegularExpression>
#include <QSet>

namespace cadenio {

namespace {
constexpr int kMaxFields = 100;

// Types whose values stand alone. select/multi_select would need options in the schema,
// file and data_source point at other resources: none of them is offered yet.
bool isRecordType(FieldSpec::Type type)
{
    switch (type) {
    case FieldSpec::Type::Text:
    case FieldSpec::Type::LongText:
    case FieldSpec::Type::Number:
    case FieldSpec::Type::Boolean:
    case FieldSpec::Type::Date:
    case FieldSpec::Type::Email:
    case FieldSpec::Type::Url:
        return true;
    case FieldSpec::Type::Select:
    case FieldSpec::Type::MultiSelect:
    case FieldSpec::Type::File:
    case FieldSpec::Type::DataSource:
        break;
    }
    return false;
}

QString recordTypeNames()
{
    QStringList names;
    for (const QString &name : FieldSpec::typeNames()) {
        if (isRecordType(*FieldSpec::typeFromName(name)))
            names << name;
    }
    return names.join(QStringLiteral(", "));
}

void requireAdmin(const Actor &actor)
{
    // The schema is org configuration, like keys and webhooks: console admins only.
    if (actor.type == Actor::Type::ApiKey)
        throw Error::forbidden(QStringLiteral("Data sources are defined in a console session, "
                                              "not with an API key."));
    if (!actor.hasRole(Roles::admins()))
        throw Error::forbidden(QStringLiteral("Your role (%1) may not define data sources.")
                                   .arg(roleName(actor.role.value_or(Role::Auditor))));
}

void requireWriter(const Actor &actor)
{
    // API keys carry no role: their scopes were checked at the route.
    if (actor.type == Actor::Type::User && !actor.hasRole(Roles::writers()))
        throw Error::forbidden(QStringLiteral("Your role (%1) may not change records.")
                                   .arg(roleName(actor.role.value_or(Role::Auditor))));
}

Error dataSourceNotFound()
{
    return Error::notFound(QStringLiteral("data source"));
}

// Checks every value against its field; null fits every known field.
void checkValues(const DataSource &source, const QJsonObject &values)
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QString path = QStringLiteral("values.") + it.key();
        const DataSourceField *field = source.field(it.key());
        if (!field)
            throw Error::unprocessable(
                path,
                QStringLiteral("'%1' is not a field of data source %2.").arg(path, source.id));
        FieldSpec spec;
        spec.type = field->type;
        spec.checkValue(it.value(), path);
    }
}

// Lower-cased values in field order, one per line, for ?q=. Lines keep a search from
// matching across the end of one value and the start of the next.
QString searchText(const DataSource &source, const QJsonObject &values)
{
    QStringList parts;
    for (const DataSourceField &field : source.fields) {
        const QJsonValue value = values.value(field.key);
        if (value.isString())
            parts << value.toString();
        else if (value.isDouble())
            parts << QString::number(value.toDouble(), 'g', 17);
        else if (value.isBool())
            parts << (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    }
    return parts.join(QLatin1Char('\n')).toLower();
}

QJsonObject withoutNulls(const QJsonObject &values)
{
    QJsonObject kept;
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!it.value().isNull())
            kept.insert(it.key(), it.value());
    }
    return kept;
}
} // namespace

DataSourceService::DataSourceService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

DataSource DataSourceService::create(const Actor &actor, const QString &name,
                                     const QList<NewField> &fields)
{
    requireAdmin(actor);
    static const QRegularExpression keyShape(QStringLiteral("^[a-z][a-z0-9_]{0,63}$"));
    DataSource source;
    source.name = userrules::name(name);
    if (fields.isEmpty() || fields.size() > kMaxFields)
        throw Error::unprocessable(
            QStringLiteral("fields"),
            QStringLiteral("'fields' must hold 1 to %1 fields.").arg(kMaxFields));
    QSet<QString> keys;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const NewField &field = fields.at(i);
        const QString keyPath = QStringLiteral("fields[%1].key").arg(i);
        if (!keyShape.match(field.key).hasMatch())
            throw Error::unprocessable(
                keyPath, QStringLiteral("'%1' must match ^[a-z][a-z0-9_]{0,63}$.").arg(keyPath));
        if (keys.contains(field.key))
            throw Error::unprocessable(
                keyPath, QStringLiteral("'%1' repeats the key '%2'.").arg(keyPath, field.key));
        keys.insert(field.key);
        const QString typePath = QStringLiteral("fields[%1].type").arg(i);
        const auto type = FieldSpec::typeFromName(field.type);
        if (!type || !isRecordType(*type))
            throw Error::unprocessable(
                typePath,
                QStringLiteral("'%1' must be one of %2.").arg(typePath, recordTypeNames()));
        source.fields.append({field.key, *type});
    }
    source.id = ids::generate(u"ds_");
    source.orgId = actor.orgId;
    source.createdAt = timestamps::now();

    Transaction tx(m_database);
    DataSourceRepository(tx.db()).insertDataSource(source);
    tx.commit();
    emit dataSourceCreated(source.orgId, source.id);
    return source;
}

DataSource DataSourceService::get(const Actor &actor, const QString &id) const
{
    const auto found =
        DataSourceRepository(m_database.connection()).findDataSource(actor.orgId, id);
    if (!found)
        throw dataSourceNotFound();
    return *found;
}

Page<DataSource> DataSourceService::list(const Actor &actor, const PageRequest &request) const
{
    return DataSourceRepository(m_database.connection()).listDataSources(actor.orgId, request);
}

Page<DataSourceRecord> DataSourceService::listRecords(const Actor &actor,
                                                      const QString &dataSourceId,
                                                      const QString &query,
                                                      const PageRequest &request) const
{
    const DataSourceRepository repository(m_database.connection());
    if (!repository.findDataSource(actor.orgId, dataSourceId))
        throw dataSourceNotFound();
    return repository.listRecords(dataSourceId, query.toLower(), request);
}

DataSourceRecord DataSourceService::createRecord(const Actor &actor, const QString &dataSourceId,
                                                 const QJsonObject &values)
{
    requireWriter(actor);
    Transaction tx(m_database);
    DataSourceRepository repository(tx.db());
    // Count first: it takes the data source's row lock, so concurrent inserts queue here
    // and the count stays exact on PostgreSQL too. A rollback undoes it with the record.
    if (!repository.addToRecordCount(actor.orgId, dataSourceId, 1))
        throw dataSourceNotFound();
    const DataSource source = *repository.findDataSource(actor.orgId, dataSourceId);
    // Checked before nulls are dropped: an unknown key is a mistake even when it is null.
    checkValues(source, values);
    DataSourceRecord record;
    record.values = withoutNulls(values);
    record.id = ids::generate(u"rec_");
    record.dataSourceId = dataSourceId;
    record.createdAt = timestamps::now();
    record.updatedAt = record.createdAt;
    repository.insertRecord(record, searchText(source, record.values));
    tx.commit();
    emit recordChanged(actor.orgId, dataSourceId, record.id);
    return record;
}

DataSourceRecord DataSourceService::updateRecord(const Actor &actor, const QString &dataSourceId,
                                                 const QString &recordId, const QJsonObject &values)
{
    requireWriter(actor);
    Transaction tx(m_database);
    DataSourceRepository repository(tx.db());
    // Adding 0 takes the data source's row lock: two merges of one record on PostgreSQL
    // would otherwise both read the old values and one would lose the other's keys.
    if (!repository.addToRecordCount(actor.orgId, dataSourceId, 0))
        throw dataSourceNotFound();
    const auto source = repository.findDataSource(actor.orgId, dataSourceId);
    auto record = repository.findRecord(actor.orgId, dataSourceId, recordId);
    if (!record)
        throw Error::notFound(QStringLiteral("record"));
    for (auto it = values.begin(); it != values.end(); ++it) {
        // An unknown key is a mistake even when it asks for removal.
        if (!source->field(it.key()))
            checkValues(*source, QJsonObject{{it.key(), it.value()}});
        if (it.value().isNull())
            record->values.remove(it.key());
        else
            record->values.insert(it.key(), it.value());
    }
    checkValues(*source, record->values);
    record->updatedAt = timestamps::now();
    repository.updateRecord(*record, searchText(*source, record->values));
    tx.commit();
    emit recordChanged(actor.orgId, dataSourceId, recordId);
    return *record;
}

bool DataSourceService::recordExists(const QString &orgId, const QString &dataSourceId,
                                     const QString &recordId) const
{
    return DataSourceRepository(m_database.connection())
        .findRecord(orgId, dataSourceId, recordId)
        .has_value();
}

void DataSourceService::requireRecord(const QSqlDatabase &db, const QString &orgId,
                                      const QString &dataSourceId, const QJsonValue &value,
                                      const QString &path)
{
    if (value.isNull())
        return;
    if (!value.isString() ||
        !DataSourceRepository(db).findRecord(orgId, dataSourceId, value.toString()))
        throw Error::unprocessable(
            path, QStringLiteral("'%1' must be the id of a record of data source %2.")
                      .arg(path, dataSourceId));
}

} // namespace cadenio
