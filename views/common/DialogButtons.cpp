#include "DialogButtons.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QStyle>

namespace cadenio::views {

QPushButton *addAcceptButton(QDialogButtonBox *buttons, const QString &text)
{
    QPushButton *button = buttons->addButton(text, QDialogButtonBox::AcceptRole);
    button->setDefault(true);
    if (buttons->style()->styleHint(QStyle::SH_DialogButtonBox_ButtonsHaveIcons, nullptr, buttons))
        button->setIcon(
            buttons->style()->standardIcon(QStyle::SP_DialogOkButton, nullptr, buttons));
    return button;
}

} // namespace cadenio::views
