#include "TemplateRepository.h"

#include "domain/TaskDefinitionJson.h"
#include "domain/Timestamps.h"
#include "Keyset.h"
#include "SqlQuery.h"

#include <QJsonDocument>

namespace cadenio {

namespace {
const QString kTemplateColumns = QStringLiteral(
    "t.id, t.org_id, t.folder_id, t.name, t.description, t.tasks, t.published_version, "
    "t.has_unpublished_changes, t.created_at, t.updated_at, t.published_at");

QString tasksText(const QList<TaskDefinition> &tasks)
{
    return QString::fromUtf8(QJsonDocument(taskjson::toJson(tasks)).toJson(QJsonDocument::Compact));
}

QList<TaskDefinition> tasksFrom(const QString &text)
{
    // Stored definitions were validated on the way in; parse them the same way.
    return taskjson::fromJson(QJsonDocument::fromJson(text.toUtf8()).array());
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// A null QString binds as SQL NULL; an empty description is text, and the column says so.
QString nonNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

Template readTemplate(const SqlQuery &q)
{
    Template t;
    t.id = q.text(0);
    t.orgId = q.text(1);
    t.folderId = q.text(2);
    t.name = q.text(3);
    t.description = q.text(4);
    t.tasks = tasksFrom(q.text(5));
    if (!q.isNull(6))
        t.publishedVersion = int(q.integer(6));
    t.hasUnpublishedChanges = q.integer(7) != 0;
    t.createdAt = timestamps::fromStored(q.integer(8));
    t.updatedAt = timestamps::fromStored(q.integer(9));
    t.publishedAt = optionalTime(q, 10);
    return t;
}

Folder readFolder(const SqlQuery &q)
{
    return Folder{q.text(0), q.text(1), q.text(2), q.text(3), timestamps::fromStored(q.integer(4))};
}
} // namespace

void TemplateRepository::insertFolder(const Folder &folder)
{
    SqlQuery(m_db, QStringLiteral("INSERT INTO folders (id, org_id, name, parent_id, created_at) "
                                  "VALUES (:id, :org, :name, :parent, :at)"))
        .bind(QStringLiteral(":id"), folder.id)
        .bind(QStringLiteral(":org"), folder.orgId)
        .bind(QStringLiteral(":name"), folder.name)
        .bind(QStringLiteral(":parent"), nullableText(folder.parentId))
        .bind(QStringLiteral(":at"), timestamps::toStored(folder.createdAt))
        .exec();
}

std::optional<Folder> TemplateRepository::findFolder(const QString &orgId, const QString &id) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT id, org_id, name, parent_id, created_at FROM folders "
                                    "WHERE org_id = :org AND id = :id"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readFolder(q);
}

Page<Folder> TemplateRepository::listFolders(const QString &orgId, const PageRequest &request) const
{
    SqlQuery q(
        m_db,
        QStringLiteral(
            "SELECT id, org_id, name, parent_id, created_at FROM folders WHERE org_id = :org") +
            keyset::condition(request) + keyset::orderAndLimit(request));
    q.bind(QStringLiteral(":org"), orgId);
    keyset::bind(q, request);
    q.exec();
    QList<Folder> rows;
    while (q.next())
        rows.append(readFolder(q));
    return keyset::finish(std::move(rows), request, [](const Folder &f) {
        return PagePosition{timestamps::toStored(f.createdAt), f.id};
    });
}

QStringList TemplateRepository::folderPath(const QString &orgId, const QString &folderId) const
{
    QStringList path;
    QString current = folderId;
    // Folders are created under existing parents only, so the walk ends; the bound guards
    // against a store edited by hand into a loop.
    while (!current.isEmpty() && path.size() < 64 && !path.contains(current)) {
        path << current;
        const auto folder = findFolder(orgId, current);
        current = folder ? folder->parentId : QString();
    }
    return path;
}

void TemplateRepository::insertTemplate(const Template &tmpl)
{
    SqlQuery(
        m_db,
        QStringLiteral(
            "INSERT INTO templates (id, org_id, folder_id, name, description, tasks, "
            "published_version, has_unpublished_changes, created_at, updated_at, published_at) "
            "VALUES (:id, :org, :folder, :name, :description, :tasks, NULL, 1, :at, :at2, NULL)"))
        .bind(QStringLiteral(":id"), tmpl.id)
        .bind(QStringLiteral(":org"), tmpl.orgId)
        .bind(QStringLiteral(":folder"), nullableText(tmpl.folderId))
        .bind(QStringLiteral(":name"), tmpl.name)
        .bind(QStringLiteral(":description"), nonNull(tmpl.description))
        .bind(QStringLiteral(":tasks"), tasksText(tmpl.tasks))
        .bind(QStringLiteral(":at"), timestamps::toStored(tmpl.createdAt))
        .bind(QStringLiteral(":at2"), timestamps::toStored(tmpl.updatedAt))
        .exec();
}

bool TemplateRepository::lockTemplate(const QString &orgId, const QString &id)
{
    // A no-op UPDATE: the one row lock both engines understand (SQLite has no FOR UPDATE;
    // its BEGIN IMMEDIATE already serializes writers).
    SqlQuery q(m_db, QStringLiteral("UPDATE templates SET updated_at = updated_at "
                                    "WHERE org_id = :org AND id = :id"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    return q.rowsAffected() > 0;
}

void TemplateRepository::updateTemplate(const Template &tmpl)
{
    SqlQuery(
        m_db,
        QStringLiteral(
            "UPDATE templates SET folder_id = :folder, name = :name, description = :description, "
            "tasks = :tasks, published_version = :version, has_unpublished_changes = :changes, "
            "updated_at = :updated, published_at = :published WHERE id = :id AND org_id = :org"))
        .bind(QStringLiteral(":id"), tmpl.id)
        .bind(QStringLiteral(":org"), tmpl.orgId)
        .bind(QStringLiteral(":folder"), nullableText(tmpl.folderId))
        .bind(QStringLiteral(":name"), tmpl.name)
        .bind(QStringLiteral(":description"), nonNull(tmpl.description))
        .bind(QStringLiteral(":tasks"), tasksText(tmpl.tasks))
        .bind(QStringLiteral(":version"),
              nullableInteger(tmpl.publishedVersion ? std::optional<qint64>(*tmpl.publishedVersion)
                                                    : std::nullopt))
        .bind(QStringLiteral(":changes"), tmpl.hasUnpublishedChanges ? 1 : 0)
        .bind(QStringLiteral(":updated"), timestamps::toStored(tmpl.updatedAt))
        .bind(QStringLiteral(":published"), storedOrNull(tmpl.publishedAt))
        .exec();
}

std::optional<Template> TemplateRepository::findTemplate(const QString &orgId,
                                                         const QString &id) const
{
    SqlQuery q(m_db, QStringLiteral("SELECT ") + kTemplateColumns +
                         QStringLiteral(" FROM templates t WHERE t.org_id = :org AND t.id = :id"));
    q.bind(QStringLiteral(":org"), orgId).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return std::nullopt;
    return readTemplate(q);
}

Page<Template> TemplateRepository::listPublished(const QString &orgId,
                                                 const PageRequest &request) const
{
    const QString table = QStringLiteral("t");
    SqlQuery q(
        m_db,
        QStringLiteral("SELECT ") + kTemplateColumns +
            QStringLiteral(
                " FROM templates t WHERE t.org_id = :org AND t.published_version IS NOT NULL") +
            keyset::condition(request, table) + keyset::orderAndLimit(request, table));
    q.bind(QStringLiteral(":org"), orgId);
    keyset::bind(q, request);
    q.exec();
    QList<Template> rows;
    while (q.next())
        rows.append(readTemplate(q));
    return keyset::finish(std::move(rows), request, [](const Template &t) {
        return PagePosition{timestamps::toStored(t.createdAt), t.id};
    });
}

void TemplateRepository::insertVersion(const TemplateVersion &version)
{
    SqlQuery(
        m_db,
        QStringLiteral(
            "INSERT INTO template_versions (template_id, version, name, description, tasks, "
            "published_at, published_by) VALUES (:t, :v, :name, :description, :tasks, :at, :by)"))
        .bind(QStringLiteral(":t"), version.templateId)
        .bind(QStringLiteral(":v"), version.version)
        .bind(QStringLiteral(":name"), version.name)
        .bind(QStringLiteral(":description"), nonNull(version.description))
        .bind(QStringLiteral(":tasks"), tasksText(version.tasks))
        .bind(QStringLiteral(":at"), timestamps::toStored(version.publishedAt))
        .bind(QStringLiteral(":by"), version.publishedBy)
        .exec();
}

std::optional<TemplateVersion> TemplateRepository::findVersion(const QString &templateId,
                                                               int version) const
{
    SqlQuery q(
        m_db,
        QStringLiteral(
            "SELECT template_id, version, name, description, tasks, published_at, published_by "
            "FROM template_versions WHERE template_id = :t AND version = :v"));
    q.bind(QStringLiteral(":t"), templateId).bind(QStringLiteral(":v"), version).exec();
    if (!q.next())
        return std::nullopt;
    return TemplateVersion{q.text(0), int(q.integer(1)),    q.text(2),
                           q.text(3), tasksFrom(q.text(4)), timestamps::fromStored(q.integer(5)),
                           q.text(6)};
}

} // namespace cadenio
