#include "ResourceReach.h"

#include "domain/Error.h"
#include "store/TemplateRepository.h"

namespace cadenio {

void requireReach(const QSqlDatabase &db, const Actor &actor, const QString &templateId,
                  const QString &what)
{
    if (!actor.resources)
        return;
    TemplateRepository templates(db);
    const auto tmpl = templates.findTemplate(actor.orgId, templateId);
    const QStringList path =
        tmpl ? templates.folderPath(actor.orgId, tmpl->folderId) : QStringList();
    if (!actor.reaches(templateId, path))
        throw Error::notFound(what);
}

} // namespace cadenio
