#pragma once

#include <QObject>

namespace cadenio {

class Database;

class TemplateService : public QObject
{
    Q_OBJECT
public:
    explicit TemplateService(const Database &database, QObject *parent = nullptr);

private:
    const Database &m_database;
};

} // namespace cadenio
