// The live hint under password fields: the length rule matches the service's, the rest is
// advice that must rank obviously weak and strong passwords the right way round.

#include "common/PasswordStrength.h"
#include "common/PasswordStrengthHint.h"
#include "services/UserRules.h"

#include <QTest>

using cadenio::views::PasswordStrength;
using cadenio::views::PasswordStrengthHint;
using Level = PasswordStrength::Level;

class TestPasswordStrength : public QObject
{
    Q_OBJECT

private slots:
    void levels_data();
    void levels();
    void minimumMatchesTheService();
    void hintFollowsTyping();
};

void TestPasswordStrength::levels_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("level");
    QTest::addRow("empty") << QString() << int(Level::Empty);
    QTest::addRow("one character") << QStringLiteral("a") << int(Level::TooShort);
    QTest::addRow("eleven characters") << QStringLiteral("abcdefghijk") << int(Level::TooShort);
    QTest::addRow("twelve repeated") << QStringLiteral("aaaaaaaaaaaa") << int(Level::Weak);
    QTest::addRow("twelve lower case") << QStringLiteral("abcdefghijkl") << int(Level::Weak);
    QTest::addRow("three classes") << QStringLiteral("Abcdefghijk1") << int(Level::Fair);
    QTest::addRow("four classes") << QStringLiteral("Abcdefghij1!") << int(Level::Strong);
    QTest::addRow("long passphrase")
        << QStringLiteral("correct horse battery staple") << int(Level::Strong);
}

void TestPasswordStrength::levels()
{
    QFETCH(QString, password);
    QFETCH(int, level);
    const PasswordStrength strength = PasswordStrength::evaluate(password);
    QCOMPARE(int(strength.level()), level);
    QCOMPARE(strength.isAcceptable(), level >= int(Level::Weak));
    QVERIFY(!strength.hint().isEmpty());
}

void TestPasswordStrength::minimumMatchesTheService()
{
    const QString shortest(cadenio::userrules::kMinPasswordLength, QLatin1Char('x'));
    QVERIFY(PasswordStrength::evaluate(shortest).isAcceptable());
    QVERIFY(!PasswordStrength::evaluate(shortest.chopped(1)).isAcceptable());
}

void TestPasswordStrength::hintFollowsTyping()
{
    PasswordStrengthHint hint;
    const QString empty = hint.text();
    hint.setPassword(QStringLiteral("abc"));
    QVERIFY(hint.text() != empty);
    QCOMPARE(hint.strength().level(), Level::TooShort);
    hint.setPassword(QStringLiteral("correct horse battery staple"));
    QCOMPARE(hint.strength().level(), Level::Strong);
}

QTEST_MAIN(TestPasswordStrength)
#include "tst_passwordstrength.moc"
