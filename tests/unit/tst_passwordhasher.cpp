#include "services/PasswordHasher.h"

#include <QTest>

using namespace cadenio;

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void wrongPasswordFails_data();
    void wrongPasswordFails();
    void saltMakesHashesDiffer();
    void garbageHashNeverVerifies_data();
    void garbageHashNeverVerifies();
};

void TestPasswordHasher::roundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::addRow("ascii") << QStringLiteral("correct horse battery staple");
    // Hashed as UTF-8: a non-Latin-1 password must not collapse to '?' characters.
    QTest::addRow("unicode") << QStringLiteral("pässwörd-ÜÑÎ-密码-🔑");
    QTest::addRow("maximum length") << QString(1024, QLatin1Char('x'));
}

void TestPasswordHasher::roundTrip()
{
    QFETCH(QString, password);
    const QString encoded = passwords::hash(password);
    // Argon2id, with parameters and salt in the string, so limits can rise later.
    QVERIFY2(encoded.startsWith(QStringLiteral("$argon2id$")), qPrintable(encoded));
    QVERIFY(encoded.contains(QStringLiteral("m=")) && encoded.contains(QStringLiteral("t=")));
    QVERIFY(!encoded.contains(password));
    QVERIFY(passwords::verify(encoded, password));
}

void TestPasswordHasher::wrongPasswordFails_data()
{
    QTest::addColumn<QString>("attempt");
    QTest::addRow("one letter changed") << QStringLiteral("correct horse battery stapLe");
    QTest::addRow("prefix") << QStringLiteral("correct horse battery");
    QTest::addRow("trailing space") << QStringLiteral("correct horse battery staple ");
    QTest::addRow("empty") << QString();
    QTest::addRow("case changed") << QStringLiteral("Correct horse battery staple");
}

void TestPasswordHasher::wrongPasswordFails()
{
    QFETCH(QString, attempt);
    static const QString encoded = passwords::hash(QStringLiteral("correct horse battery staple"));
    QVERIFY(!passwords::verify(encoded, attempt));
}

void TestPasswordHasher::saltMakesHashesDiffer()
{
    // Equal passwords must not produce equal hashes, or one cracked hash cracks them all.
    const QString password = QStringLiteral("same password for two members");
    const QString a = passwords::hash(password);
    const QString b = passwords::hash(password);
    QVERIFY(a != b);
    QVERIFY(passwords::verify(a, password));
    QVERIFY(passwords::verify(b, password));
}

void TestPasswordHasher::garbageHashNeverVerifies_data()
{
    QTest::addColumn<QString>("encoded");
    QTest::addRow("empty") << QString();
    QTest::addRow("plain text") << QStringLiteral("correct horse battery staple");
    QTest::addRow("truncated") << QStringLiteral("$argon2id$v=19$m=65536");
}

void TestPasswordHasher::garbageHashNeverVerifies()
{
    QFETCH(QString, encoded);
    // A damaged row must fail closed, never match everything.
    QVERIFY(!passwords::verify(encoded, QStringLiteral("correct horse battery staple")));
    QVERIFY(!passwords::verify(encoded, QString()));
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
