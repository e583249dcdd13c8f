#include "Transaction.h"

#include "Database.h"
#include "SqlQuery.h"

#include <QLoggingCategory>
#include <QSqlQuery>

namespace cadenio {

Transaction::Transaction(const Database &database)
    : m_db(database.connection())
{
    SqlQuery::run(m_db, database.dialect().beginWrite());
    m_open = true;
}

Transaction::~Transaction()
{
    if (m_open) {
        QSqlQuery rollback(m_db);
        if (!rollback.exec(QStringLiteral("ROLLBACK")))
            qWarning("cadenio.store: rollback failed");
    }
}

void Transaction::commit()
{
    SqlQuery::run(m_db, QStringLiteral("COMMIT"));
    m_open = false;
}

} // namespace cadenio
