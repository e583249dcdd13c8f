#pragma once

#include "domain/Session.h"
#include "services/SessionService.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace cadenio::views {

class InlineMessage;

// Asks for email and password and opens a session. A refusal (wrong password, too many
// attempts) is shown in the dialog, which stays open for another try.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(cadenio::SessionService &sessions, QWidget *parent = nullptr);

    // The new session and its token; meaningful once the dialog was accepted.
    cadenio::NewSession session() const { return m_session; }

    // Prefills the email (the last user, or the owner just created) and focuses the password.
    void setEmail(const QString &email);

private slots:
    void signIn();

private:
    void updateSignInButton();

    cadenio::SessionService &m_sessions;
    cadenio::NewSession m_session;
    QLineEdit *m_email;
    QLineEdit *m_password;
    InlineMessage *m_error;
    QPushButton *m_signInButton;
    bool m_rateLimited = false;
};

} // namespace cadenio::views
