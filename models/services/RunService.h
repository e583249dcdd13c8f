#pragma once

#include <QObject>

namespace cadenio {

class Database;

class RunService : public QObject
{
    Q_OBJECT
public:
    explicit RunService(const Database &database, QObject *parent = nullptr);

private:
    const Database &m_database;
};

} // namespace cadenio
