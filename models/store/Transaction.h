#pragma once

#include <QSqlDatabase>

namespace cadenio {

class Database;

// A write transaction on this thread's connection: commit() or it rolls back when it
// goes out of scope (an exception, an early return). A change and the rows that record
// it (audit, outbox) always share one of these.
class Transaction
{
public:
    explicit Transaction(const Database &database);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    const QSqlDatabase &db() const { return m_db; }
    void commit();

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace cadenio
