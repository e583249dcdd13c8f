#include "AddMemberDialog.h"

#include "common/BusyCursor.h"
#include "common/DialogButtons.h"
#include "common/DisplayNames.h"
#include "common/FieldWithNote.h"
#include "common/FormDialogLayout.h"
#include "common/InlineMessage.h"
#include "common/PasswordStrengthHint.h"
#include "domain/Error.h"
#include "services/UserService.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace cadenio::views {

AddMemberDialog::AddMemberDialog(UserService &users, Actor actor, QWidget *parent)
    : QDialog(parent)
    , m_users(users)
    , m_actor(std::move(actor))
    , m_email(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_roleDescription(new QLabel(this))
    , m_password(new QLineEdit(this))
    , m_strength(new PasswordStrengthHint(this))
    , m_error(new InlineMessage(this))
    , m_addButton(nullptr)
{
    setWindowTitle(tr("Add Member"));

    m_email->setObjectName(QStringLiteral("email"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("e.g. Grace Hopper"));
    m_role->setObjectName(QStringLiteral("role"));
    // Offer only what the service would allow: only an owner may create another owner.
    QList<Role> roles{Role::Member, Role::Admin, Role::Auditor};
    if (m_actor.hasRole(Roles::owner()))
        roles.append(Role::Owner);
    for (Role role : roles)
        m_role->addItem(roleDisplayName(role), roleName(role));
    m_roleDescription->setObjectName(QStringLiteral("roleDescription"));
    m_roleDescription->setWordWrap(true);
    m_roleDescription->setForegroundRole(QPalette::PlaceholderText);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setToolTip(tr("The member signs in with this password. Share it with them "
                              "through a safe channel."));
    m_strength->setObjectName(QStringLiteral("passwordStrength"));
    m_error->setObjectName(QStringLiteral("errorMessage"));

    auto *buttons = new QDialogButtonBox(this);
    m_addButton = addAcceptButton(buttons, tr("&Add Member"));
    m_addButton->setObjectName(QStringLiteral("addButton"));
    buttons->addButton(QDialogButtonBox::Cancel);

    QFormLayout *form =
        layOutFormDialog(this,
                         tr("The new member signs in with this email address and password. "
                            "Share the password with them through a safe channel."),
                         m_error, buttons);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Role:"), fieldWithNote(m_role, m_roleDescription, this));
    form->addRow(tr("&Password:"), fieldWithNote(m_password, m_strength, this));
    setMinimumWidth(460);

    connect(buttons, &QDialogButtonBox::accepted, this, &AddMemberDialog::addMember);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_email, &QLineEdit::textChanged, this, &AddMemberDialog::updateAddButton);
    connect(m_name, &QLineEdit::textChanged, this, &AddMemberDialog::updateAddButton);
    connect(m_password, &QLineEdit::textChanged, this, &AddMemberDialog::updateAddButton);
    connect(m_password, &QLineEdit::textChanged, m_strength, &PasswordStrengthHint::setPassword);
    connect(m_role, &QComboBox::currentIndexChanged, this, &AddMemberDialog::updateRoleDescription);
    updateAddButton();
    updateRoleDescription();
}

void AddMemberDialog::addMember()
{
    if (!m_addButton->isEnabled())
        return;
    UserService::NewUser request;
    request.email = m_email->text();
    request.name = m_name->text();
    request.role = roleFromName(m_role->currentData().toString()).value_or(Role::Member);
    request.password = m_password->text();
    try {
        BusyCursor busy;
        m_created = m_users.create(m_actor, request);
    } catch (const Error &error) {
        m_error->showError(error.message());
        // Put the cursor where the problem is, so the user can fix it straight away.
        if (error.field() == QLatin1String("email"))
            m_email->setFocus();
        else if (error.field() == QLatin1String("name"))
            m_name->setFocus();
        else if (error.field() == QLatin1String("password"))
            m_password->setFocus();
        return;
    }
    m_error->dismiss();
    emit memberAdded(*m_created);
    accept();
}

void AddMemberDialog::updateAddButton()
{
    m_addButton->setEnabled(!m_email->text().trimmed().isEmpty() &&
                            !m_name->text().trimmed().isEmpty() && !m_password->text().isEmpty());
}

void AddMemberDialog::updateRoleDescription()
{
    const auto role = roleFromName(m_role->currentData().toString());
    m_roleDescription->setText(role ? roleDescription(*role) : QString());
}

} // namespace cadenio::views
