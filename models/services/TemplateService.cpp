#include "TemplateService.h"

#include "domain/Error.h"
#include "domain/Ids.h"
#include "domain/TaskDefinitionJson.h"
#include "domain/Timestamps.h"
#include "store/Database.h"
#include "store/DataSourceRepository.h"
#include "store/Keyset.h"
#include "store/TemplateRepository.h"
#include "store/Transaction.h"
#include "store/UserRepository.h"
#include "UserRules.h"

#include <QHash>
#include <QJsonDocument>

namespace cadenio {

namespace {
constexpr int kMaxDescriptionLength = 10000;
// TemplateRepository::folderPath() stops after 64 levels; staying well below keeps every
// folder's path, and so what a SELECTED key reaches, exact.
constexpr int kMaxFolderDepth = 32;
// Rows read per round when a list is filtered for a SELECTED key.
constexpr int kScanBatch = 100;

void requireWriter(const Actor &actor)
{
    // API keys carry no role: their scopes were checked at the route.
    if (actor.type == Actor::Type::User && !actor.hasRole(Roles::writers()))
        throw Error::forbidden(QStringLiteral("Your role (%1) may not change folders or templates.")
                                   .arg(roleName(actor.role.value_or(Role::Auditor))));
}

QString checkedDescription(const QString &value)
{
    if (value.size() > kMaxDescriptionLength)
        throw Error::unprocessable(QStringLiteral("description"),
                                   QStringLiteral("'description' must be at most %1 characters.")
                                       .arg(kMaxDescriptionLength));
    return value;
}

QByteArray canonical(const QList<TaskDefinition> &tasks)
{
    // Compared as stored: the JSON form is what a version keeps, and it compares numbers
    // and nested values the same way whichever route they took in.
    return QJsonDocument(taskjson::toJson(tasks)).toJson(QJsonDocument::Compact);
}

void checkAssignees(const QSqlDatabase &db, const QString &orgId,
                    const QList<TaskDefinition> &tasks)
{
    const UserRepository users(db);
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const QString &assignee = tasks.at(i).assigneeId;
        if (assignee.isEmpty() || users.find(orgId, assignee))
            continue;
        const QString path = QStringLiteral("tasks[%1].assignee_id").arg(i);
        throw Error::unprocessable(
            path, QStringLiteral("'%1' must be an active member of the organization.").arg(path));
    }
}

// A data_source field offers the records of its data source and takes one of their ids; a
// data source that does not exist, or is another organization's, could offer none.
void checkDataSources(const QSqlDatabase &db, const QString &orgId,
                      const QList<TaskDefinition> &tasks)
{
    const DataSourceRepository sources(db);
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const FieldSpec &field = tasks.at(i).field;
        if (field.type != FieldSpec::Type::DataSource ||
            sources.findDataSource(orgId, field.dataSourceId))
            continue;
        const QString path = QStringLiteral("tasks[%1].field.data_source_id").arg(i);
        throw Error::unprocessable(
            path,
            QStringLiteral("'%1' does not name a data source of this organization.").arg(path));
    }
}

// What task definitions refer to must exist in the organization.
void checkReferences(const QSqlDatabase &db, const QString &orgId,
                     const QList<TaskDefinition> &tasks)
{
    checkAssignees(db, orgId, tasks);
    checkDataSources(db, orgId, tasks);
}

// True unless `tmpl`'s draft is exactly its latest published version.
bool differsFromPublished(const TemplateRepository &repository, const Template &tmpl)
{
    if (!tmpl.publishedVersion)
        return true;
    const auto version = repository.findVersion(tmpl.id, *tmpl.publishedVersion);
    return !version || version->name != tmpl.name || version->description != tmpl.description ||
           canonical(version->tasks) != canonical(tmpl.tasks);
}

PagePosition positionOf(const Template &tmpl)
{
    return PagePosition{timestamps::toStored(tmpl.createdAt), tmpl.id};
}

PagePosition folderPosition(const Folder &folder)
{
    return PagePosition{timestamps::toStored(folder.createdAt), folder.id};
}

// What one actor reaches, with folder paths looked up once per call.
class Reach
{
public:
    Reach(const Actor &actor, const TemplateRepository &repository)
        : m_actor(actor)
        , m_repository(repository)
    {}

    bool isLimited() const { return m_actor.resources.has_value(); }

    QStringList pathOf(const QString &folderId)
    {
        if (folderId.isEmpty())
            return {};
        auto it = m_paths.find(folderId);
        if (it == m_paths.end())
            it = m_paths.insert(folderId, m_repository.folderPath(m_actor.orgId, folderId));
        return *it;
    }

    bool reachesTemplate(const Template &tmpl)
    {
        return !isLimited() || m_actor.reaches(tmpl.id, pathOf(tmpl.folderId));
    }

