#include "domain/Timestamps.h"

#include <QTest>
#include <QTimeZone>

using namespace cadenio;

namespace {
QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}
} // namespace

class TestTimestamps : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void format_data();
    void format();
    void formatThenParseRoundTrips();
    void storedFormIsExactMilliseconds();
};

void TestTimestamps::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime base = utc(2026, 4, 10, 14, 22, 0);
    QTest::addRow("Z") << QStringLiteral("2026-04-10T14:22:00Z") << base;
    // RFC 3339 §5.6: "T" and "Z" may be lower case.
    QTest::addRow("lowercase z") << QStringLiteral("2026-04-10T14:22:00z") << base;
    QTest::addRow("lowercase t") << QStringLiteral("2026-04-10t14:22:00Z") << base;
    // RFC 3339 §5.6 note: a space may separate date and time.
    QTest::addRow("space separator") << QStringLiteral("2026-04-10 14:22:00Z") << base;
    QTest::addRow("+00:00") << QStringLiteral("2026-04-10T14:22:00+00:00") << base;
    QTest::addRow("-00:00") << QStringLiteral("2026-04-10T14:22:00-00:00") << base;
    QTest::addRow("+02:00") << QStringLiteral("2026-04-10T16:22:00+02:00") << base;
    QTest::addRow("-05:30") << QStringLiteral("2026-04-10T08:52:00-05:30") << base;
    QTest::addRow("+14:00") << QStringLiteral("2026-04-11T04:22:00+14:00") << base;
    QTest::addRow("offset crosses the year")
        << QStringLiteral("2026-01-01T01:00:00+02:00") << utc(2025, 12, 31, 23, 0, 0);
    QTest::addRow("leap day") << QStringLiteral("2024-02-29T00:00:00Z")
                              << utc(2024, 2, 29, 0, 0, 0);
    QTest::addRow("tenths") << QStringLiteral("2026-04-10T14:22:00.5Z")
                            << utc(2026, 4, 10, 14, 22, 0, 500);
    QTest::addRow("milliseconds") << QStringLiteral("2026-04-10T14:22:00.123Z")
                                  << utc(2026, 4, 10, 14, 22, 0, 123);
    // RFC 3339 allows any number of digits; the store keeps milliseconds.
    QTest::addRow("microseconds") << QStringLiteral("2026-04-10T14:22:00.123456Z")
                                  << utc(2026, 4, 10, 14, 22, 0, 123);
    QTest::addRow("nanoseconds") << QStringLiteral("2026-04-10T14:22:00.123456789Z")
                                 << utc(2026, 4, 10, 14, 22, 0, 123);
    QTest::addRow("milliseconds with offset")
        << QStringLiteral("2026-04-10T16:22:00.250+02:00") << utc(2026, 4, 10, 14, 22, 0, 250);
}

void TestTimestamps::parseValid()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const auto parsed = timestamps::parse(text);
    QVERIFY2(parsed.has_value(), qPrintable(text));
    QCOMPARE(parsed->toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
    // Callers store and compare in UTC; a parsed value must not keep the client's offset.
    QCOMPARE(parsed->timeSpec(), Qt::UTC);
}

