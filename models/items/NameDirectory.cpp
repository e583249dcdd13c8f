#include "NameDirectory.h"

#include "services/TemplateService.h"
#include "services/UserService.h"

#include <QCollator>

namespace cadenio {

namespace {
constexpr int kBatch = 100;

// Every page of a newest-first list, in one pass of keyset pages.
template<typename T, typename ListPage>
QList<T> everyPage(ListPage listPage)
{
    QList<T> all;
    PageRequest request{kBatch, std::nullopt};
    for (;;) {
        Page<T> page = listPage(request);
        all.append(page.items);
        if (!page.next)
            return all;
        request.after = page.next;
    }
}
} // namespace

NameDirectory::NameDirectory(TemplateService &templates, UserService &users, Actor actor,
                             QObject *parent)
    : QObject(parent)
    , m_templates(templates)
    , m_users(users)
    , m_actor(std::move(actor))
{
    // Both signals may come from server threads; the context object queues them here.
    connect(&m_templates, &TemplateService::templateChanged, this, [this](const QString &orgId) {
        if (orgId == m_actor.orgId)
            reload();
    });
    connect(&m_users, &UserService::userCreated, this, [this](const QString &orgId) {
        if (orgId == m_actor.orgId)
            reload();
    });
    reload();
}

void NameDirectory::reload()
{
    QHash<QString, QString> templateNames;
    for (const Template &tmpl : everyPage<Template>([this](const PageRequest &request) {
             return m_templates.listPublished(m_actor, request);
         }))
        templateNames.insert(tmpl.id, tmpl.name);
    QHash<QString, QString> userNames;
    for (const User &user : everyPage<User>(
             [this](const PageRequest &request) { return m_users.list(m_actor, request); }))
        userNames.insert(user.id, user.name.isEmpty() ? user.email : user.name);
    m_templateNames = std::move(templateNames);
    m_userNames = std::move(userNames);
    emit changed();
}

QString NameDirectory::templateName(const QString &id) const
{
    return m_templateNames.value(id, id);
}

QString NameDirectory::userName(const QString &id) const
{
    return m_userNames.value(id, id);
}

QList<NameDirectory::Entry> NameDirectory::templates() const
{
    return sorted(m_templateNames);
}

QList<NameDirectory::Entry> NameDirectory::users() const
{
    return sorted(m_userNames);
}

QList<NameDirectory::Entry> NameDirectory::sorted(const QHash<QString, QString> &names)
{
    QList<Entry> entries;
    for (auto it = names.begin(); it != names.end(); ++it)
        entries.append({it.key(), it.value()});
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
        const int byName = collator.compare(a.second, b.second);
        return byName != 0 ? byName < 0 : a.first < b.first;
    });
    return entries;
}

} // namespace cadenio
