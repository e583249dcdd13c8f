#include "WebhookService.h"

namespace cadenio {

WebhookService::WebhookService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

} // namespace cadenio