    // A folder is reached when it or one of its ancestors was selected; selecting a
    // template does not reveal its folder.
    bool reachesFolder(const QString &folderId)
    {
        return !isLimited() ||
               (!folderId.isEmpty() && m_actor.reaches(QString(), pathOf(folderId)));
    }

    // An existing folder the actor reaches, or UNPROCESSABLE naming `field`. The same
    // answer for a folder that does not exist and one outside a key's reach, so a key
    // learns nothing about folders it cannot see. Returns the folder's path.
    QStringList requireFolder(const QString &folderId, const QString &field)
    {
        if (folderId.isEmpty())
            return {};
        if (!m_repository.findFolder(m_actor.orgId, folderId) || !reachesFolder(folderId)) {
            throw Error::unprocessable(
                field,
                QStringLiteral("'%1' does not name a folder of this organization.").arg(field));
        }
        return pathOf(folderId);
    }

private:
    const Actor &m_actor;
    const TemplateRepository &m_repository;
    QHash<QString, QStringList> m_paths;
};

// A page of the items a limited actor reaches. Reads on in batches until it holds one
// item more than the page (which is how keyset::finish knows there is more) or the rows
// run out, so a page is as full as the unfiltered one would be and its cursor is the
// position of the last item returned: nothing is skipped and nothing repeats.
template<typename T, typename Fetch, typename Keep, typename PositionOf>
Page<T> reachablePage(const PageRequest &request, Fetch fetch, Keep keep, PositionOf position)
{
    QList<T> kept;
    PageRequest batch{std::max(request.limit, kScanBatch), request.after};
    for (;;) {
        const Page<T> page = fetch(batch);
        for (const T &item : page.items) {
            if (!keep(item))
                continue;
            kept.append(item);
            if (kept.size() > request.limit)
                return keyset::finish(std::move(kept), request, position);
        }
        if (!page.next)
            break;
        batch.after = page.next;
    }
    return keyset::finish(std::move(kept), request, position);
}

Error templateNotFound()
{
    return Error::notFound(QStringLiteral("template"));
}

// The template, locked for the rest of the transaction (edits and publishes read, then
// write), or NOT_FOUND when it does not exist or the actor does not reach it.
std::optional<Template> lockReached(TemplateRepository &repository, Reach &reach,
                                    const QString &orgId, const QString &id)
{
    if (!repository.lockTemplate(orgId, id))
        throw templateNotFound();
    auto found = repository.findTemplate(orgId, id);
    if (!found || !reach.reachesTemplate(*found))
        throw templateNotFound();
    return found;
}
} // namespace

