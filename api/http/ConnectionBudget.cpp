#include "ConnectionBudget.h"

namespace cadenio::api {

ConnectionLimits ConnectionBudget::limits() const
{
    QMutexLocker lock(&m_mutex);
    return m_limits;
}

void ConnectionBudget::setLimits(const ConnectionLimits &limits)
{
    QMutexLocker lock(&m_mutex);
    m_limits = limits;
}

ConnectionBudget::Refusal ConnectionBudget::acquire(const QString &client)
{
    QMutexLocker lock(&m_mutex);
    if (m_total >= m_limits.maxConnections)
        return Refusal::TooMany;
    int &mine = m_perClient[client];
    if (mine >= m_limits.maxConnectionsPerClient) {
        if (mine == 0)
            m_perClient.remove(client);
        return Refusal::TooManyFromClient;
    }
    ++mine;
    ++m_total;
    return Refusal::None;
}

void ConnectionBudget::release(const QString &client)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_perClient.find(client);
    Q_ASSERT(it != m_perClient.end() && m_total > 0);
    if (it == m_perClient.end())
        return;
    if (--it.value() == 0)
        m_perClient.erase(it);
    --m_total;
}

int ConnectionBudget::openConnections() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

} // namespace cadenio::api
