#pragma once

#include "domain/Actor.h"

#include <QSqlDatabase>
#include <QString>

namespace cadenio {

// NOT_FOUND naming `what` when an actor limited to selected templates and folders (an API
// key in SELECTED mode) does not reach the template, looked up with its folder path; a
// resource outside the key's reach is indistinguishable from a missing one.
void requireReach(const QSqlDatabase &db, const Actor &actor, const QString &templateId,
                  const QString &what);

} // namespace cadenio
