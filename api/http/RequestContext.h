#pragma once

#include "ApiRequest.h"
#include "auth/Principal.h"
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
};

} // namespace cadenio::api