void TestTimestamps::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("empty") << QString();
    // Qt::ISODate alone would take this as local time; RFC 3339 requires the offset.
    QTest::addRow("missing offset") << QStringLiteral("2026-04-10T14:22:00");
    QTest::addRow("month 13") << QStringLiteral("2026-13-01T00:00:00Z");
    QTest::addRow("month 00") << QStringLiteral("2026-00-10T00:00:00Z");
    QTest::addRow("February 30") << QStringLiteral("2026-02-30T00:00:00Z");
    QTest::addRow("February 29 of a common year") << QStringLiteral("2025-02-29T00:00:00Z");
    QTest::addRow("hour 25") << QStringLiteral("2026-04-10T25:00:00Z");
    QTest::addRow("minute 60") << QStringLiteral("2026-04-10T14:60:00Z");
    QTest::addRow("date only") << QStringLiteral("2026-04-10");
    QTest::addRow("no seconds") << QStringLiteral("2026-04-10T14:22Z");
    QTest::addRow("offset without colon") << QStringLiteral("2026-04-10T14:22:00+0200");
    QTest::addRow("offset hours only") << QStringLiteral("2026-04-10T14:22:00+02");
    QTest::addRow("empty fraction") << QStringLiteral("2026-04-10T14:22:00.Z");
    QTest::addRow("comma fraction") << QStringLiteral("2026-04-10T14:22:00,5Z");
    QTest::addRow("basic format") << QStringLiteral("20260410T142200Z");
    QTest::addRow("week date") << QStringLiteral("2026-W15-5T14:22:00Z");
    QTest::addRow("leading space") << QStringLiteral(" 2026-04-10T14:22:00Z");
    QTest::addRow("trailing text") << QStringLiteral("2026-04-10T14:22:00Z now");
    QTest::addRow("two-digit year") << QStringLiteral("26-04-10T14:22:00Z");
    QTest::addRow("named zone") << QStringLiteral("2026-04-10T14:22:00 UTC");
    QTest::addRow("epoch number") << QStringLiteral("1775830920");
    // RFC 3339 time-hour is 00-23; ISO 8601's "24:00" end-of-day form is not RFC 3339.
    QTest::addRow("hour 24") << QStringLiteral("2026-04-10T24:00:00Z");
}

void TestTimestamps::parseInvalid()
{
    QFETCH(QString, text);
    const auto parsed = timestamps::parse(text);
    QVERIFY2(!parsed.has_value(),
             qPrintable(QStringLiteral("accepted as %1")
                            .arg(parsed ? parsed->toString(Qt::ISODate) : QString())));
}

void TestTimestamps::format_data()
{
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QString>("expected");
    QTest::addRow("UTC") << utc(2026, 4, 10, 14, 22, 0) << QStringLiteral("2026-04-10T14:22:00Z");
    // Second precision drops (not rounds) the milliseconds: the stored value is exact anyway.
    QTest::addRow("milliseconds dropped")
        << utc(2026, 4, 10, 14, 22, 0, 999) << QStringLiteral("2026-04-10T14:22:00Z");
    QTest::addRow("offset converted to UTC")
        << QDateTime(QDate(2026, 4, 10), QTime(16, 22, 0), Qt::OffsetFromUTC, 2 * 3600)
        << QStringLiteral("2026-04-10T14:22:00Z");
    QTest::addRow("negative offset crosses the day")
        << QDateTime(QDate(2026, 4, 9), QTime(22, 0, 0), Qt::OffsetFromUTC, -5 * 3600)
        << QStringLiteral("2026-04-10T03:00:00Z");
    QTest::addRow("named zone") << QDateTime(QDate(2026, 7, 1), QTime(12, 0, 0),
                                             QTimeZone("Europe/Berlin"))
                                << QStringLiteral("2026-07-01T10:00:00Z");
    QTest::addRow("epoch") << QDateTime::fromMSecsSinceEpoch(0, Qt::UTC)
                           << QStringLiteral("1970-01-01T00:00:00Z");
    // Absent values serialise as null elsewhere; format() must not invent a date.
    QTest::addRow("invalid") << QDateTime() << QString();
}

void TestTimestamps::format()
{
    QFETCH(QDateTime, at);
    QFETCH(QString, expected);
    QCOMPARE(timestamps::format(at), expected);
}

void TestTimestamps::formatThenParseRoundTrips()
{
    const QDateTime now = timestamps::now();
    const auto back = timestamps::parse(timestamps::format(now));
    QVERIFY(back.has_value());
    QCOMPARE(back->toSecsSinceEpoch(), now.toSecsSinceEpoch());
}

void TestTimestamps::storedFormIsExactMilliseconds()
{
    // Keyset pagination compares stored values; a lossy round trip would skip or repeat rows.
    const QDateTime at = utc(2026, 4, 10, 14, 22, 0, 123);
    QCOMPARE(timestamps::toStored(at), at.toMSecsSinceEpoch());
    QCOMPARE(timestamps::fromStored(timestamps::toStored(at)), at);
    QCOMPARE(timestamps::fromStored(0).timeSpec(), Qt::UTC);
}

QTEST_GUILESS_MAIN(TestTimestamps)
#include "tst_timestamps.moc"
