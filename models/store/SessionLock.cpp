#include "SessionLock.h"

#include "Database.h"
#include "SqlQuery.h"

namespace cadenio {

bool SessionLock::tryHold()
{
    // Asked every time rather than remembered: a connection the server dropped and the
    // driver reopened no longer holds what the old one held.
    m_held = false; // until the store confirms it
    SqlQuery query(m_database.connection(), m_database.dialect().trySessionLock(m_key));
    query.exec();
    m_held = query.next() && query.value(0).toBool();
    return m_held;
}

void SessionLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    SqlQuery(m_database.connection(), m_database.dialect().releaseSessionLock(m_key)).exec();
}

} // namespace cadenio
