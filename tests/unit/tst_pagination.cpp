#include "http/Pagination.h"

#include "domain/Error.h"

#include <QRegularExpression>
#include <QTest>

using namespace cadenio;
using namespace cadenio::api;

namespace {
QString rawCursor(const QByteArray &payload)
{
    // Our encoding of an arbitrary payload, to forge cursors that decode but are not ours.
    return QStringLiteral("cur_") +
           QString::fromLatin1(
               payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

const PagePosition kPosition{1775830920123, QStringLiteral("usr_4fZk29QpLm0aB7cD1eF3gH")};
} // namespace

class TestPagination : public QObject
{
    Q_OBJECT

private slots:
    void limit_data();
    void limit();
    void cursorRoundTrip_data();
    void cursorRoundTrip();
    void garbageCursor_data();
    void garbageCursor();
    void envelope();
};

void TestPagination::limit_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("expected"); // 0: rejected with field "limit"
    QTest::addRow("absent → default 20") << QString() << 20;
    QTest::addRow("1") << QStringLiteral("limit=1") << 1;
    QTest::addRow("100") << QStringLiteral("limit=100") << 100;
    QTest::addRow("37") << QStringLiteral("limit=37") << 37;
    QTest::addRow("0") << QStringLiteral("limit=0") << 0;
    QTest::addRow("101") << QStringLiteral("limit=101") << 0;
    QTest::addRow("negative") << QStringLiteral("limit=-5") << 0;
    QTest::addRow("empty") << QStringLiteral("limit=") << 0;
    QTest::addRow("word") << QStringLiteral("limit=ten") << 0;
    QTest::addRow("decimal") << QStringLiteral("limit=2.5") << 0;
    QTest::addRow("hex") << QStringLiteral("limit=0x10") << 0;
    QTest::addRow("huge") << QStringLiteral("limit=99999999999999999999") << 0;
}

void TestPagination::limit()
{
    QFETCH(QString, query);
    QFETCH(int, expected);
    try {
        const PageRequest request = pagination::read(QUrlQuery(query));
        QVERIFY2(expected != 0, qPrintable(QStringLiteral("accepted limit %1").arg(request.limit)));
        QCOMPARE(request.limit, expected);
        QVERIFY(!request.after.has_value());
    } catch (const Error &e) {
        QVERIFY2(expected == 0, qPrintable(e.message()));
        QCOMPARE(e.code(), Error::Code::InvalidRequest);
        QCOMPARE(e.field(), QStringLiteral("limit"));
        QVERIFY2(e.message().contains(QStringLiteral("100")), qPrintable(e.message()));
    }
}

void TestPagination::cursorRoundTrip_data()
{
    QTest::addColumn<qint64>("createdAt");
    QTest::addColumn<QString>("id");
    QTest::addRow("typical") << kPosition.createdAt << kPosition.id;
    QTest::addRow("epoch") << qint64(0) << QStringLiteral("run_0000000000000000000000");
    QTest::addRow("short id") << qint64(1) << QStringLiteral("usr_a");
    QTest::addRow("far future") << qint64(253402300799000)
                                << QStringLiteral("tmpl_zzzzzzzzzzzzzzzzzzzzzz");
}

void TestPagination::cursorRoundTrip()
{
    QFETCH(qint64, createdAt);
    QFETCH(QString, id);
    const PagePosition position{createdAt, id};
    const QString cursor = pagination::encodeCursor(position);
    QVERIFY2(cursor.startsWith(QStringLiteral("cur_")), qPrintable(cursor));
    // Cursors travel in query strings: nothing that needs percent-encoding.
    static const QRegularExpression urlSafe(QStringLiteral("^cur_[A-Za-z0-9_-]+$"));
    QVERIFY2(urlSafe.match(cursor).hasMatch(), qPrintable(cursor));
    QCOMPARE(pagination::decodeCursor(cursor), std::optional<PagePosition>(position));

    // And through the query parser, as a client sends it back.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("cursor"), cursor);
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("5"));
    const PageRequest request = pagination::read(QUrlQuery(query.toString(QUrl::FullyEncoded)));
    QCOMPARE(request.after, std::optional<PagePosition>(position));
    QCOMPARE(request.limit, 5);
}

void TestPagination::garbageCursor_data()
{
    QTest::addColumn<QString>("cursor");
    const QString good = pagination::encodeCursor(kPosition);
    QTest::addRow("empty") << QString();
    QTest::addRow("prefix only") << QStringLiteral("cur_");
    QTest::addRow("no prefix") << good.mid(4);
    QTest::addRow("other prefix") << QStringLiteral("usr_") + good.mid(4);
    QTest::addRow("not base64") << QStringLiteral("cur_!!!!");
    QTest::addRow("standard base64 alphabet") << QStringLiteral("cur_ab+/cd");
    QTest::addRow("no dot") << rawCursor("1775830920123");
    QTest::addRow("empty time") << rawCursor(".usr_abc");
    QTest::addRow("negative time") << rawCursor("-5.usr_abc");
    QTest::addRow("time not a number") << rawCursor("yesterday.usr_abc");
    QTest::addRow("id without prefix") << rawCursor("1775830920123.abc");
    QTest::addRow("id with SQL") << rawCursor("1775830920123.usr_a' OR '1'='1");
    QTest::addRow("empty id") << rawCursor("1775830920123.");
    QTest::addRow("id prefix only") << rawCursor("1775830920123.usr_");
    QTest::addRow("too long") << QStringLiteral("cur_") + QString(300, QLatin1Char('A'));
}

void TestPagination::garbageCursor()
{
    QFETCH(QString, cursor);
    QVERIFY(!pagination::decodeCursor(cursor).has_value());

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("cursor"), cursor);
    try {
        pagination::read(query);
        QFAIL("a cursor that is not ours was accepted");
    } catch (const Error &e) {
        // CONTRACT §2: a cursor that is not ours → 400 INVALID_REQUEST naming it.
        QCOMPARE(e.code(), Error::Code::InvalidRequest);
        QCOMPARE(e.field(), QStringLiteral("cursor"));
        QVERIFY2(e.message().contains(QStringLiteral("cursor")), qPrintable(e.message()));
    }
}

void TestPagination::envelope()
{
    const auto toJson = [](const QString &s) { return QJsonObject{{QStringLiteral("id"), s}}; };
    Page<QString> last;
    last.items = {QStringLiteral("a")};
    const QJsonObject end = pagination::envelope<QString>(last, toJson);
    QCOMPARE(end.value(QStringLiteral("data")).toArray().size(), 1);
    QVERIFY(end.value(QStringLiteral("next_cursor")).isNull());
    QCOMPARE(end.value(QStringLiteral("has_more")), QJsonValue(false));

    Page<QString> more = last;
    more.next = kPosition;
    const QJsonObject middle = pagination::envelope<QString>(more, toJson);
    QCOMPARE(middle.value(QStringLiteral("has_more")), QJsonValue(true));
    QCOMPARE(pagination::decodeCursor(middle.value(QStringLiteral("next_cursor")).toString()),
             std::optional<PagePosition>(kPosition));
}

QTEST_GUILESS_MAIN(TestPagination)
#include "tst_pagination.moc"
