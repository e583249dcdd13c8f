#include "Router.h"

namespace cadenio::api {

void Router::add(Route route)
{
    Q_ASSERT(!route.pattern.isEmpty() && route.handler);
    m_routes.append(std::move(route));
}

bool Router::matches(const QString &pattern, QStringView path, QHash<QString, QString> *parameters)
{
    const auto want = QStringView(pattern).split(QLatin1Char('/'));
    const auto got = path.split(QLatin1Char('/'));
    if (want.size() != got.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want[i].startsWith(QLatin1Char(':'))) {
            if (got[i].isEmpty())
                return false;
            found.insert(want[i].mid(1).toString(), got[i].toString());
        } else if (want[i] != got[i]) {
            return false;
        }
    }
    *parameters = std::move(found);
    return true;
}

Router::Match Router::match(QByteArrayView method, QStringView path) const
{
    Match result;
    for (const Route &route : m_routes) {
        QHash<QString, QString> parameters;
        if (!matches(route.pattern, path, &parameters))
            continue;
        if (route.method == method) {
            result.route = &route;
            result.parameters = std::move(parameters);
            result.allowedMethods.clear();
            return result;
        }
        if (!result.allowedMethods.contains(route.method))
            result.allowedMethods.append(route.method);
    }
    return result;
}

} // namespace cadenio::api
