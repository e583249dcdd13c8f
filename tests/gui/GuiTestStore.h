#pragma once

// A real SQLite store in a temporary folder with every service wired to it, and shortcuts
// for the data GUI tests need: an organization with its owner, members of each role, and
// sessions for them.

#include "domain/Ids.h"
#include "domain/Role.h"
#include "domain/Session.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/DatabaseUrl.h"
#include "store/MemorySecretStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

class GuiTestStore
{
public:
    static inline const QString kPassword = QStringLiteral("correct horse battery staple");

    GuiTestStore()
        : m_database(cadenio::DatabaseUrl::sqliteFile(m_dir.filePath(QStringLiteral("console.db"))))
    {
        if (!m_dir.isValid())
            qFatal("GuiTestStore: no temporary folder");
        m_database.open();
        m_services = std::make_unique<cadenio::Services>(m_database, m_secrets);
    }

    cadenio::Services &services() { return *m_services; }
    const cadenio::Database &database() const { return m_database; }

    // The organization "Acme" and its owner, as the setup wizard would create them.
    cadenio::SetupService::Result initialize()
    {
        cadenio::SetupService::Request request;
        request.orgName = QStringLiteral("Acme");
        request.ownerEmail = QStringLiteral("owner@acme.test");
        request.ownerName = QStringLiteral("Olivia Owner");
        request.ownerPassword = kPassword;
        m_setup = m_services->setup().initialize(request);
        return m_setup;
    }

    const cadenio::User &owner() const { return m_setup.owner; }
    const cadenio::Org &org() const { return m_setup.org; }

    cadenio::User addUser(cadenio::Role role, const QString &email, const QString &name)
    {
        cadenio::UserService::NewUser request;
        request.email = email;
        request.name = name;
        request.role = role;
        request.password = kPassword;
        return m_services->users().create(cadenio::Actor::system(m_setup.org.id), request);
    }

    // A user of `role`: the owner for OWNER, a newly added member otherwise.
    cadenio::User userWithRole(cadenio::Role role)
    {
        if (role == cadenio::Role::Owner)
            return owner();
        const QString code = cadenio::roleName(role).toLower();
        return addUser(role, code + QStringLiteral("@acme.test"),
                       QStringLiteral("Test ") + cadenio::roleName(role));
    }

    cadenio::Actor actorFor(const cadenio::User &user) const
    {
        return cadenio::Actor::user(user.id, m_setup.org.id, user.role);
    }

    // A published template with one task per definition, created and published by the owner.
    QString publishTemplate(const QString &name, const QList<cadenio::TaskDefinition> &tasks)
    {
        cadenio::TemplateService::NewTemplate request;
        request.name = name;
        request.tasks = tasks;
        const cadenio::Actor owner = actorFor(m_setup.owner);
        const cadenio::Template draft = m_services->templates().createTemplate(owner, request);
        return m_services->templates().publish(owner, draft.id).id;
    }

    static cadenio::TaskDefinition task(const QString &name, cadenio::FieldSpec::Type type,
                                        bool required = true)
    {
        cadenio::TaskDefinition definition;
        definition.id = cadenio::ids::generate(u"tdef_");
        definition.name = name;
        definition.required = required;
        definition.field.type = type;
        if (type == cadenio::FieldSpec::Type::Select ||
            type == cadenio::FieldSpec::Type::MultiSelect)
            definition.field.options = {QStringLiteral("yes"), QStringLiteral("no")};
        return definition;
    }

    cadenio::Run launchRun(const QString &templateId, const QString &name,
                           const QString &assigneeId = {})
    {
        cadenio::RunService::LaunchRequest request;
        request.templateId = templateId;
        request.name = name;
        request.assigneeId = assigneeId;
        return m_services->runs().launch(actorFor(m_setup.owner), request);
    }

    cadenio::Session sessionFor(const cadenio::User &user)
    {
        return m_services->sessions().signIn(user.email, kPassword, QStringLiteral("test")).session;
    }

private:
    QTemporaryDir m_dir;
    cadenio::Database m_database;
    cadenio::MemorySecretStore m_secrets;
    std::unique_ptr<cadenio::Services> m_services;
    cadenio::SetupService::Result m_setup;
};
