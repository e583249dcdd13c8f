#include "FormDialogLayout.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cadenio::views {

QFormLayout *layOutFormDialog(QDialog *dialog, const QString &intro, QWidget *message,
                              QDialogButtonBox *buttons)
{
    auto *introLabel = new QLabel(intro, dialog);
    introLabel->setWordWrap(true);

    auto *form = new QFormLayout;
    // Not the style's default (macOS keeps fields at their size hint): a field with a
    // wrapped note under it needs the full width to get the height its text needs.
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    auto *layout = new QVBoxLayout(dialog);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(10);
    layout->addWidget(introLabel);
    layout->addSpacing(4);
    layout->addLayout(form);
    layout->addWidget(message);
    // Extra height goes above the buttons, so they stay at the bottom edge.
    layout->addStretch();
    layout->addWidget(buttons);
    return form;
}

} // namespace cadenio::views
