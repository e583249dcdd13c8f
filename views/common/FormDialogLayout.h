#pragma once

#include <QString>

class QDialog;
class QDialogButtonBox;
class QFormLayout;
class QWidget;

namespace cadenio::views {

// Lays out a dialog that asks for a few fields (Add Member, Create API Key) so they all look
// alike: a paragraph saying what the dialog does, the form, the message about what went wrong,
// and the buttons at the bottom. Returns the form, empty, for the caller's rows; the intro is
// made first so that it comes before the rows among the dialog's children, as it reads.
QFormLayout *layOutFormDialog(QDialog *dialog, const QString &intro, QWidget *message,
                              QDialogButtonBox *buttons);

} // namespace cadenio::views
