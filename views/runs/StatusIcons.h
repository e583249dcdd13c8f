#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace cadenio::views {

// Icons for run and task statuses that differ in shape as well as colour, so a status
// reads in greyscale and for people who do not tell red from green: a ring for work in
// progress, a tick for done, a triangle with "!" for overdue, a crossed square for
// cancelled, an arrow for skipped. Keyed by the API's status codes. Each call paints the
// icon afresh: callers that draw many keep their own.
QIcon statusIcon(const QString &code);
QColor statusColour(const QString &code);

} // namespace cadenio::views
