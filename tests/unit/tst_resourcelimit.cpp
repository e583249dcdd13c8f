// What a key in resource mode SELECTED reaches: listed templates, and templates anywhere
// under a listed folder; nothing else.
#include "domain/Actor.h"

#include <QTest>

using namespace cadenio;

class TestResourceLimit : public QObject
{
    Q_OBJECT

private slots:
    void reaches_data()
    {
        QTest::addColumn<QStringList>("templates");
        QTest::addColumn<QStringList>("folders");
        QTest::addColumn<QString>("templateId");
        QTest::addColumn<QStringList>("folderPath");
        QTest::addColumn<bool>("expected");
        const QStringList none;
        const QString t1 = QStringLiteral("tmpl_1");
        const QString t2 = QStringLiteral("tmpl_2");
        const QString fA = QStringLiteral("fld_A");
        const QString fB = QStringLiteral("fld_B");
        const QString fC = QStringLiteral("fld_C");
        QTest::addRow("listed template") << QStringList{t1} << none << t1 << none << true;
        QTest::addRow("other template") << QStringList{t1} << none << t2 << none << false;
        QTest::addRow("template in listed folder")
            << none << QStringList{fA} << t2 << QStringList{fA} << true;
        QTest::addRow("template in a subfolder")
            << none << QStringList{fA} << t2 << QStringList{fB, fA} << true;
        QTest::addRow("template in a sibling folder")
            << none << QStringList{fA} << t2 << QStringList{fC} << false;
        QTest::addRow("template in no folder") << none << QStringList{fA} << t2 << none << false;
        QTest::addRow("parent of listed folder")
            << none << QStringList{fB} << t2 << QStringList{fA} << false;
    }
    void reaches()
    {
        QFETCH(QStringList, templates);
        QFETCH(QStringList, folders);
        QFETCH(QString, templateId);
        QFETCH(QStringList, folderPath);
        QFETCH(bool, expected);
        const Actor key = Actor::apiKey(QStringLiteral("key_1"), QStringLiteral("org_1"),
                                        ResourceLimit{templates, folders});
        QCOMPARE(key.reaches(templateId, folderPath), expected);
    }

    void unlimitedActorsReachEverything()
    {
        const Actor all =
            Actor::apiKey(QStringLiteral("key_1"), QStringLiteral("org_1"), std::nullopt);
        QVERIFY(all.reaches(QStringLiteral("tmpl_x"), {QStringLiteral("fld_y")}));
        const Actor user =
            Actor::user(QStringLiteral("usr_1"), QStringLiteral("org_1"), Role::Auditor);
        QVERIFY(user.reaches(QStringLiteral("tmpl_x")));
    }
};

QTEST_GUILESS_MAIN(TestResourceLimit)
#include "tst_resourcelimit.moc"
