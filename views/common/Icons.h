#pragma once

#include <QIcon>

namespace cadenio::views {

// The console's own icon set (resources/icons/*.svg, compiled into the views library): one
// look on every desktop, whatever icon theme it has or lacks. `name` is the file's base
// name, e.g. "keys".
QIcon consoleIcon(const QString &name);

} // namespace cadenio::views
