#pragma once

#include <QObject>

namespace cadenio {

class Database;

class WebhookService : public QObject
{
    Q_OBJECT
public:
    explicit WebhookService(const Database &database, QObject *parent = nullptr);

private:
    const Database &m_database;
};

} // namespace cadenio
