#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/RequestContext.h"
#include "services/Services.h"

#include <QJsonArray>

namespace cadenio::api {

namespace {
QJsonObject dataSourceJson(const DataSource &source)
{
    QJsonArray fields;
    for (const DataSourceField &field : source.fields)
        fields.append(QJsonObject{{QStringLiteral("key"), field.key},
                                  {QStringLiteral("type"), FieldSpec::typeName(field.type)}});
    return {
        {QStringLiteral("id"), source.id},
        {QStringLiteral("name"), source.name},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("record_count"), source.recordCount},
        {QStringLiteral("created_at"), timestamps::format(source.createdAt)},
    };
}

QJsonObject recordJson(const DataSourceRecord &record)
{
    return {
        {QStringLiteral("id"), record.id},
        {QStringLiteral("data_source_id"), record.dataSourceId},
        {QStringLiteral("values"), record.values},
        {QStringLiteral("created_at"), timestamps::format(record.createdAt)},
        {QStringLiteral("updated_at"), timestamps::format(record.updatedAt)},
    };
}

QList<DataSourceService::NewField> fields(const JsonReader &body)
{
    const QJsonArray items = body.array(QStringLiteral("fields"));
    QList<DataSourceService::NewField> result;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString path = QStringLiteral("fields[%1]").arg(i);
        if (!items.at(i).isObject())
            throw Error::invalid(path, QStringLiteral("'%1' must be an object.").arg(path));
        const JsonReader field(items.at(i).toObject(), path, {u"key", u"type"});
        result.append({field.string(QStringLiteral("key")), field.string(QStringLiteral("type"))});
    }
    return result;
}

QJsonObject values(const RequestContext &ctx)
{
    const JsonReader body = ctx.json({u"values"});
    const QString field = QStringLiteral("values");
    const QJsonValue value = body.raw().value(field);
    if (!value.isObject())
        throw Error::invalid(field, QStringLiteral("'values' is required and must be an object."));
    return value.toObject();
}
} // namespace

void addDataSourceRoutes(Router &router)
{
    router.add({"GET",
                QStringLiteral("/v1/data-sources"),
                Access::SessionOrKey,
                QStringLiteral("data-sources:read"),
                Roles::all(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor")},
                [](RequestContext &ctx) {
                    const Page<DataSource> page =
                        ctx.services.dataSources().list(ctx.actor(), ctx.page());
                    return ApiResponse::ok(pagination::envelope<DataSource>(page, dataSourceJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/data-sources"),
                Access::Session,
                {},
                Roles::admins(),
                true,
                {},
                [](RequestContext &ctx) {
                    const JsonReader body = ctx.json({u"name", u"fields"});
                    const QString name = body.string(QStringLiteral("name"));
                    return ApiResponse::created(dataSourceJson(
                        ctx.services.dataSources().create(ctx.actor(), name, fields(body))));
                }});
    router.add({"GET",
                QStringLiteral("/v1/data-sources/:id/records"),
                Access::SessionOrKey,
                QStringLiteral("data-sources:read"),
                Roles::all(),
                false,
                {QStringLiteral("limit"), QStringLiteral("cursor"), QStringLiteral("q")},
                [](RequestContext &ctx) {
                    const PageRequest request = ctx.page();
                    const QString query =
                        ctx.request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
                    const Page<DataSourceRecord> page = ctx.services.dataSources().listRecords(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")), query, request);
                    return ApiResponse::ok(
                        pagination::envelope<DataSourceRecord>(page, recordJson));
                }});
    router.add({"POST",
                QStringLiteral("/v1/data-sources/:id/records"),
                Access::SessionOrKey,
                QStringLiteral("data-sources:write"),
                Roles::writers(),
                true,
                {},
                [](RequestContext &ctx) {
                    const QJsonObject input = values(ctx);
                    return ApiResponse::created(recordJson(ctx.services.dataSources().createRecord(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")), input)));
                }});
    router.add({"PATCH",
                QStringLiteral("/v1/data-sources/:id/records/:rid"),
                Access::SessionOrKey,
                QStringLiteral("data-sources:write"),
                Roles::writers(),
                true,
                {},
                [](RequestContext &ctx) {
                    const QJsonObject input = values(ctx);
                    return ApiResponse::ok(recordJson(ctx.services.dataSources().updateRecord(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")),
                        ctx.parameter(QStringLiteral("rid")), input)));
                }});
}

} // namespace cadenio::api
