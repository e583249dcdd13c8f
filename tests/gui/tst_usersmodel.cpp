// UsersModel under QAbstractItemModelTester, with members added while the tester watches,
// as the console sees them when another admin (or the HTTP API) adds someone.

#include "GuiTestStore.h"
#include "items/UsersModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cadenio;

class TestUsersModel : public QObject
{
    Q_OBJECT

private slots:
    void structureHoldsWhileMembersAreAdded();
    void showsEachColumn_data();
    void showsEachColumn();
    void headers();
    void sortRoleGivesRawValues();
};

void TestUsersModel::structureHoldsWhileMembersAreAdded()
{
    GuiTestStore store;
    store.initialize();
    const User &owner = store.owner();
    UsersModel model(store.services().users(), Actor::user(owner.id, owner.orgId, owner.role));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(UsersModel::ColumnCount));

    // Each newcomer is one inserted row at the top, never a reset: views keep their
    // selection and scroll position.
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 1; i <= 3; ++i) {
        store.addUser(Role::Member, QStringLiteral("m%1@acme.test").arg(i),
                      QStringLiteral("Member %1").arg(i));
        QCOMPARE(model.rowCount(), 1 + i);
        QCOMPARE(model.index(0, UsersModel::EmailColumn).data().toString(),
                 QStringLiteral("m%1@acme.test").arg(i));
    }
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserts.count(), 3);
    QCOMPARE(inserts.first().at(1).toInt(), 0);

    QStringList emails;
    for (int row = 0; row < model.rowCount(); ++row)
        emails.append(model.index(row, UsersModel::EmailColumn).data().toString());
    for (const QString &email : {QStringLiteral("owner@acme.test"), QStringLiteral("m1@acme.test"),
                                 QStringLiteral("m2@acme.test"), QStringLiteral("m3@acme.test")})
        QVERIFY2(emails.contains(email), qPrintable(email));
}

void TestUsersModel::sortRoleGivesRawValues()
{
    GuiTestStore store;
    store.initialize();
    const User &owner = store.owner();
    UsersModel model(store.services().users(), Actor::user(owner.id, owner.orgId, owner.role));
    const QModelIndex created = model.index(0, UsersModel::CreatedColumn);
    // Sorting by the display text would order "10 Dec" before "9 Dec".
    QCOMPARE(created.data(UsersModel::SortRole).metaType(), QMetaType::fromType<QDateTime>());
    QCOMPARE(created.data(UsersModel::SortRole).toDateTime(), owner.createdAt);
    QCOMPARE(model.index(0, UsersModel::RoleColumn).data(UsersModel::SortRole).toInt(),
             int(Role::Owner));
}

void TestUsersModel::showsEachColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");
    QTest::addRow("name") << int(UsersModel::NameColumn) << QStringLiteral("Olivia Owner");
    QTest::addRow("email") << int(UsersModel::EmailColumn) << QStringLiteral("owner@acme.test");
    QTest::addRow("role") << int(UsersModel::RoleColumn) << QStringLiteral("OWNER");
}

void TestUsersModel::showsEachColumn()
{
    QFETCH(int, column);
    QFETCH(QString, expected);
    GuiTestStore store;
    store.initialize();
    const User &owner = store.owner();
    UsersModel model(store.services().users(), Actor::user(owner.id, owner.orgId, owner.role));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.index(0, column).data().toString(), expected);
    QCOMPARE(model.index(0, column).data(UsersModel::IdRole).toString(), owner.id);
    QVERIFY(!model.index(0, UsersModel::CreatedColumn).data().toString().isEmpty());
}

void TestUsersModel::headers()
{
    GuiTestStore store;
    store.initialize();
    const User &owner = store.owner();
    UsersModel model(store.services().users(), Actor::user(owner.id, owner.orgId, owner.role));
    for (int column = 0; column < model.columnCount(); ++column)
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

QTEST_MAIN(TestUsersModel)
#include "tst_usersmodel.moc"
