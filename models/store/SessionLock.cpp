#include "SessionLock.h"

#include "Database.h"
#include "SqlQuery.h"

namespace cadenio {

bool SessionLock::tryHold()
{
    const QSqlDatabase db = m_database.connection();
    const bool wasHeld = m_held;
    m_held = false; // until the store confirms it
    SqlQuery query(db, m_database.dialect().trySessionLock(m_key));
    query.exec();
    const bool held = query.next() && query.value(0).toBool();
    // The lock counts each grant; keep exactly one, so a single release() frees it.
    if (held && wasHeld)
        SqlQuery(db, m_database.dialect().releaseSessionLock(m_key)).exec();
    m_held = held;
    return held;
}

void SessionLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    SqlQuery(m_database.connection(), m_database.dialect().releaseSessionLock(m_key)).exec();
}

} // namespace cadenio
