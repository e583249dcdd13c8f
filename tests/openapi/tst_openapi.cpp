// The served OpenAPI document and the router's endpoint table must describe the same API:
// every route documented with its method, scope, access and query parameters, and
// nothing documented that the server does not answer.
#include "endpoints/Endpoints.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace cadenio::api;

namespace {

QString openApiPath(const QString &pattern)
{
    static const QRegularExpression parameter(QStringLiteral(":([A-Za-z_]+)"));
    QString path = pattern;
    return path.replace(parameter, QStringLiteral("{\\1}"));
}

QJsonObject loadDocument()
{
    QFile file(QStringLiteral(":/cadenio/openapi.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject resolve(const QJsonObject &document, const QJsonObject &maybeRef)
{
    const QString ref = maybeRef.value(QStringLiteral("$ref")).toString();
    if (ref.isEmpty())
        return maybeRef;
    QJsonObject node = document;
    for (const QString &part : ref.mid(2).split(QLatin1Char('/')))
        node = node.value(part).toObject();
    return node;
}

} // namespace

class tst_OpenApi : public QObject
{
    Q_OBJECT

private slots:
    void documentIsOpenApi31()
    {
        const QJsonObject document = loadDocument();
        QCOMPARE(document.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.1.0"));
        QCOMPARE(document.value(QStringLiteral("info"))
                     .toObject()
                     .value(QStringLiteral("version"))
                     .toString(),
                 QStringLiteral(CADENIO_VERSION));
    }

    void everyRouteIsDocumented_data()
    {
        QTest::addColumn<int>("index");
        const Router router = allRoutes();
        for (int i = 0; i < router.routes().size(); ++i) {
            const Route &route = router.routes().at(i);
            QTest::addRow("%s %s", route.method.constData(), qPrintable(route.pattern)) << i;
        }
    }
    void everyRouteIsDocumented()
    {
        QFETCH(int, index);
        const Router router = allRoutes();
        const Route &route = router.routes().at(index);
        const QJsonObject document = loadDocument();
        const QJsonObject operation = document.value(QStringLiteral("paths"))
                                          .toObject()
                                          .value(openApiPath(route.pattern))
                                          .toObject()
                                          .value(QString::fromLatin1(route.method).toLower())
                                          .toObject();
        QVERIFY2(!operation.isEmpty(), "route missing from openapi.json");
        QCOMPARE(operation.value(QStringLiteral("x-required-scope")).toString(), route.scope);

        const QJsonArray security = operation.value(QStringLiteral("security")).toArray();
        const bool allowsKey =
            std::any_of(security.begin(), security.end(), [](const QJsonValue &v) {
                return v.toObject().contains(QStringLiteral("apiKey"));
            });
        QCOMPARE(security.isEmpty(), route.access == Access::Public);
        QCOMPARE(allowsKey, route.access == Access::SessionOrKey);

        QStringList documented;
        for (const QJsonValue &parameter :
             operation.value(QStringLiteral("parameters")).toArray()) {
            const QJsonObject resolved = resolve(document, parameter.toObject());
            if (resolved.value(QStringLiteral("in")).toString() == QLatin1String("query"))
                documented << resolved.value(QStringLiteral("name")).toString();
        }
        QStringList expected = route.queryParameters;
        documented.sort();
        expected.sort();
        QCOMPARE(documented, expected);
        // A JSON body exactly when the route decodes one (uploads document multipart).
        const bool jsonBody = operation.value(QStringLiteral("requestBody"))
                                  .toObject()
                                  .value(QStringLiteral("content"))
                                  .toObject()
                                  .contains(QStringLiteral("application/json"));
        QCOMPARE(jsonBody, route.takesBody);
    }

    void nothingDocumentedThatIsNotServed()
    {
        const Router router = allRoutes();
        const QJsonObject paths = loadDocument().value(QStringLiteral("paths")).toObject();
        QVERIFY(!paths.isEmpty());
        for (auto path = paths.begin(); path != paths.end(); ++path) {
            const QJsonObject methods = path.value().toObject();
            for (auto method = methods.begin(); method != methods.end(); ++method) {
                const bool served = std::any_of(
                    router.routes().begin(), router.routes().end(), [&](const Route &r) {
                        return openApiPath(r.pattern) == path.key() &&
                               QString::fromLatin1(r.method).toLower() == method.key();
                    });
                QVERIFY2(served, qPrintable(method.key() + QLatin1Char(' ') + path.key()));
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_OpenApi)
#include "tst_openapi.moc"
