// Templates refer to data sources of their own organization only: a data_source field naming
// one that does not exist, or another organization's, is refused with 422 naming the field,
// on creation and on a draft edit; one of the organization's own works end to end.

#include "ApiFixture.h"

#include "domain/Ids.h"
#include "domain/Org.h"
#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/DataSourceRepository.h"
#include "store/OrgRepository.h"
#include "store/Transaction.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;

namespace {
QJsonObject sourceTask(const QString &name, const QString &dataSourceId)
{
    return {{u"name"_s, name},
            {u"field"_s,
             QJsonObject{{u"type"_s, u"data_source"_s}, {u"data_source_id"_s, dataSourceId}}}};
}

QJsonObject textTask(const QString &name)
{
    return {{u"name"_s, name}, {u"field"_s, QJsonObject{{u"type"_s, u"text"_s}}}};
}
} // namespace

class TestApiTemplateSources : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void unknownDataSources_data();
    void unknownDataSources();
    void draftEditsAreChecked();
    void ownDataSourceWorks();

private:
    ApiFixture m_fx;
    QString m_vendors; // a data source of this organization
    QString m_foreign; // one of another organization in the same store
};

void TestApiTemplateSources::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    const ApiReply created = m_fx.post(
        u"/v1/data-sources"_s,
        {{u"name"_s, u"Vendors"_s},
         {u"fields"_s, QJsonArray{QJsonObject{{u"key"_s, u"name"_s}, {u"type"_s, u"text"_s}}}}},
        m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    m_vendors = created.json().value(u"id"_s).toString();

    const QDateTime now = cadenio::timestamps::now();
    const cadenio::Org other{cadenio::ids::generate(u"org_"), u"Elsewhere"_s,
                             cadenio::Plan::Enterprise, now};
    cadenio::DataSource source;
    source.id = cadenio::ids::generate(u"ds_");
    source.orgId = other.id;
    source.name = u"Their vendors"_s;
    source.fields = {{u"name"_s, cadenio::FieldSpec::Type::Text}};
    source.createdAt = now;
    cadenio::Transaction tx(m_fx.database());
    cadenio::OrgRepository(tx.db()).insert(other);
    cadenio::DataSourceRepository(tx.db()).insertDataSource(source);
    tx.commit();
    m_foreign = source.id;
}

void TestApiTemplateSources::cleanupTestCase()
{
    m_fx.stop();
}

void TestApiTemplateSources::unknownDataSources_data()
{
    QTest::addColumn<QString>("source"); // "foreign": the other organization's
    QTest::addColumn<int>("position");
    QTest::addRow("does not exist") << u"ds_0000000000000000000000"_s << 0;
    QTest::addRow("another organization's") << u"foreign"_s << 0;
    QTest::addRow("second task") << u"foreign"_s << 1;
}

void TestApiTemplateSources::unknownDataSources()
{
    QFETCH(QString, source);
    QFETCH(int, position);
    if (source == u"foreign"_s)
        source = m_foreign;
    QJsonArray tasks{textTask(u"Notes"_s)};
    tasks.insert(position, sourceTask(u"Vendor"_s, source));
    const ApiReply reply =
        m_fx.post(u"/v1/templates"_s, {{u"name"_s, u"Onboarding"_s}, {u"tasks"_s, tasks}},
                  m_fx.owner().token);
    API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
    const QString field = u"tasks[%1].field.data_source_id"_s.arg(position);
    QCOMPARE(reply.field(), field);
    QVERIFY2(reply.json().value(u"message"_s).toString().contains(field),
             qPrintable(reply.describe()));
}

void TestApiTemplateSources::draftEditsAreChecked()
{
    const ApiReply created = m_fx.post(
        u"/v1/templates"_s,
        {{u"name"_s, u"Review"_s}, {u"tasks"_s, QJsonArray{sourceTask(u"Vendor"_s, m_vendors)}}},
        m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    const QString path = u"/v1/templates/"_s + created.json().value(u"id"_s).toString();
    const ApiReply edit = m_fx.patch(
        path, {{u"tasks"_s, QJsonArray{textTask(u"Notes"_s), sourceTask(u"Vendor"_s, m_foreign)}}},
        m_fx.owner().token);
    API_VERIFY_ERROR(edit, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(edit.field(), u"tasks[1].field.data_source_id"_s);
    // The refused edit changed nothing.
    const QJsonArray kept = m_fx.get(path, m_fx.owner().token).json().value(u"tasks"_s).toArray();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().toObject().value(u"field"_s).toObject().value(u"data_source_id"_s),
             QJsonValue(m_vendors));
}

void TestApiTemplateSources::ownDataSourceWorks()
{
    const ApiReply record =
        m_fx.post(u"/v1/data-sources/%1/records"_s.arg(m_vendors),
                  {{u"values"_s, QJsonObject{{u"name"_s, u"ACME Corp"_s}}}}, m_fx.owner().token);
    API_COMPARE_STATUS(record, 201);
    const ApiReply created =
        m_fx.post(u"/v1/templates"_s,
                  {{u"name"_s, u"Vendor pick"_s},
                   {u"tasks"_s, QJsonArray{sourceTask(u"Vendor"_s, m_vendors)}}},
                  m_fx.owner().token);
    API_COMPARE_STATUS(created, 201);
    const QString templateId = created.json().value(u"id"_s).toString();
    API_COMPARE_STATUS(m_fx.request("POST", u"/v1/templates/%1/publish"_s.arg(templateId), {},
                                    ApiFixture::bearer(m_fx.owner().token)),
                       200);
    const ApiReply run =
        m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, templateId}}, m_fx.owner().token);
    API_COMPARE_STATUS(run, 201);
    const QString runId = run.json().value(u"id"_s).toString();
    const QString taskId = m_fx.get(u"/v1/runs/"_s + runId, m_fx.owner().token)
                               .json()
                               .value(u"tasks"_s)
                               .toArray()
                               .first()
                               .toObject()
                               .value(u"id"_s)
                               .toString();
    const ApiReply set =
        m_fx.patch(u"/v1/runs/%1/tasks/%2"_s.arg(runId, taskId),
                   {{u"value"_s, record.json().value(u"id"_s)}, {u"status"_s, u"COMPLETED"_s}},
                   m_fx.owner().token);
    API_COMPARE_STATUS(set, 200);
    QCOMPARE(set.json().value(u"value"_s), record.json().value(u"id"_s));
}

QTEST_GUILESS_MAIN(TestApiTemplateSources)
#include "tst_api_template_sources.moc"
