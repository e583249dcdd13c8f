#pragma once

#include "domain/Template.h"
#include "Page.h"

#include <QSqlDatabase>

#include <optional>

namespace cadenio {

// Folders, templates (their drafts) and their immutable published versions.
class TemplateRepository
{
public:
    explicit TemplateRepository(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    // Folders
    void insertFolder(const Folder &folder);
    std::optional<Folder> findFolder(const QString &orgId, const QString &id) const;
    Page<Folder> listFolders(const QString &orgId, const PageRequest &request) const;
    // The folder and its ancestors, innermost first; empty for an empty id.
    QStringList folderPath(const QString &orgId, const QString &folderId) const;

    // Templates
    void insertTemplate(const Template &tmpl);
    // Takes the template's row lock for the rest of the transaction, so a read-modify-write
    // (publish: read version n, insert n + 1) cannot interleave with another on PostgreSQL,
    // where BEGIN alone locks nothing. False when there is no such template.
    bool lockTemplate(const QString &orgId, const QString &id);
    // Saves name, description, folder, draft tasks, the publish state and updated_at.
    void updateTemplate(const Template &tmpl);
    std::optional<Template> findTemplate(const QString &orgId, const QString &id) const;
    // Templates that have a published version, newest first.
    Page<Template> listPublished(const QString &orgId, const PageRequest &request) const;

    // Versions
    void insertVersion(const TemplateVersion &version);
    std::optional<TemplateVersion> findVersion(const QString &templateId, int version) const;

private:
    QSqlDatabase m_db;
};

} // namespace cadenio
