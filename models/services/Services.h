#pragma once

#include "DataSourceService.h"
#include "FileService.h"
#include "KeyService.h"
#include "LoginThrottle.h"
#include "OrgService.h"
#include "RunService.h"
#include "SessionService.h"
#include "SetupService.h"
#include "TemplateService.h"
#include "UserService.h"
#include "WebhookService.h"

#include <memory>

namespace cadenio {

class Database;
class SecretStore;

// Every service of one store, wired once and shared by the GUI and the HTTP server.
// Services are thread-safe: they keep no per-request state and use the calling thread's
// connection.
class Services
{
public:
    // `database` must already be open. Opens the instance's master secret (see
    // openMasterKey()); throws SecretStoreError when it cannot.
    Services(const Database &database, SecretStore &secrets);
    ~Services();

    const Database &database() const { return m_database; }
    SetupService &setup() { return *m_setup; }
    SessionService &sessions() { return *m_sessions; }
    UserService &users() { return *m_users; }
    OrgService &org() { return *m_org; }
    KeyService &keys() { return *m_keys; }
    TemplateService &templates() { return *m_templates; }
    RunService &runs() { return *m_runs; }
    WebhookService &webhooks() { return *m_webhooks; }
    FileService &files() { return *m_files; }
    DataSourceService &dataSources() { return *m_dataSources; }

private:
    const Database &m_database;
    LoginThrottle m_throttle;
    std::unique_ptr<SetupService> m_setup;
    std::unique_ptr<SessionService> m_sessions;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<OrgService> m_org;
    std::unique_ptr<KeyService> m_keys;
    std::unique_ptr<TemplateService> m_templates;
    std::unique_ptr<RunService> m_runs;
    std::unique_ptr<WebhookService> m_webhooks;
    std::unique_ptr<FileService> m_files;
    std::unique_ptr<DataSourceService> m_dataSources;
};

} // namespace cadenio
