// The per-key rate limit over real connections: headers on every API-key answer, 429 with
// Retry-After past the limit, keys independent, and never more than the limit admitted
// when many connections on several server threads hammer one key.

#include "ApiFixture.h"

#include "domain/Scope.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::test::ApiFixture;
using cadenio::test::ApiReply;
using cadenio::test::ApiRequestSpec;

namespace {
constexpr int kLimit = 40;

ApiFixture::Options limitedOptions()
{
    ApiFixture::Options options;
    options.rateLimit = kLimit;
    return options;
}
} // namespace

class TestApiRateLimit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_fx.start(&error), qPrintable(error));
    }
    void cleanupTestCase() { m_fx.stop(); }

    void countsDownThenRefuses()
    {
        const QString key = newKey({u"users:read"_s});
        for (int i = 1; i <= kLimit; ++i) {
            const ApiReply reply = m_fx.get(u"/v1/users?limit=1"_s, key);
            API_COMPARE_STATUS(reply, 200);
            QCOMPARE(reply.header("X-RateLimit-Limit").toInt(), kLimit);
            QCOMPARE(reply.header("X-RateLimit-Remaining").toInt(), kLimit - i);
        }
        const ApiReply refused = m_fx.get(u"/v1/users"_s, key);
        API_VERIFY_ERROR(refused, 429, u"RATE_LIMITED"_s);
        const int retryAfter = refused.header("Retry-After").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 60, refused.header("Retry-After").constData());
        QVERIFY(
            refused.json().value(u"message"_s).toString().contains(QString::number(retryAfter)));
        QCOMPARE(refused.header("X-RateLimit-Remaining").toInt(), 0);

        // Another key of the same organization has its own quota.
        API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, newKey({u"users:read"_s})), 200);
        // Sessions are not rate limited per key.
        API_COMPARE_STATUS(m_fx.get(u"/v1/users"_s, m_fx.owner().token), 200);
    }

    void refusalsBeforeTheLimiterDoNotCount()
    {
        const QString key = newKey({u"runs:read"_s});
        for (int i = 0; i < kLimit + 5; ++i) {
            const ApiReply reply = m_fx.get(u"/v1/users"_s, key);
            API_VERIFY_ERROR(reply, 403, u"MISSING_SCOPE"_s);
            // Even a refused request of a known key reports the key's quota.
            QCOMPARE(reply.header("X-RateLimit-Remaining").toInt(), kLimit);
        }
    }

    void manyConnectionsGetExactlyTheLimit_data()
    {
        QTest::addColumn<int>("requests");
        QTest::addRow("64 connections, 64 requests") << 64;
        QTest::addRow("64 connections, 3x the limit") << 3 * kLimit;
    }
    void manyConnectionsGetExactlyTheLimit()
    {
        QFETCH(int, requests);
        const QString key = newKey({u"users:read"_s});
        QList<ApiRequestSpec> burst;
        for (int i = 0; i < requests; ++i)
            burst.append({"GET", u"/v1/users?limit=1"_s, {}, ApiFixture::bearer(key)});
        int admitted = 0;
        int limited = 0;
        for (const ApiReply &reply : m_fx.requestAll(burst, ApiFixture::Connections::PerRequest)) {
            if (reply.status == 200)
                ++admitted;
            else if (reply.status == 429 && reply.code() == u"RATE_LIMITED"_s &&
                     reply.hasHeader("Retry-After"))
                ++limited;
            else
                QFAIL(qPrintable(reply.describe()));
        }
        QCOMPARE(admitted, std::min(requests, kLimit));
        QCOMPARE(admitted + limited, requests);
    }

private:
    QString newKey(const QStringList &scopes)
    {
        const ApiReply created =
            m_fx.post(u"/v1/api-keys"_s,
                      {{u"name"_s, u"load"_s}, {u"scopes"_s, QJsonArray::fromStringList(scopes)}},
                      m_fx.owner().token);
        return created.json().value(u"plain_key"_s).toString();
    }

    ApiFixture m_fx{limitedOptions()};
};

QTEST_GUILESS_MAIN(TestApiRateLimit)
#include "tst_api_ratelimit.moc"
