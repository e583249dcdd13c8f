#include "PasswordStrengthHint.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
QColor colorFor(PasswordStrength::Level level)
{
    switch (level) {
    case PasswordStrength::Level::Empty:
    case PasswordStrength::Level::TooShort:
        return QColor(0xb9, 0x1c, 0x1c);
    case PasswordStrength::Level::Weak:
        return QColor(0xc2, 0x41, 0x0c);
    case PasswordStrength::Level::Fair:
        return QColor(0xa1, 0x62, 0x07);
    case PasswordStrength::Level::Strong:
        return QColor(0x15, 0x80, 0x3d);
    }
    return {};
}
} // namespace

PasswordStrengthHint::PasswordStrengthHint(QWidget *parent)
    : QWidget(parent)
    , m_strength(PasswordStrength::evaluate({}))
    , m_meter(new QProgressBar(this))
    , m_label(new QLabel(this))
{
    m_meter->setObjectName(QStringLiteral("strengthMeter"));
    m_meter->setRange(0, int(PasswordStrength::Level::Strong));
    m_meter->setTextVisible(false);
    m_meter->setFixedHeight(6);
    m_label->setObjectName(QStringLiteral("strengthHint"));
    m_label->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_meter);
    layout->addWidget(m_label);
    setPassword({});
}

QString PasswordStrengthHint::text() const
{
    return m_label->text();
}

void PasswordStrengthHint::setPassword(const QString &password)
{
    m_strength = PasswordStrength::evaluate(password);
    m_meter->setValue(m_strength.score());
    const QColor color = colorFor(m_strength.level());
    QPalette meterPalette = m_meter->palette();
    meterPalette.setColor(QPalette::Highlight, color);
    m_meter->setPalette(meterPalette);
    // Before anything is typed the rule is advice, not an alarm: keep it in the muted colour.
    QPalette labelPalette = palette();
    if (m_strength.level() != PasswordStrength::Level::Empty)
        labelPalette.setColor(QPalette::WindowText, color);
    else
        labelPalette.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_label->setPalette(labelPalette);
    m_label->setText(m_strength.hint());
}

} // namespace cadenio::views
