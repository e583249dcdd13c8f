// The audit chain against a real store: appended entries link up, and every way of editing
// the table behind the application's back is named at the first entry it breaks.
#include "TestStore.h"

#include "services/AuditLog.h"
#include "store/AuditRepository.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QTest>

using namespace cadenio;
using namespace cadenio::testing;

namespace {

const QDateTime kStart(QDate(2026, 4, 10), QTime(14, 22, 0), Qt::UTC);

// Tampering statements name the run as RUN; the test substitutes the real id.
QStringList sql(std::initializer_list<const char *> statements)
{
    QStringList list;
    for (const char *statement : statements)
        list << QString::fromLatin1(statement);
    return list;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestStore> m_store;
    QString m_orgId;
    QString m_templateId;

    QString insertRun()
    {
        const QString id = ids::generate(u"run_");
        Transaction tx(m_store->db());
        SqlQuery(tx.db(),
                 QStringLiteral("INSERT INTO runs (id, org_id, template_id, template_version, "
                                "name, status, created_at, updated_at, audit_head) VALUES (:id, "
                                ":org, :tmpl, 1, 'Onboarding', 'IN_PROGRESS', :at, :at, '')"))
            .bind(QStringLiteral(":id"), id)
            .bind(QStringLiteral(":org"), m_orgId)
            .bind(QStringLiteral(":tmpl"), m_templateId)
            .bind(QStringLiteral(":at"), timestamps::toStored(kStart))
            .exec();
        tx.commit();
        return id;
    }

    // `count` entries, each in its own committed transaction as services write them.
    QList<AuditEntry> appendEntries(const QString &runId, int count, int offset = 0)
    {
        QList<AuditEntry> appended;
        for (int i = 0; i < count; ++i) {
            const int n = offset + i;
            Transaction tx(m_store->db());
            appended << AuditLog::append(
                tx.db(), runId,
                n % 2 ? Actor::apiKey(QStringLiteral("key_%1").arg(n), m_orgId, std::nullopt)
                      : Actor::user(QStringLiteral("usr_%1").arg(n), m_orgId, Role::Member),
                n == 0 ? QStringLiteral("run.created") : QStringLiteral("task.completed"),
                QJsonObject{{QStringLiteral("value"),
                             AuditLog::change(QJsonValue::Null, QStringLiteral("v%1").arg(n))}},
                kStart.addSecs(60 * n));
            tx.commit();
        }
        return appended;
    }

    void verifyIntact(const QString &runId)
    {
        const auto broken = AuditLog::verify(m_store->db().connection(), runId);
        QVERIFY2(!broken,
                 broken
                     ? qPrintable(QStringLiteral("seq %1: %2").arg(broken->seq).arg(broken->reason))
                     : "");
    }

    void exec(const QStringList &statements, const QString &runId)
    {
        for (QString statement : statements)
            execute(m_store->db(),
                    statement.replace(QStringLiteral("RUN"),
                                      QLatin1Char('\'') + runId + QLatin1Char('\'')));
    }

private slots:
    void init()
    {
        m_store = std::make_unique<TestStore>();
        m_orgId = insertOrg(m_store->db(), QStringLiteral("Acme")).id;
        m_templateId = ids::generate(u"tmpl_");
        SqlQuery(m_store->db().connection(),
                 QStringLiteral("INSERT INTO templates (id, org_id, name, description, tasks, "
                                "published_version, has_unpublished_changes, created_at, "
                                "updated_at, published_at) VALUES (:id, :org, 'T', '', '[]', 1, "
                                "0, 0, 0, 0)"))
            .bind(QStringLiteral(":id"), m_templateId)
            .bind(QStringLiteral(":org"), m_orgId)
            .exec();
    }
    void cleanup() { m_store.reset(); }

    void appendedChainLinksUp()
    {
        const QString run = insertRun();
        const QList<AuditEntry> appended = appendEntries(run, 5);
        const QList<AuditEntry> stored = AuditLog::entries(m_store->db().connection(), run);
        QCOMPARE(stored.size(), 5);
        QString prev = AuditLog::kGenesis;
        for (int i = 0; i < stored.size(); ++i) {
            const AuditEntry &entry = stored.at(i);
            QCOMPARE(entry.id, appended.at(i).id);
            QCOMPARE(entry.seq, i + 1);
            QCOMPARE(entry.prevHash, prev);
            QCOMPARE(entry.hash, appended.at(i).hash);
            QCOMPARE(entry.hash, AuditLog::hashOf(prev, entry));
            QCOMPARE(entry.at, kStart.addSecs(60 * i));
            prev = entry.hash;
        }
        QCOMPARE(stored.at(1).actorType, QStringLiteral("api_key"));
        QCOMPARE(stored.at(1).actorId, QStringLiteral("key_1"));
        QCOMPARE(stored.at(0).actorType, QStringLiteral("user"));
        // The run row remembers the newest hash: what catches removal from the end.
        QCOMPARE(AuditRepository(m_store->db().connection()).head(run), qMakePair(prev, 5));
        verifyIntact(run);
    }

    void runWithoutEntriesVerifies()
    {
        const QString run = insertRun();
        verifyIntact(run);
        QVERIFY(AuditLog::entries(m_store->db().connection(), run).isEmpty());
    }

    void rolledBackAppendLeavesNothing()
    {
        const QString run = insertRun();
        appendEntries(run, 2);
        {
            Transaction tx(m_store->db());
            AuditLog::append(tx.db(), run, Actor::system(m_orgId), QStringLiteral("run.cancelled"),
                             {}, kStart);
            // no commit: the change it recorded failed, so the entry must go with it
        }
        QCOMPARE(AuditLog::entries(m_store->db().connection(), run).size(), 2);
        verifyIntact(run);
        // And the chain continues from the committed head, not the abandoned one.
        appendEntries(run, 1, 2);
        verifyIntact(run);
    }

    void tampering_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<int>("namedSeq"); // original seq of the entry named; 0: none
        QTest::addColumn<int>("reportedSeq");
        QTest::addColumn<QString>("reason");
        const QString content = QStringLiteral("content does not match its hash");
        const QString prev = QStringLiteral("prev_hash does not match");
        QTest::addRow("changes edited")
            << sql({"UPDATE audit_entries SET changes = '{\"value\":{\"from\":null,\"to\":"
                    "\"forged\"}}' WHERE run_id = RUN AND seq = 2"})
            << 2 << 2 << content;
        QTest::addRow("changes emptied")
            << sql({"UPDATE audit_entries SET changes = '{}' WHERE run_id = RUN AND seq = 3"}) << 3
            << 3 << content;
        QTest::addRow("action edited")
            << sql({"UPDATE audit_entries SET action = 'run.cancelled' WHERE run_id = RUN AND "
                    "seq = 2"})
            << 2 << 2 << content;
        QTest::addRow("actor id edited")
            << sql({"UPDATE audit_entries SET actor_id = 'usr_mallory' WHERE run_id = RUN AND "
                    "seq = 3"})
            << 3 << 3 << content;
        QTest::addRow("actor type edited")
            << sql({"UPDATE audit_entries SET actor_type = 'system' WHERE run_id = RUN AND seq = "
                    "1"})
            << 1 << 1 << content;
        QTest::addRow("at moved a minute")
            << sql({"UPDATE audit_entries SET at = at + 60000 WHERE run_id = RUN AND seq = 2"}) << 2
            << 2 << content;
        QTest::addRow("at moved a millisecond")
            << sql({"UPDATE audit_entries SET at = at + 1 WHERE run_id = RUN AND seq = 4"}) << 4
            << 4 << content;
        QTest::addRow("middle entry deleted")
            << sql({"DELETE FROM audit_entries WHERE run_id = RUN AND seq = 2"}) << 3 << 3
            << QStringLiteral("entry 2 is missing");
        QTest::addRow("first entry deleted")
            << sql({"DELETE FROM audit_entries WHERE run_id = RUN AND seq = 1"}) << 2 << 2
            << QStringLiteral("entry 1 is missing");
        QTest::addRow("last entry deleted")
            << sql({"DELETE FROM audit_entries WHERE run_id = RUN AND seq = 4"}) << 0 << 4
            << QStringLiteral("ends before");
        QTest::addRow("last two deleted")
            << sql({"DELETE FROM audit_entries WHERE run_id = RUN AND seq >= 3"}) << 0 << 3
            << QStringLiteral("ends before");
        QTest::addRow("all deleted") << sql({"DELETE FROM audit_entries WHERE run_id = RUN"}) << 0
                                     << 1 << QStringLiteral("ends before");
        QTest::addRow("seq swapped")
            << sql({"UPDATE audit_entries SET seq = -1 WHERE run_id = RUN AND seq = 2",
                    "UPDATE audit_entries SET seq = 2 WHERE run_id = RUN AND seq = 3",
                    "UPDATE audit_entries SET seq = 3 WHERE run_id = RUN AND seq = -1"})
            << 3 << 2 << prev;
        QTest::addRow("hash edited")
            << sql({"UPDATE audit_entries SET hash = replace(hash, substr(hash, 1, 1), 'x') "
                    "WHERE run_id = RUN AND seq = 2"})
            << 2 << 2 << content;
        QTest::addRow("last hash edited with its head")
            << sql({"UPDATE audit_entries SET hash = 'x' || substr(hash, 2) WHERE run_id = RUN "
                    "AND seq = 4",
                    "UPDATE runs SET audit_head = (SELECT hash FROM audit_entries WHERE run_id = "
                    "RUN AND seq = 4) WHERE id = RUN"})
            << 4 << 4 << content;
        QTest::addRow("prev_hash edited")
            << sql({"UPDATE audit_entries SET prev_hash = (SELECT hash FROM audit_entries WHERE "
                    "run_id = RUN AND seq = 1) WHERE run_id = RUN AND seq = 3"})
            << 3 << 3 << prev;
        QTest::addRow("head cleared") << sql({"UPDATE runs SET audit_head = '' WHERE id = RUN"})
                                      << 1 << 1 << QStringLiteral("records no audit entries");
        QTest::addRow("head moved back")
            << sql({"UPDATE runs SET audit_head = (SELECT hash FROM audit_entries WHERE run_id = "
                    "RUN AND seq = 2) WHERE id = RUN"})
            << 3 << 3 << QStringLiteral("after the run's recorded last entry");
        QTest::addRow("two edits, first named")
            << sql({"UPDATE audit_entries SET action = 'x' WHERE run_id = RUN AND seq = 4",
                    "UPDATE audit_entries SET actor_id = 'y' WHERE run_id = RUN AND seq = 2"})
            << 2 << 2 << content;
    }
    void tampering()
    {
        QFETCH(QStringList, statements);
        QFETCH(int, namedSeq);
        QFETCH(int, reportedSeq);
        QFETCH(QString, reason);
        const QString run = insertRun();
        const QList<AuditEntry> chain = appendEntries(run, 4);
        verifyIntact(run);

        exec(statements, run);

        const auto broken = AuditLog::verify(m_store->db().connection(), run);
        QVERIFY2(broken.has_value(), "tampering went unnoticed");
        QCOMPARE(broken->runId, run);
        QCOMPARE(broken->entryId, namedSeq ? chain.at(namedSeq - 1).id : QString());
        QCOMPARE(broken->seq, reportedSeq);
        QVERIFY2(broken->reason.contains(reason), qPrintable(broken->reason));
    }

