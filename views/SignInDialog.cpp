#include "SignInDialog.h"

#include "common/BusyCursor.h"
#include "common/DialogButtons.h"
#include "common/InlineMessage.h"
#include "domain/Error.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
// Where a console sign-in comes from, for the throttle's per-address count: the GUI runs
// in-process, so every attempt from it shares this one address.
const QString kClientAddress = QStringLiteral("local");
} // namespace

SignInDialog::SignInDialog(SessionService &sessions, QWidget *parent)
    : QDialog(parent)
    , m_sessions(sessions)
    , m_email(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_error(new InlineMessage(this))
    , m_signInButton(nullptr)
{
    setWindowTitle(tr("Sign In — Cadenio Console"));

    auto *title = new QLabel(tr("Sign in"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    auto *subtitle =
        new QLabel(tr("Use the email address and password of your console account."), this);
    subtitle->setWordWrap(true);
    subtitle->setForegroundRole(QPalette::PlaceholderText);

    m_email->setObjectName(QStringLiteral("email"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(QStringLiteral("errorMessage"));

    auto *buttons = new QDialogButtonBox(this);
    m_signInButton = addAcceptButton(buttons, tr("&Sign In"));
    m_signInButton->setObjectName(QStringLiteral("signInButton"));
    buttons->addButton(QDialogButtonBox::Cancel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 16);
    layout->setSpacing(10);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(420);

    // Accepting goes through signIn(): the dialog closes only with a session in hand.
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_email, &QLineEdit::textChanged, this, &SignInDialog::updateSignInButton);
    connect(m_password, &QLineEdit::textChanged, this, &SignInDialog::updateSignInButton);
    updateSignInButton();
}

void SignInDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    m_password->setFocus();
}

void SignInDialog::signIn()
{
    if (!m_signInButton->isEnabled())
        return;
    try {
        BusyCursor busy;
        m_session = m_sessions.signIn(m_email->text(), m_password->text(), kClientAddress);
    } catch (const Error &error) {
        m_error->showError(error.message());
        m_password->clear();
        m_password->setFocus();
        if (error.code() == Error::Code::RateLimited && error.retryAfterSeconds() > 0) {
            // Another attempt would only be refused again; the button comes back when the
            // throttle's window has passed.
            m_rateLimited = true;
            updateSignInButton();
            QTimer::singleShot(error.retryAfterSeconds() * 1000, this, [this] {
                m_rateLimited = false;
                m_error->dismiss();
                updateSignInButton();
            });
        }
        return;
    }
    m_error->dismiss();
    accept();
}

void SignInDialog::updateSignInButton()
{
    m_signInButton->setEnabled(!m_rateLimited && !m_email->text().trimmed().isEmpty() &&
                               !m_password->text().isEmpty());
}

} // namespace cadenio::views
