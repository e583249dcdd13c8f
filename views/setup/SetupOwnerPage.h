#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

namespace cadenio::views {

class PasswordStrengthHint;

// Second page of the setup wizard: the first OWNER. Registers "ownerName", "ownerEmail" and
// "ownerPassword". The confirmation is checked here because only the GUI has one; the
// password rules themselves are the service's, shown as a live hint.
class SetupOwnerPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupOwnerPage(QWidget *parent = nullptr);

    bool isComplete() const override;

private:
    void updateConfirmation();

    QLineEdit *m_name;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLineEdit *m_confirmation;
    PasswordStrengthHint *m_strength;
    QLabel *m_mismatch;
};

} // namespace cadenio::views