    // An attacker who edits an entry and recomputes its hash still breaks the next link.
    void rehashedEditBreaksTheNextLink()
    {
        const QString run = insertRun();
        const QList<AuditEntry> chain = appendEntries(run, 3);
        AuditEntry forged = chain.at(1);
        forged.action = QStringLiteral("run.cancelled");
        forged.hash = AuditLog::hashOf(forged.prevHash, forged);
        SqlQuery(m_store->db().connection(),
                 QStringLiteral("UPDATE audit_entries SET action = :action, hash = :hash WHERE id "
                                "= :id"))
            .bind(QStringLiteral(":action"), forged.action)
            .bind(QStringLiteral(":hash"), forged.hash)
            .bind(QStringLiteral(":id"), forged.id)
            .exec();
        const auto broken = AuditLog::verify(m_store->db().connection(), run);
        QVERIFY(broken.has_value());
        QCOMPARE(broken->entryId, chain.at(2).id);
        QCOMPARE(broken->seq, 3);
        QVERIFY2(broken->reason.contains(QStringLiteral("prev_hash")), qPrintable(broken->reason));
    }

    // A well-formed entry slipped in at the end without moving the run's head.
    void forgedAppendIsCaught()
    {
        const QString run = insertRun();
        const QList<AuditEntry> chain = appendEntries(run, 2);
        AuditEntry forged = chain.last();
        forged.id = ids::generate(u"aud_");
        forged.seq = 3;
        forged.action = QStringLiteral("run.completed");
        forged.prevHash = chain.last().hash;
        forged.hash = AuditLog::hashOf(forged.prevHash, forged);
        AuditRepository(m_store->db().connection()).insert(forged);
        const auto broken = AuditLog::verify(m_store->db().connection(), run);
        QVERIFY(broken.has_value());
        QCOMPARE(broken->entryId, forged.id);
        QCOMPARE(broken->seq, 3);
    }

