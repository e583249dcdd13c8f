#include "http/RequestContext.h"
#include "http/Router.h"

#include <QTest>

using namespace cadenio;
using namespace cadenio::api;

namespace {
Route route(const char *method, const char *pattern)
{
    Route r;
    r.method = method;
    r.pattern = QString::fromLatin1(pattern);
    r.handler = [](RequestContext &) { return ApiResponse::noContent(); };
    return r;
}

// "k=v,k=v" sorted, so parameter sets compare as one string in the table.
QString joined(const QHash<QString, QString> &parameters)
{
    QStringList parts;
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value();
    parts.sort();
    return parts.join(QLatin1Char(','));
}
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void match_data();
    void match();

private:
    Router m_router;
};

void TestRouter::initTestCase()
{
    // Shaped like the real table: collection, item, nested item, and a fixed path.
    m_router.add(route("GET", "/v1/health"));
    m_router.add(route("GET", "/v1/users"));
    m_router.add(route("POST", "/v1/users"));
    m_router.add(route("GET", "/v1/users/:id"));
    m_router.add(route("PATCH", "/v1/users/:id"));
    m_router.add(route("DELETE", "/v1/users/:id"));
    m_router.add(route("PATCH", "/v1/runs/:id/tasks/:taskId"));
    m_router.add(route("DELETE", "/v1/sessions/current"));
}

void TestRouter::match_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("pattern");    // matched route; empty: none
    QTest::addColumn<QString>("parameters"); // joined()
    QTest::addColumn<QString>("allowed");    // Allow header value when no route matched

    QTest::addRow("fixed path") << QByteArray("GET") << QStringLiteral("/v1/health")
                                << QStringLiteral("/v1/health") << QString() << QString();
    QTest::addRow("collection GET") << QByteArray("GET") << QStringLiteral("/v1/users")
                                    << QStringLiteral("/v1/users") << QString() << QString();
    QTest::addRow("collection POST") << QByteArray("POST") << QStringLiteral("/v1/users")
                                     << QStringLiteral("/v1/users") << QString() << QString();
    QTest::addRow("item parameter")
        << QByteArray("GET") << QStringLiteral("/v1/users/usr_42")
        << QStringLiteral("/v1/users/:id") << QStringLiteral("id=usr_42") << QString();
    QTest::addRow("same path, other method")
        << QByteArray("DELETE") << QStringLiteral("/v1/users/usr_42")
        << QStringLiteral("/v1/users/:id") << QStringLiteral("id=usr_42") << QString();
    QTest::addRow("two parameters")
        << QByteArray("PATCH") << QStringLiteral("/v1/runs/run_1/tasks/task_9")
        << QStringLiteral("/v1/runs/:id/tasks/:taskId") << QStringLiteral("id=run_1,taskId=task_9")
        << QString();

    // 405 with the methods the path does have, in table order (the Allow header).
    QTest::addRow("405 on collection") << QByteArray("DELETE") << QStringLiteral("/v1/users")
                                       << QString() << QString() << QStringLiteral("GET,POST");
    QTest::addRow("405 on item") << QByteArray("PUT") << QStringLiteral("/v1/users/usr_42")
                                 << QString() << QString() << QStringLiteral("GET,PATCH,DELETE");
    QTest::addRow("405 on nested")
        << QByteArray("GET") << QStringLiteral("/v1/runs/run_1/tasks/task_9") << QString()
        << QString() << QStringLiteral("PATCH");
    QTest::addRow("405 on fixed") << QByteArray("POST") << QStringLiteral("/v1/health") << QString()
                                  << QString() << QStringLiteral("GET");

    // 404: no route has the path at all.
    QTest::addRow("unknown path") << QByteArray("GET") << QStringLiteral("/v1/nothing") << QString()
                                  << QString() << QString();
    QTest::addRow("trailing slash")
        << QByteArray("GET") << QStringLiteral("/v1/users/") << QString() << QString() << QString();
    QTest::addRow("trailing slash on item")
        << QByteArray("GET") << QStringLiteral("/v1/users/usr_42/") << QString() << QString()
        << QString();
    QTest::addRow("empty parameter")
        << QByteArray("PATCH") << QStringLiteral("/v1/runs//tasks/task_9") << QString() << QString()
        << QString();
    QTest::addRow("extra segment") << QByteArray("GET") << QStringLiteral("/v1/users/usr_42/keys")
                                   << QString() << QString() << QString();
    QTest::addRow("prefix of a path")
        << QByteArray("GET") << QStringLiteral("/v1") << QString() << QString() << QString();
    QTest::addRow("case differs") << QByteArray("GET") << QStringLiteral("/v1/Users") << QString()
                                  << QString() << QString();
    QTest::addRow("root") << QByteArray("GET") << QStringLiteral("/") << QString() << QString()
                          << QString();
}

void TestRouter::match()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, pattern);
    QFETCH(QString, parameters);
    QFETCH(QString, allowed);

    const Router::Match found = m_router.match(method, path);
    QCOMPARE(found.route ? found.route->pattern : QString(), pattern);
    if (found.route)
        QCOMPARE(found.route->method, method);
    QCOMPARE(joined(found.parameters), parameters);
    QStringList methods;
    for (const QByteArray &m : found.allowedMethods)
        methods << QString::fromLatin1(m);
    QCOMPARE(methods.join(QLatin1Char(',')), allowed);
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
