#pragma once

#include <QString>

class QDialogButtonBox;
class QPushButton;

namespace cadenio::views {

// Adds the dialog's main action ("Sign In", "Add Member") as the default button. When the
// style puts icons on dialog buttons, Cancel gets one, so this one does too; a lone icon on
// Cancel looks like a mistake.
QPushButton *addAcceptButton(QDialogButtonBox *buttons, const QString &text);

} // namespace cadenio::views
