#include "TestStore.h"

#include "store/UserRepository.h"

#include <QSet>
#include <QTest>

#include <algorithm>

using namespace cadenio;
using namespace cadenio::testing;

namespace {

// Many rows share one created_at (a bulk import, or a fast client): only the id breaks
// the tie, which is exactly where OFFSET-free paging tends to skip or repeat rows.
constexpr int kSameInstant = 45;
constexpr int kNewer = 5;
constexpr int kOlder = 5;
constexpr int kTotal = kSameInstant + kNewer + kOlder;

const QDateTime kInstant = QDateTime(QDate(2026, 4, 10), QTime(14, 22, 0), Qt::UTC);

User makeUser(const QString &orgId, const QDateTime &createdAt)
{
    const QString id = ids::generate(u"usr_");
    return User{id,
                orgId,
                id.toLower() + QStringLiteral("@example.org"),
                QStringLiteral("User"),
                Role::Member,
                createdAt};
}

bool newestFirst(const User &a, const User &b)
{
    if (a.createdAt != b.createdAt)
        return a.createdAt > b.createdAt;
    return a.id > b.id;
}

QStringList idsOf(const QList<User> &users)
{
    QStringList result;
    for (const User &u : users)
        result << u.id;
    return result;
}

} // namespace

class TestUserRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void pagesCoverEveryRowOnce_data();
    void pagesCoverEveryRowOnce();
    void pagesStableUnderInserts();
    void listIsScopedToOrg();

private:
    std::unique_ptr<TestStore> m_store;
    QString m_orgId;
    QList<User> m_expected; // every user of m_orgId, newest first
};

void TestUserRepository::init()
{
    m_store = std::make_unique<TestStore>();
    m_orgId = insertOrg(m_store->db(), QStringLiteral("Paged")).id;
    m_expected.clear();

    Transaction tx(m_store->db());
    UserRepository users(tx.db());
    for (int i = 0; i < kSameInstant; ++i)
        m_expected << makeUser(m_orgId, kInstant);
    for (int i = 0; i < kNewer; ++i)
        m_expected << makeUser(m_orgId, kInstant.addMSecs(1 + i));
    for (int i = 0; i < kOlder; ++i)
        m_expected << makeUser(m_orgId, kInstant.addSecs(-1 - i));
    for (const User &u : std::as_const(m_expected))
        users.insert(u, QStringLiteral("not-a-real-hash"));
    tx.commit();
    std::sort(m_expected.begin(), m_expected.end(), newestFirst);
}

void TestUserRepository::cleanup()
{
    m_store.reset();
}

void TestUserRepository::pagesCoverEveryRowOnce_data()
{
    QTest::addColumn<int>("limit");
    for (int limit : {1, 2, 7, 20, kSameInstant, kTotal - 1, kTotal, kTotal + 1, 100})
        QTest::addRow("limit %d", limit) << limit;
}

void TestUserRepository::pagesCoverEveryRowOnce()
{
    QFETCH(int, limit);
    const UserRepository users(m_store->db().connection());

    QStringList seen;
    PageRequest request{limit, std::nullopt};
    int pages = 0;
    for (;;) {
        const Page<User> page = users.list(m_orgId, request);
        ++pages;
        QVERIFY2(page.items.size() <= limit, qPrintable(QString::number(page.items.size())));
        seen << idsOf(page.items);
        if (!page.next)
            break;
        // A page that says "more" must be full, and its cursor is its last row.
        QCOMPARE(page.items.size(), limit);
        QCOMPARE(page.next->id, page.items.last().id);
        QCOMPARE(page.next->createdAt, page.items.last().createdAt.toMSecsSinceEpoch());
        QVERIFY2(pages <= kTotal, "pagination does not terminate");
        request.after = page.next;
    }

    // No row twice, none left out, and in the one documented order.
    QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), seen.size());
    QCOMPARE(seen, idsOf(m_expected));
    QCOMPARE(pages, (kTotal + limit - 1) / limit);
}

void TestUserRepository::pagesStableUnderInserts()
{
    UserRepository users(m_store->db().connection());
    const Page<User> first = users.list(m_orgId, PageRequest{10, std::nullopt});
    QVERIFY(first.next.has_value());

    // Rows arriving between two page requests sort before the cursor (newer, or the same
    // instant with a larger id), so they must not shift the remaining pages.
    User newer = makeUser(m_orgId, kInstant.addSecs(3600));
    User sameInstant = makeUser(m_orgId, kInstant);
    sameInstant.id = QStringLiteral("usr_zzzzzzzzzzzzzzzzzzzzzz");
    users.insert(newer, QStringLiteral("h"));
    users.insert(sameInstant, QStringLiteral("h"));

    QStringList seen = idsOf(first.items);
    PageRequest request{10, first.next};
    for (int guard = 0; guard < kTotal; ++guard) {
        const Page<User> page = users.list(m_orgId, request);
        seen << idsOf(page.items);
        if (!page.next)
            break;
        request.after = page.next;
    }
    QCOMPARE(seen, idsOf(m_expected));
}

void TestUserRepository::listIsScopedToOrg()
{
    const QString otherOrg = insertOrg(m_store->db(), QStringLiteral("Other")).id;
    UserRepository users(m_store->db().connection());
    const User stranger = makeUser(otherOrg, kInstant);
    users.insert(stranger, QStringLiteral("h"));

    const Page<User> all = users.list(m_orgId, PageRequest{100, std::nullopt});
    QCOMPARE(all.items.size(), kTotal);
    QVERIFY(!idsOf(all.items).contains(stranger.id));
    const Page<User> theirs = users.list(otherOrg, PageRequest{100, std::nullopt});
    QCOMPARE(idsOf(theirs.items), QStringList{stranger.id});
}

QTEST_GUILESS_MAIN(TestUserRepository)
#include "tst_userrepository.moc"
