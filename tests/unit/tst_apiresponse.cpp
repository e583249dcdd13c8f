#include "http/ApiResponse.h"

#include "domain/Error.h"

#include <QJsonDocument>
#include <QTest>

using namespace cadenio;
using namespace cadenio::api;

Q_DECLARE_METATYPE(cadenio::Error::Code)

namespace {
QJsonObject bodyOf(const ApiResponse &response)
{
    return QJsonDocument::fromJson(response.body()).object();
}
} // namespace

class TestApiResponse : public QObject
{
    Q_OBJECT

private slots:
    void errorStatusAndCode_data();
    void errorStatusAndCode();
    void errorBodyNamesField();
    void retryAfter_data();
    void retryAfter();
    void setHeaderReplacesCaseInsensitively();
};

void TestApiResponse::errorStatusAndCode_data()
{
    QTest::addColumn<Error::Code>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("name");
    // CONTRACT §2: the stable code strings and their HTTP statuses.
    QTest::addRow("invalid") << Error::Code::InvalidRequest << 400
                             << QStringLiteral("INVALID_REQUEST");
    QTest::addRow("unauthorized") << Error::Code::Unauthorized << 401
                                  << QStringLiteral("UNAUTHORIZED");
    QTest::addRow("key expired") << Error::Code::KeyExpired << 401 << QStringLiteral("KEY_EXPIRED");
    QTest::addRow("key revoked") << Error::Code::KeyRevoked << 401 << QStringLiteral("KEY_REVOKED");
    QTest::addRow("missing scope")
        << Error::Code::MissingScope << 403 << QStringLiteral("MISSING_SCOPE");
    QTest::addRow("plan required")
        << Error::Code::PlanRequired << 403 << QStringLiteral("PLAN_REQUIRED");
    QTest::addRow("forbidden") << Error::Code::Forbidden << 403 << QStringLiteral("FORBIDDEN");
    QTest::addRow("not found") << Error::Code::NotFound << 404 << QStringLiteral("NOT_FOUND");
    QTest::addRow("method") << Error::Code::MethodNotAllowed << 405
                            << QStringLiteral("METHOD_NOT_ALLOWED");
    QTest::addRow("conflict") << Error::Code::Conflict << 409 << QStringLiteral("CONFLICT");
    QTest::addRow("too large") << Error::Code::PayloadTooLarge << 413
                               << QStringLiteral("PAYLOAD_TOO_LARGE");
    QTest::addRow("unprocessable")
        << Error::Code::Unprocessable << 422 << QStringLiteral("UNPROCESSABLE");
    QTest::addRow("rate limited") << Error::Code::RateLimited << 429
                                  << QStringLiteral("RATE_LIMITED");
    QTest::addRow("internal") << Error::Code::Internal << 500 << QStringLiteral("INTERNAL_ERROR");
}

void TestApiResponse::errorStatusAndCode()
{
    QFETCH(Error::Code, code);
    QFETCH(int, status);
    QFETCH(QString, name);
    const ApiResponse response = ApiResponse::error(Error(code, QStringLiteral("Something.")));
    QCOMPARE(response.status(), status);
    QCOMPARE(response.contentType(), QByteArray("application/json"));
    const QJsonObject body = bodyOf(response);
    QCOMPARE(body.value(QStringLiteral("code")).toString(), name);
    QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("Something."));
    // "field" only when there is one: clients test for its presence.
    QVERIFY(!body.contains(QStringLiteral("field")));
}

void TestApiResponse::errorBodyNamesField()
{
    Error error = Error::invalid(QStringLiteral("tasks[2].name"),
                                 QStringLiteral("'tasks[2].name' is required."));
    error.withDetail(QStringLiteral("required_scope"), QStringLiteral("runs:write"));
    const QJsonObject body = bodyOf(ApiResponse::error(error));
    QCOMPARE(body.value(QStringLiteral("field")).toString(), QStringLiteral("tasks[2].name"));
    QCOMPARE(body.value(QStringLiteral("required_scope")).toString(), QStringLiteral("runs:write"));
    QCOMPARE(body.value(QStringLiteral("code")).toString(), QStringLiteral("INVALID_REQUEST"));
}

void TestApiResponse::retryAfter_data()
{
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QByteArray>("header");
    QTest::addRow("ordinary") << 42 << QByteArray("42");
    QTest::addRow("one") << 1 << QByteArray("1");
    // "Retry-After: 0" invites an immediate retry storm; never below one second.
    QTest::addRow("zero clamps to one") << 0 << QByteArray("1");
}

void TestApiResponse::retryAfter()
{
    QFETCH(int, seconds);
    QFETCH(QByteArray, header);
    const ApiResponse response = ApiResponse::error(Error::rateLimited(seconds));
    QCOMPARE(response.status(), 429);
    QByteArray value;
    for (const auto &[name, v] : response.headers()) {
        if (name.compare("Retry-After", Qt::CaseInsensitive) == 0)
            value = v;
    }
    QCOMPARE(value, header);
}

void TestApiResponse::setHeaderReplacesCaseInsensitively()
{
    ApiResponse response = ApiResponse::noContent();
    QCOMPARE(response.status(), 204);
    QVERIFY(response.body().isEmpty());
    response.setHeader("X-Request-Id", "a");
    response.setHeader("x-request-id", "b");
    // One header, not two: a duplicated X-Request-Id would confuse log correlation.
    QCOMPARE(response.headers().size(), 1);
    QCOMPARE(response.headers().first().second, QByteArray("b"));
}

QTEST_GUILESS_MAIN(TestApiResponse)
#include "tst_apiresponse.moc"