TemplateService::TemplateService(const Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

Folder TemplateService::createFolder(const Actor &actor, const QString &name,
                                     const QString &parentId)
{
    requireWriter(actor);
    Folder folder;
    folder.name = userrules::name(name);
    folder.parentId = parentId;

    Transaction tx(m_database);
    TemplateRepository repository(tx.db());
    Reach reach(actor, repository);
    if (!parentId.isEmpty()) {
        if (reach.requireFolder(parentId, QStringLiteral("parent_id")).size() >= kMaxFolderDepth)
            throw Error::unprocessable(
                QStringLiteral("parent_id"),
                QStringLiteral("Folders nest at most %1 levels deep.").arg(kMaxFolderDepth));
    } else if (reach.isLimited()) {
        // A new top-level folder would be outside this key's reach the moment it exists.
        throw Error::forbidden(
            QStringLiteral("This API key reaches selected folders only; create the folder in "
                           "one of them (parent_id)."));
    }
    folder.id = ids::generate(u"fld_");
    folder.orgId = actor.orgId;
    folder.createdAt = timestamps::now();
    repository.insertFolder(folder);
    tx.commit();
    emit folderCreated(folder.orgId, folder.id);
    return folder;
}

Page<Folder> TemplateService::listFolders(const Actor &actor, const PageRequest &request) const
{
    const TemplateRepository repository(m_database.connection());
    if (!actor.resources)
        return repository.listFolders(actor.orgId, request);
    Reach reach(actor, repository);
    return reachablePage<Folder>(
        request,
        [&](const PageRequest &batch) { return repository.listFolders(actor.orgId, batch); },
        [&](const Folder &folder) { return reach.reachesFolder(folder.id); }, folderPosition);
}

Template TemplateService::createTemplate(const Actor &actor, const NewTemplate &request)
{
    requireWriter(actor);
    Template tmpl;
    tmpl.name = userrules::name(request.name);
    tmpl.description = checkedDescription(request.description);
    tmpl.folderId = request.folderId;
    tmpl.tasks = request.tasks;
    tmpl.id = ids::generate(u"tmpl_");
    tmpl.orgId = actor.orgId;
    tmpl.hasUnpublishedChanges = true;
    tmpl.createdAt = timestamps::now();
    tmpl.updatedAt = tmpl.createdAt;

    Transaction tx(m_database);
    TemplateRepository repository(tx.db());
    Reach reach(actor, repository);
    reach.requireFolder(tmpl.folderId, QStringLiteral("folder_id"));
    if (!reach.reachesTemplate(tmpl)) {
        // A new id is in no key's list: only a selected folder can hold what a key creates.
        throw Error::forbidden(
            QStringLiteral("This API key reaches selected folders only; create the template "
                           "in one of them (folder_id)."));
    }
    checkReferences(tx.db(), actor.orgId, tmpl.tasks);
    repository.insertTemplate(tmpl);
    tx.commit();
    emit templateChanged(tmpl.orgId, tmpl.id);
    return tmpl;
}

Template TemplateService::updateDraft(const Actor &actor, const QString &id, const Changes &changes)
{
    requireWriter(actor);
    Transaction tx(m_database);
    TemplateRepository repository(tx.db());
    Reach reach(actor, repository);
    const std::optional<Template> found = lockReached(repository, reach, actor.orgId, id);

    Template tmpl = *found;
    if (changes.name)
        tmpl.name = userrules::name(*changes.name);
    if (changes.description)
        tmpl.description = checkedDescription(*changes.description);
    if (changes.folderId) {
        tmpl.folderId = *changes.folderId;
        reach.requireFolder(tmpl.folderId, QStringLiteral("folder_id"));
        if (!reach.reachesTemplate(tmpl))
            throw Error::forbidden(
                QStringLiteral("That move would take the template out of this API key's reach."));
    }
    if (changes.tasks) {
        tmpl.tasks = *changes.tasks;
        // Only new task lists are checked: a member who left since must not block an
        // unrelated rename. Publishing checks every reference again.
        checkReferences(tx.db(), actor.orgId, tmpl.tasks);
    }
    const bool changed = tmpl.name != found->name || tmpl.description != found->description ||
                         tmpl.folderId != found->folderId ||
                         canonical(tmpl.tasks) != canonical(found->tasks);
    if (!changed)
        return tmpl; // nothing to write; updated_at stays what it was

    tmpl.hasUnpublishedChanges = differsFromPublished(repository, tmpl);
    tmpl.updatedAt = timestamps::now();
    repository.updateTemplate(tmpl);
    tx.commit();
    emit templateChanged(tmpl.orgId, tmpl.id);
    return tmpl;
}

Template TemplateService::publish(const Actor &actor, const QString &id)
{
    requireWriter(actor);
    Transaction tx(m_database);
    TemplateRepository repository(tx.db());
    Reach reach(actor, repository);
    const std::optional<Template> found = lockReached(repository, reach, actor.orgId, id);

    Template tmpl = *found;
    if (!differsFromPublished(repository, tmpl)) {
        throw Error(Error::Code::Unprocessable,
                    QStringLiteral("Nothing to publish: the draft is version %1 already.")
                        .arg(tmpl.publishedVersion.value_or(0)));
    }
    if (tmpl.tasks.isEmpty())
        throw Error::unprocessable(QStringLiteral("tasks"),
                                   QStringLiteral("A template needs at least one task before it "
                                                  "can be published."));
    // Runs assign from the version; someone who left since the draft was saved must not
    // end up on every future run.
    checkReferences(tx.db(), actor.orgId, tmpl.tasks);

    const QDateTime now = timestamps::now();
    const TemplateVersion frozen{tmpl.id,    tmpl.publishedVersion.value_or(0) + 1,
                                 tmpl.name,  tmpl.description,
                                 tmpl.tasks, now,
                                 actor.id};
    repository.insertVersion(frozen);
    tmpl.publishedVersion = frozen.version;
    tmpl.publishedAt = now;
    tmpl.updatedAt = now;
    tmpl.hasUnpublishedChanges = false;
    repository.updateTemplate(tmpl);
    tx.commit();
    emit templateChanged(tmpl.orgId, tmpl.id);
    return tmpl;
}

Template TemplateService::get(const Actor &actor, const QString &id) const
{
    const TemplateRepository repository(m_database.connection());
    const auto found = repository.findTemplate(actor.orgId, id);
    Reach reach(actor, repository);
    if (!found || !reach.reachesTemplate(*found))
        throw templateNotFound();
    return *found;
}

Page<Template> TemplateService::listPublished(const Actor &actor, const PageRequest &request) const
{
    const TemplateRepository repository(m_database.connection());
    if (!actor.resources)
        return repository.listPublished(actor.orgId, request);
    Reach reach(actor, repository);
    return reachablePage<Template>(
        request,
        [&](const PageRequest &batch) { return repository.listPublished(actor.orgId, batch); },
        [&](const Template &tmpl) { return reach.reachesTemplate(tmpl); }, positionOf);
}

TemplateVersion TemplateService::version(const Actor &actor, const QString &id, int number) const
{
    const Template tmpl = get(actor, id);
    const auto found = TemplateRepository(m_database.connection()).findVersion(tmpl.id, number);
    if (!found)
        throw Error::notFound(QStringLiteral("template version"));
    return *found;
}

} // namespace cadenio
