#include "RunService.h"

namespace cadenio {

RunService::RunService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

} // namespace cadenio
