#include "domain/Ids.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace cadenio;

class TestIds : public QObject
{
    Q_OBJECT

private slots:
    void generateShape_data();
    void generateShape();
    void generateIsUniqueAndUsesWholeAlphabet();
    void base62_data();
    void base62();
    void randomBase62Length_data();
    void randomBase62Length();
    void hasPrefix_data();
    void hasPrefix();
};

void TestIds::generateShape_data()
{
    QTest::addColumn<QString>("prefix");
    // The contract's prefixes (CONTRACT §2); every one must come out the same shape.
    for (const char *prefix : {"org_", "usr_", "key_", "tmpl_", "run_", "task_", "wh_", "evt_",
                               "sess_", "cur_", "inst_"}) {
        QTest::addRow("%s", prefix) << QString::fromLatin1(prefix);
    }
}

void TestIds::generateShape()
{
    QFETCH(QString, prefix);
    const QString id = ids::generate(prefix);
    // 128 random bits in base62 need 22 digits; fixed width so every id of a type has the
    // same length and the cursor/id checks elsewhere can rely on the alphabet.
    static const QRegularExpression body(QStringLiteral("^[0-9A-Za-z]{22}$"));
    QVERIFY2(id.startsWith(prefix), qPrintable(id));
    QCOMPARE(id.size(), prefix.size() + 22);
    QVERIFY2(body.match(id.mid(prefix.size())).hasMatch(), qPrintable(id));
    QVERIFY(ids::hasPrefix(id, prefix));
}

void TestIds::generateIsUniqueAndUsesWholeAlphabet()
{
    // A collision or a stuck digit would mean the CSPRNG is not wired in or base62 is wrong.
    constexpr int kCount = 10000;
    QSet<QString> seen;
    QSet<QChar> alphabet;
    seen.reserve(kCount);
    for (int i = 0; i < kCount; ++i) {
        const QString id = ids::generate(u"usr_");
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("duplicate id %1").arg(id)));
        seen.insert(id);
        // The first digit is biased (2^128 < 62^22), the others must cover all 62 symbols.
        for (qsizetype c = 5; c < id.size(); ++c)
            alphabet.insert(id.at(c));
    }
    QCOMPARE(seen.size(), kCount);
    QCOMPARE(alphabet.size(), 62);
}

void TestIds::base62_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    // Vectors computed independently (Python int → base62, zero-padded to
    // ceil(8n / log2 62)); they pin the encoding, which ids and tokens depend on.
    QTest::addRow("one zero byte") << QByteArray(1, '\0') << QStringLiteral("00");
    QTest::addRow("one") << QByteArray(1, '\x01') << QStringLiteral("01");
    QTest::addRow("0xff") << QByteArray(1, '\xff') << QStringLiteral("47");
    QTest::addRow("two zero bytes") << QByteArray(2, '\0') << QStringLiteral("000");
    QTest::addRow("256") << QByteArray("\x01\x00", 2) << QStringLiteral("048");
    QTest::addRow("0xffff") << QByteArray(2, '\xff') << QStringLiteral("H31");
    QTest::addRow("16 zero bytes")
        << QByteArray(16, '\0') << QStringLiteral("0000000000000000000000");
    QTest::addRow("16 x 0xff") << QByteArray(16, '\xff')
                               << QStringLiteral("7n42DGM5Tflk9n8mt7Fhc7");
    QTest::addRow("1..16") << QByteArray::fromHex("0102030405060708090a0b0c0d0e0f10")
                           << QStringLiteral("01tuWckR0Qgud2DqqiTysq");
    QTest::addRow("32 x 0xff") << QByteArray(32, '\xff')
                               << QStringLiteral("yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1");
}

void TestIds::base62()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QCOMPARE(ids::base62(bytes), expected);
}

void TestIds::randomBase62Length_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("digits");
    QTest::addRow("16 bytes") << 16 << 22;
    QTest::addRow("32 bytes (session tokens)") << 32 << 43;
}

void TestIds::randomBase62Length()
{
    QFETCH(int, bytes);
    QFETCH(int, digits);
    // Tokens are compared by length before anything else, so the width must be fixed.
    for (int i = 0; i < 200; ++i)
        QCOMPARE(ids::randomBase62(bytes).size(), digits);
}

void TestIds::hasPrefix_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("expected");
    QTest::addRow("match") << QStringLiteral("usr_abc") << QStringLiteral("usr_") << true;
    QTest::addRow("prefix only") << QStringLiteral("usr_") << QStringLiteral("usr_") << false;
    QTest::addRow("other type") << QStringLiteral("org_abc") << QStringLiteral("usr_") << false;
    QTest::addRow("case matters") << QStringLiteral("USR_abc") << QStringLiteral("usr_") << false;
    QTest::addRow("empty") << QString() << QStringLiteral("usr_") << false;
}

void TestIds::hasPrefix()
{
    QFETCH(QString, id);
    QFETCH(QString, prefix);
    QFETCH(bool, expected);
    QCOMPARE(ids::hasPrefix(id, prefix), expected);
}

QTEST_GUILESS_MAIN(TestIds)
#include "tst_ids.moc"
