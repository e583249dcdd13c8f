#include "DataSourceService.h"

namespace cadenio {

DataSourceService::DataSourceService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

} // namespace cadenio
