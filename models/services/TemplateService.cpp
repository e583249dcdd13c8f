#include "TemplateService.h"

namespace cadenio {

TemplateService::TemplateService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

} // namespace cadenio
