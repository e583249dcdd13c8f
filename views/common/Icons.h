#pragma once

#include <QIcon>

namespace cadenio::views {

// The console's own icon set (resources/icons/*.svg, compiled into the views library): one
// look on every desktop, whatever icon theme it has or lacks. `name` is the file's base
// name, e.g. "keys".
QIcon consoleIcon(const QString &name);
// The same for the one-colour outline icons of lists (the navigation): white while the
// item is selected.
QIcon selectableIcon(const QString &name);

} // namespace cadenio::views
