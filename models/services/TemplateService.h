#pragma once

#include "domain/Actor.h"
#include "domain/Template.h"
#include "store/Page.h"

#include <QObject>

#include <optional>

namespace cadenio {

class Database;

// Folders and templates. A template is edited as a draft; publishing freezes the draft as
// the next immutable version, which is what runs launch from. Users write by role (OWNER,
// ADMIN, MEMBER); API keys by scope, checked at the route. A key in resource mode SELECTED
// sees only the templates and folders it reaches: everything else is NOT_FOUND to it and
// missing from its lists.
class TemplateService : public QObject
{
    Q_OBJECT
public:
    struct NewTemplate
    {
        QString name;
        QString description;
        QString folderId; // empty: top level
        QList<TaskDefinition> tasks;
    };

    // Only what is set changes.
    struct Changes
    {
        std::optional<QString> name;
        std::optional<QString> description;
        std::optional<QString> folderId; // set to an empty string: move to the top level
        std::optional<QList<TaskDefinition>> tasks;
    };

    explicit TemplateService(const Database &database, QObject *parent = nullptr);

    // An unknown (or unreached) parent is UNPROCESSABLE naming `parent_id`.
    Folder createFolder(const Actor &actor, const QString &name, const QString &parentId = {});
    Page<Folder> listFolders(const Actor &actor, const PageRequest &request) const;

    // A new DRAFT. Unknown folder → UNPROCESSABLE `folder_id`; an assignee who is not an
    // active member → UNPROCESSABLE `tasks[i].assignee_id`.
    Template createTemplate(const Actor &actor, const NewTemplate &request);
    // Edits the draft; the published version keeps serving until the next publish.
    Template updateDraft(const Actor &actor, const QString &id, const Changes &changes);
    // Freezes the draft as version + 1. UNPROCESSABLE when the draft has no tasks or is
    // the latest version already.
    Template publish(const Actor &actor, const QString &id);

    Template get(const Actor &actor, const QString &id) const;
    // Templates with a published version, newest first.
    Page<Template> listPublished(const Actor &actor, const PageRequest &request) const;
    // A published version of a template the actor reaches; NOT_FOUND otherwise.
    TemplateVersion version(const Actor &actor, const QString &id, int number) const;

signals:
    void templateChanged(const QString &orgId, const QString &templateId);
    void folderCreated(const QString &orgId, const QString &folderId);

private:
    const Database &m_database;
};

} // namespace cadenio
