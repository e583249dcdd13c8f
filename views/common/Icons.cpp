#include "Icons.h"

namespace cadenio::views {

QIcon consoleIcon(const QString &name)
{
    return QIcon(QStringLiteral(":/cadenio/icons/") + name + QStringLiteral(".svg"));
}

} // namespace cadenio::views
