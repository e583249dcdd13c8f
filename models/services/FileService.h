#pragma once

#include <QObject>

namespace cadenio {

class Database;

class FileService : public QObject
{
    Q_OBJECT
public:
    explicit FileService(const Database &database, QObject *parent = nullptr);

private:
    const Database &m_database;
};

} // namespace cadenio
