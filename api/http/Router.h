#pragma once

#include "Route.h"

#include <QHash>

namespace cadenio::api {

class Router
{
public:
    struct Match
    {
        const Route *route = nullptr;
        QHash<QString, QString> parameters;
        QList<QByteArray> allowedMethods; // the path exists, but not with this method
    };

    void add(Route route);
    Match match(QByteArrayView method, QStringView path) const;
    const QList<Route> &routes() const { return m_routes; }

private:
    static bool matches(const QString &pattern, QStringView path,
                        QHash<QString, QString> *parameters);
    QList<Route> m_routes;
};

} // namespace cadenio::api
