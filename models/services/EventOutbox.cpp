#include "EventOutbox.h"

#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "store/OutboxRepository.h"

#include <QJsonDocument>

namespace cadenio::events {

QString record(const QSqlDatabase &tx, const QString &orgId, QLatin1StringView event,
               const QJsonObject &data, const QDateTime &at)
{
    const QString id = ids::generate(u"evt_");
    const QJsonObject payload{
        {QStringLiteral("id"), id},
        {QStringLiteral("event"), QString(event)},
        {QStringLiteral("timestamp"), timestamps::format(at)},
        {QStringLiteral("data"), data},
    };
    OutboxRepository(tx).insert(id, orgId, QString(event),
                                QJsonDocument(payload).toJson(QJsonDocument::Compact),
                                timestamps::toStored(at));
    return id;
}

} // namespace cadenio::events
