#pragma once

#include <QtGlobal>

namespace cadenio {

class Database;

// A lock that at most one connection to the store holds at a time, kept until released or
// until the connection ends: a crashed or killed instance loses it at once, and another
// instance takes it at its next try. Picks the one instance that does a job every instance
// could do (the deadline check). On SQLite every caller holds it: the store is one
// process's own. Belongs to the thread that uses it (the lock lives on that thread's
// connection).
class SessionLock
{
public:
    SessionLock(const Database &database, qint64 key)
        : m_database(database)
        , m_key(key)
    {}
    ~SessionLock() = default;
    SessionLock(const SessionLock &) = delete;
    SessionLock &operator=(const SessionLock &) = delete;

    // Takes the lock if it is free, or confirms it is still held: true while this
    // connection holds it. Cheap (one round trip), meant to be called before each job.
    // Throws StoreError when the store cannot answer.
    bool tryHold();
    // Gives the lock up, so another instance can take it without waiting for this
    // connection to end.
    void release();
    bool isHeld() const { return m_held; }

private:
    const Database &m_database;
    qint64 m_key;
    bool m_held = false;
};

} // namespace cadenio
