#pragma once

#include <QObject>

namespace cadenio {

class Database;

class DataSourceService : public QObject
{
    Q_OBJECT
public:
    explicit DataSourceService(const Database &database, QObject *parent = nullptr);

private:
    const Database &m_database;
};

} // namespace cadenio
