#pragma once

#include <QDateTime>
#include <QJsonObject>

namespace cadenio {

// One link of a run's audit chain. `hash` = SHA-256 over `prevHash` and the entry's
// canonical JSON (see AuditLog), so changing or removing any entry breaks every later link.
struct AuditEntry
{
    QString id; // "aud_…"
    QString runId;
    int seq = 0; // 1, 2, 3… per run
    QDateTime at;
    QString actorType; // "user" | "api_key" | "system"
    QString actorId;
    QString action;      // "run.created", "task.completed", …
    QJsonObject changes; // {field: {"from", "to"}}
    QString prevHash;
    QString hash;
};

} // namespace cadenio
