#include "FileService.h"

namespace cadenio {

FileService::FileService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

} // namespace cadenio
