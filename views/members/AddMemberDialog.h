#pragma once

#include "domain/Actor.h"
#include "domain/User.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cadenio {
class UserService;
}

namespace cadenio::views {

class InlineMessage;
class PasswordStrengthHint;

// Adds one member to the organization. Opened window-modal with open(), so the caller (and a
// test) keeps control; a refusal from the service is shown in the dialog, which stays open.
class AddMemberDialog : public QDialog
{
    Q_OBJECT
public:
    AddMemberDialog(cadenio::UserService &users, cadenio::Actor actor, QWidget *parent = nullptr);

    // The member created; set once the dialog was accepted.
    const std::optional<cadenio::User> &createdMember() const { return m_created; }

signals:
    void memberAdded(const cadenio::User &user);

private slots:
    void addMember();

private:
    void updateAddButton();
    void updateRoleDescription();

    cadenio::UserService &m_users;
    cadenio::Actor m_actor;
    std::optional<cadenio::User> m_created;
    QLineEdit *m_email;
    QLineEdit *m_name;
    QComboBox *m_role;
    QLabel *m_roleDescription;
    QLineEdit *m_password;
    PasswordStrengthHint *m_strength;
    InlineMessage *m_error;
    QPushButton *m_addButton;
};

} // namespace cadenio::views
