#include "Services.h"

#include "InstanceSecret.h"

namespace cadenio {

Services::Services(const Database &database, SecretStore &secrets)
    : m_database(database)
    , m_setup(std::make_unique<SetupService>(database))
{
    const MasterKey key = openMasterKey(database, secrets);
    m_sessions = std::make_unique<SessionService>(database, key, m_throttle);
    m_users = std::make_unique<UserService>(database);
    m_org = std::make_unique<OrgService>(database);
    m_keys = std::make_unique<KeyService>(database, key);
    m_templates = std::make_unique<TemplateService>(database);
    m_runs = std::make_unique<RunService>(database);
    m_webhooks = std::make_unique<WebhookService>(database, key);
    m_files = std::make_unique<FileService>(database);
    m_dataSources = std::make_unique<DataSourceService>(database);
}

Services::~Services() = default;

} // namespace cadenio