    void chainsOfRunsAreIndependent()
    {
        const QString a = insertRun();
        const QString b = insertRun();
        // Interleaved, as concurrent work on two runs would write them.
        QList<AuditEntry> chainA;
        QList<AuditEntry> chainB;
        for (int i = 0; i < 3; ++i) {
            chainA << appendEntries(a, 1, i);
            chainB << appendEntries(b, 1, i);
        }
        QCOMPARE(chainA.first().prevHash, AuditLog::kGenesis);
        QCOMPARE(chainB.first().prevHash, AuditLog::kGenesis);
        QCOMPARE(chainB.last().seq, 3);
        QCOMPARE(chainB.at(1).prevHash, chainB.at(0).hash);
        // Same content in another run hashes differently: the run id is part of what is hashed.
        QVERIFY(chainA.first().hash != chainB.first().hash);

        exec(sql({"UPDATE audit_entries SET action = 'x' WHERE run_id = RUN AND seq = 2"}), a);
        QVERIFY(AuditLog::verify(m_store->db().connection(), a).has_value());
        verifyIntact(b);
        QCOMPARE(AuditLog::entries(m_store->db().connection(), b).size(), 3);
    }

    void canonicalJsonIsStable()
    {
        AuditEntry entry;
        entry.id = QStringLiteral("aud_1");
        entry.runId = QStringLiteral("run_1");
        entry.seq = 7;
        entry.at = kStart;
        entry.actorType = QStringLiteral("user");
        entry.actorId = QStringLiteral("usr_1");
        entry.action = QStringLiteral("task.completed");
        // Inserted out of order: the bytes must not depend on how the object was built.
        QJsonObject changes;
        changes.insert(QStringLiteral("value"),
                       AuditLog::change(QJsonValue::Null, QStringLiteral("Müller, \"ok\"")));
        changes.insert(QStringLiteral("status"),
                       AuditLog::change(QStringLiteral("PENDING"), QStringLiteral("COMPLETED")));
        entry.changes = changes;
        entry.prevHash = QStringLiteral("p");
        entry.hash = QStringLiteral("h");

        const QByteArray expected =
            "{\"action\":\"task.completed\",\"actor\":{\"id\":\"usr_1\",\"type\":\"user\"},"
            "\"at\":\"1775830920000\",\"changes\":{\"status\":{\"from\":\"PENDING\",\"to\":"
            "\"COMPLETED\"},\"value\":{\"from\":null,\"to\":\"M\xc3\xbcller, \\\"ok\\\"\"}},"
            "\"id\":\"aud_1\",\"run_id\":\"run_1\",\"seq\":7}";
        QCOMPARE(AuditLog::canonicalJson(entry), expected);

        // The hashes are not part of what is hashed, and the stored form reads back the same.
        AuditEntry copy = entry;
        copy.prevHash = QStringLiteral("other");
        copy.hash.clear();
        copy.changes =
            QJsonDocument::fromJson(QJsonDocument(entry.changes).toJson(QJsonDocument::Compact))
                .object();
        QCOMPARE(AuditLog::canonicalJson(copy), expected);

        // hash = SHA-256(prev_hash bytes ‖ canonical JSON), lowercase hex.
        const QString hash = AuditLog::hashOf(AuditLog::kGenesis, entry);
        QCOMPARE(hash, QString::fromLatin1(QCryptographicHash::hash(
                                               QByteArray(AuditLog::kGenesis.toLatin1() + expected),
                                               QCryptographicHash::Sha256)
                                               .toHex()));
        QCOMPARE(hash.size(), 64);
        QVERIFY(AuditLog::hashOf(AuditLog::kGenesis, entry) == hash);
        QVERIFY(AuditLog::hashOf(QString(64, QLatin1Char('1')), entry) != hash);
    }

    // Published timestamps have whole seconds (contract §2); the hash must be recomputable
    // from them, so append keeps no sub-second digits.
    void appendKeepsWholeSeconds()
    {
        const QString run = insertRun();
        Transaction tx(m_store->db());
        const AuditEntry entry =
            AuditLog::append(tx.db(), run, Actor::system(m_orgId), QStringLiteral("run.overdue"),
                             {}, kStart.addMSecs(987));
        tx.commit();
        QCOMPARE(entry.at, kStart);
        AuditEntry published = AuditLog::entries(m_store->db().connection(), run).first();
        published.at = *timestamps::parse(timestamps::format(published.at));
        QCOMPARE(AuditLog::hashOf(AuditLog::kGenesis, published), entry.hash);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
