#include "AuditLog.h"

#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "store/AuditRepository.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace cadenio {

const QString AuditLog::kGenesis = QString(64, QLatin1Char('0'));

namespace {
QString actorTypeName(Actor::Type type)
{
    switch (type) {
    case Actor::Type::User:
        return QStringLiteral("user");
    case Actor::Type::ApiKey:
        return QStringLiteral("api_key");
    case Actor::Type::System:
        return QStringLiteral("system");
    }
    return {};
}
} // namespace

QByteArray AuditLog::canonicalJson(const AuditEntry &entry)
{
    // QJsonObject keeps keys sorted and compact output has no insignificant whitespace, so
    // the same entry always serialises to the same bytes. Time in stored milliseconds.
    const QJsonObject object{
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("run_id"), entry.runId},
        {QStringLiteral("seq"), entry.seq},
        {QStringLiteral("at"), QString::number(timestamps::toStored(entry.at))},
        {QStringLiteral("actor"), QJsonObject{{QStringLiteral("type"), entry.actorType},
                                              {QStringLiteral("id"), entry.actorId}}},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("changes"), entry.changes},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString AuditLog::hashOf(const QString &prevHash, const AuditEntry &entry)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(prevHash.toLatin1());
    hash.addData(canonicalJson(entry));
    return QString::fromLatin1(hash.result().toHex());
}

QJsonObject AuditLog::change(const QJsonValue &from, const QJsonValue &to)
{
    return {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
}

AuditEntry AuditLog::append(const QSqlDatabase &tx, const QString &runId, const Actor &actor,
                            const QString &action, const QJsonObject &changes, const QDateTime &at)
{
    AuditRepository audit(tx);
    const auto [head, seq] = audit.head(runId);
    AuditEntry entry;
    entry.id = ids::generate(u"aud_");
    entry.runId = runId;
    entry.seq = seq + 1;
    // Whole seconds: the API and the exports show `at` with second precision (contract §2),
    // and anyone holding them must be able to recompute the hash; sub-second digits would be
    // hashed but never published.
    entry.at = timestamps::fromStored(timestamps::toStored(at) / 1000 * 1000);
    entry.actorType = actorTypeName(actor.type);
    entry.actorId = actor.id;
    entry.action = action;
    entry.changes = changes;
    entry.prevHash = head.isEmpty() ? kGenesis : head;
    entry.hash = hashOf(entry.prevHash, entry);
    audit.insert(entry);
    audit.setHead(runId, entry.hash);
    return entry;
}

QList<AuditEntry> AuditLog::entries(const QSqlDatabase &db, const QString &runId)
{
    return AuditRepository(db).forRun(runId);
}

std::optional<AuditLog::Break> AuditLog::verify(const QSqlDatabase &db, const QString &runId)
{
    const auto chain = AuditRepository(db).chain(runId);
    if (!chain)
        return std::nullopt;
    return verify(runId, chain->head, chain->entries);
}

std::optional<AuditLog::Break> AuditLog::verify(const QString &runId, const QString &head,
                                                const QList<AuditEntry> &entries)
{
    QString expectedPrev = kGenesis;
    int expectedSeq = 1;
    for (const AuditEntry &entry : entries) {
        const auto broken = [&](const QString &reason) {
            return Break{runId, entry.id, entry.seq, reason};
        };
        if (entry.seq != expectedSeq)
            return broken(QStringLiteral("entry %1 is missing").arg(expectedSeq));
        if (entry.prevHash != expectedPrev)
            return broken(QStringLiteral("prev_hash does not match the entry before it"));
        if (hashOf(entry.prevHash, entry) != entry.hash)
            return broken(QStringLiteral("the entry's content does not match its hash"));
        // An entry that links up but comes after the head the run recorded was added
        // behind the application's back (append moves the head in the same transaction).
        if (!head.isEmpty() && expectedPrev == head)
            return broken(QStringLiteral("the entry comes after the run's recorded last entry"));
        expectedPrev = entry.hash;
        ++expectedSeq;
    }
    if (head != (expectedSeq == 1 ? QString() : expectedPrev)) {
        if (head.isEmpty())
            return Break{runId, entries.first().id, 1,
                         QStringLiteral("the run records no audit entries but has some")};
        return Break{runId, QString(), expectedSeq,
                     QStringLiteral("the chain ends before the run's last recorded entry")};
    }
    return std::nullopt;
}

} // namespace cadenio
