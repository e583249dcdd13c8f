#include "TestStore.h"

#include "store/StoreError.h"

#include <QTest>

#include <stdexcept>

using namespace cadenio;
using namespace cadenio::testing;

namespace {
Org makeOrg(const QString &name)
{
    return Org{ids::generate(u"org_"), name, Plan::Team, timestamps::now()};
}
} // namespace

class TestTransaction : public QObject
{
    Q_OBJECT

private slots:
    void commitPersists();
    void destroyedWithoutCommitRollsBack();
    void exceptionRollsBack();
    void failedStatementUndoesEarlierWrites();
};

void TestTransaction::commitPersists()
{
    TestStore store;
    const Org org = makeOrg(QStringLiteral("Committed"));
    {
        Transaction tx(store.db());
        OrgRepository(tx.db()).insert(org);
        tx.commit();
    }
    // Read through a second, independent connection to the file: committed means on disk,
    // not just visible to the connection that wrote it.
    Database other(DatabaseUrl::sqliteFile(store.path()));
    const auto found = OrgRepository(other.connection()).find(org.id);
    QVERIFY(found.has_value());
    QCOMPARE(found->name, org.name);
    QCOMPARE(found->plan, Plan::Team);
}

void TestTransaction::destroyedWithoutCommitRollsBack()
{
    TestStore store;
    const Org org = makeOrg(QStringLiteral("Abandoned"));
    {
        Transaction tx(store.db());
        OrgRepository(tx.db()).insert(org);
        // The insert did happen inside the transaction, so the rollback below is what
        // removes it (not a failed insert).
        QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 1);
    }
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 0);
    // The transaction is really over: a new one can begin on the same connection.
    insertOrg(store.db(), QStringLiteral("After"));
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 1);
}

void TestTransaction::exceptionRollsBack()
{
    TestStore store;
    const Org org = makeOrg(QStringLiteral("Thrown"));
    // A service that throws half-way (a rule check after the first write) must leave nothing.
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, [&] {
        Transaction tx(store.db());
        OrgRepository(tx.db()).insert(org);
        throw std::runtime_error("rule violated after the first write");
    }());
    QVERIFY(!OrgRepository(store.db().connection()).find(org.id).has_value());
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 0);
    insertOrg(store.db(), QStringLiteral("After"));
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 1);
}

void TestTransaction::failedStatementUndoesEarlierWrites()
{
    TestStore store;
    const Org first = makeOrg(QStringLiteral("First"));
    Org duplicate = makeOrg(QStringLiteral("Duplicate"));
    duplicate.id = first.id;
    // The second insert violates the primary key; StoreError unwinds the transaction, and
    // the first insert, already executed, must go with it.
    QVERIFY_THROWS_EXCEPTION(StoreError, [&] {
        Transaction tx(store.db());
        OrgRepository orgs(tx.db());
        orgs.insert(first);
        orgs.insert(duplicate);
        tx.commit();
    }());
    QCOMPARE(rowCount(store.db(), QStringLiteral("orgs")), 0);
}

QTEST_GUILESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
