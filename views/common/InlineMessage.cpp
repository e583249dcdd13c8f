#include "InlineMessage.h"

namespace cadenio::views {

InlineMessage::InlineMessage(QWidget *parent)
    : QLabel(parent)
{
    // Messages may quote user input (an email address, a name); plain text keeps any markup
    // in it from being rendered.
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    hide();
}

void InlineMessage::showError(const QString &text)
{
    showMessage(Kind::Error, text);
}

void InlineMessage::showSuccess(const QString &text)
{
    showMessage(Kind::Success, text);
}

void InlineMessage::showInformation(const QString &text)
{
    showMessage(Kind::Information, text);
}

void InlineMessage::dismiss()
{
    clear();
    hide();
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    // Fixed light tints rather than palette roles: the meaning (red = problem) must survive
    // any style, and these stay readable on both light and dark window colours.
    switch (kind) {
    case Kind::Error:
        setStyleSheet(QStringLiteral("QLabel { color: #7f1d1d; background: #fdecec; border: 1px "
                                     "solid #f3b4b4; border-radius: 4px; padding: 6px 10px; }"));
        break;
    case Kind::Success:
        setStyleSheet(QStringLiteral("QLabel { color: #14532d; background: #e9f7ee; border: 1px "
                                     "solid #a7dcb8; border-radius: 4px; padding: 6px 10px; }"));
        break;
    case Kind::Information:
        setStyleSheet(QStringLiteral("QLabel { color: #1e3a5f; background: #edf3fb; border: 1px "
                                     "solid #bcd0ea; border-radius: 4px; padding: 6px 10px; }"));
        break;
    }
    setText(text);
    show();
}

} // namespace cadenio::views
