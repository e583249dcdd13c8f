#include "SetupOwnerPage.h"

#include "common/FieldWithNote.h"
#include "common/PasswordStrengthHint.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace cadenio::views {

SetupOwnerPage::SetupOwnerPage(QWidget *parent)
    : QWizardPage(parent)
    , m_name(new QLineEdit(this))
    , m_email(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_confirmation(new QLineEdit(this))
    , m_strength(new PasswordStrengthHint(this))
    , m_mismatch(new QLabel(tr("The passwords do not match."), this))
{
    setTitle(tr("Owner account"));
    setSubTitle(tr("The owner has every right in the organization, including adding members "
                   "and changing the plan. You will sign in with this account."));

    m_name->setObjectName(QStringLiteral("ownerName"));
    m_name->setPlaceholderText(tr("e.g. Ada Lovelace"));
    m_email->setObjectName(QStringLiteral("ownerEmail"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_password->setObjectName(QStringLiteral("ownerPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirmation->setObjectName(QStringLiteral("ownerPasswordConfirmation"));
    m_confirmation->setEchoMode(QLineEdit::Password);
    m_strength->setObjectName(QStringLiteral("passwordStrength"));
    m_mismatch->setObjectName(QStringLiteral("passwordMismatch"));
    QPalette mismatchPalette = m_mismatch->palette();
    mismatchPalette.setColor(QPalette::WindowText, QColor(0xb9, 0x1c, 0x1c));
    m_mismatch->setPalette(mismatchPalette);
    // Reserve the line so the form does not jump while the user types.
    QSizePolicy keepSpace = m_mismatch->sizePolicy();
    keepSpace.setRetainSizeWhenHidden(true);
    m_mismatch->setSizePolicy(keepSpace);
    m_mismatch->hide();

    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), fieldWithNote(m_password, m_strength, this));
    form->addRow(tr("&Confirm password:"), fieldWithNote(m_confirmation, m_mismatch, this));

    registerField(QStringLiteral("ownerName*"), m_name);
    registerField(QStringLiteral("ownerEmail*"), m_email);
    registerField(QStringLiteral("ownerPassword*"), m_password);

    connect(m_password, &QLineEdit::textChanged, m_strength, &PasswordStrengthHint::setPassword);
    connect(m_password, &QLineEdit::textChanged, this, &SetupOwnerPage::updateConfirmation);
    connect(m_confirmation, &QLineEdit::textChanged, this, &SetupOwnerPage::updateConfirmation);
}

bool SetupOwnerPage::isComplete() const
{
    return QWizardPage::isComplete() && m_confirmation->text() == m_password->text();
}

void SetupOwnerPage::updateConfirmation()
{
    // Complain only once the user has started the confirmation, not while typing the first.
    m_mismatch->setVisible(!m_confirmation->text().isEmpty() &&
                           m_confirmation->text() != m_password->text());
    emit completeChanged();
}

} // namespace cadenio::views
