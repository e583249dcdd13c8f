#pragma once

#include "ApiRequest.h"
#include "auth/Principal.h"
#include "domain/Error.h"
#include "JsonReader.h"
#include "Pagination.h"

#include <QHash>

namespace cadenio {
class Services;
}

namespace cadenio::api {

// What a handler gets: the request, its path parameters, who sent it, and the services.
struct RequestContext
{
    const ApiRequest &request;
    QHash<QString, QString> parameters;
    Principal principal;
    Services &services;

    QString parameter(const QString &name) const { return parameters.value(name); }
    const Actor &actor() const { return principal.actor; }
    JsonReader json(std::initializer_list<QStringView> allowed) const
    {
        return JsonReader::parse(request.body, allowed);
    }
    PageRequest page() const { return pagination::read(request.query); }

    // For endpoints of resources that belong to a template (templates, runs, files): an
    // API key in resource mode SELECTED that does not reach it gets 404, exactly as if the
    // resource did not exist. `folderPath`: the template's folder and its ancestors.
    void requireReach(const QString &templateId, const QStringList &folderPath,
                      const QString &what) const
    {
        if (!actor().reaches(templateId, folderPath))
            throw Error::notFound(what);
    }
};

} // namespace cadenio::api
