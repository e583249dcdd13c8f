// The shape of API keys: enough randomness, a checksum that catches typos, and a display
// prefix that identifies without revealing.
#include "domain/KeyMaterial.h"

#include <QSet>
#include <QTest>

using namespace cadenio;

class TestKeyMaterial : public QObject
{
    Q_OBJECT

private slots:
    void generatedKeysAreWellFormedAndUnique()
    {
        QSet<QString> seen;
        for (int i = 0; i < 2000; ++i) {
            const QString key = keymaterial::generate();
            QVERIFY2(keymaterial::isWellFormed(key), qPrintable(key));
            QVERIFY(key.startsWith(QLatin1String("sk_live_")));
            // 8 prefix + 33 random (≥ 190 bits in base62) + 6 checksum.
            QCOMPARE(key.size(), 47);
            seen.insert(key);
        }
        QCOMPARE(seen.size(), 2000);
    }

    void malformedKeysAreRecognisedOffline_data()
    {
        QTest::addColumn<QString>("key");
        const QString good = keymaterial::generate();
        QString flipped = good;
        flipped[20] = flipped[20] == QLatin1Char('a') ? QLatin1Char('b') : QLatin1Char('a');
        QString badChecksum = good;
        badChecksum.back() =
            badChecksum.back() == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
        QTest::addRow("one character changed") << flipped;
        QTest::addRow("checksum changed") << badChecksum;
        QTest::addRow("truncated") << good.chopped(1);
        QTest::addRow("extended") << good + QLatin1Char('x');
        QTest::addRow("test prefix")
            << QString(good).replace(QLatin1String("sk_live_"), QLatin1String("sk_test_"));
        QTest::addRow("non-base62") << QString(good).replace(10, 1, QLatin1Char('-'));
        QTest::addRow("empty") << QString();
        QTest::addRow("prefix only") << QStringLiteral("sk_live_");
        QTest::addRow("seed example") << QStringLiteral("sk_live_a1b2c3d4e5f6");
    }
    void malformedKeysAreRecognisedOffline()
    {
        QFETCH(QString, key);
        QVERIFY(!keymaterial::isWellFormed(key));
    }

    void displayPrefixShowsOnlyTheStart()
    {
        const QString key = keymaterial::generate();
        const QString prefix = keymaterial::displayPrefix(key);
        QCOMPARE(prefix, QStringLiteral("sk_live_...") + key.mid(8, 4));
        QVERIFY(!prefix.contains(key.mid(12)));
    }
};

QTEST_GUILESS_MAIN(TestKeyMaterial)
#include "tst_keymaterial.moc"
