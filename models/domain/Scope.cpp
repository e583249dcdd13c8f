#include "Scope.h"

namespace cadenio::scopes {

const QStringList &all()
{
    static const QStringList list{
        QStringLiteral("runs:read"),         QStringLiteral("runs:write"),
        QStringLiteral("runs:execute"),      QStringLiteral("templates:read"),
        QStringLiteral("templates:write"),   QStringLiteral("templates:publish"),
        QStringLiteral("files:read"),        QStringLiteral("files:write"),
        QStringLiteral("data-sources:read"), QStringLiteral("data-sources:write"),
        QStringLiteral("users:read"),        QStringLiteral("webhooks:manage"),
    };
    return list;
}

bool isKnown(QStringView scope)
{
    return all().contains(scope);
}

} // namespace cadenio::scopes
