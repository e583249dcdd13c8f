// The sign-in dialog against a real SessionService: refusals are shown in the dialog, which
// stays open; the right password closes it with a session in hand.

#include "GuiTestStore.h"
#include "SignInDialog.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace cadenio;
using cadenio::views::SignInDialog;

namespace {

struct SignInForm
{
    QLineEdit *email;
    QLineEdit *password;
    QPushButton *signIn;
    QLabel *error;
};

SignInForm formOf(SignInDialog &dialog)
{
    return {dialog.findChild<QLineEdit *>(QStringLiteral("email")),
            dialog.findChild<QLineEdit *>(QStringLiteral("password")),
            dialog.findChild<QPushButton *>(QStringLiteral("signInButton")),
            dialog.findChild<QLabel *>(QStringLiteral("errorMessage"))};
}

void attempt(const SignInForm &form, const QString &email, const QString &password)
{
    form.email->clear();
    QTest::keyClicks(form.email, email);
    form.password->clear();
    QTest::keyClicks(form.password, password);
    QTest::mouseClick(form.signIn, Qt::LeftButton);
}

} // namespace

class TestSignInDialog : public QObject
{
    Q_OBJECT

private slots:
    void refusedSignInShowsErrorAndStaysOpen_data();
    void refusedSignInShowsErrorAndStaysOpen();
    void rightPasswordAccepts_data();
    void rightPasswordAccepts();
    void returnKeySignsIn();
    void rateLimitIsShownAndBlocksTheButton();
    void signInNeedsBothFields();
    void setEmailPrefillsAndFocusesPassword();
    void screenshot();
};

void TestSignInDialog::refusedSignInShowsErrorAndStaysOpen_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addRow("wrong password")
        << QStringLiteral("owner@acme.test") << QStringLiteral("wrong password!");
    QTest::addRow("unknown email") << QStringLiteral("nobody@acme.test") << GuiTestStore::kPassword;
    QTest::addRow("password in wrong case")
        << QStringLiteral("owner@acme.test") << GuiTestStore::kPassword.toUpper();
}

void TestSignInDialog::refusedSignInShowsErrorAndStaysOpen()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    GuiTestStore store;
    store.initialize();
    SignInDialog dialog(store.services().sessions());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    const SignInForm form = formOf(dialog);
    QVERIFY(!form.error->isVisible());

    attempt(form, email, password);

    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    QVERIFY(form.error->isVisible());
    QCOMPARE(form.error->text(), QStringLiteral("Invalid email or password."));
    QVERIFY(form.password->text().isEmpty());
    QCOMPARE(form.email->text(), email);
    QVERIFY(dialog.session().token.isEmpty());
}

void TestSignInDialog::rightPasswordAccepts_data()
{
    QTest::addColumn<QString>("email");
    QTest::addRow("as stored") << QStringLiteral("owner@acme.test");
    QTest::addRow("other case and spaces") << QStringLiteral(" Owner@ACME.test ");
}

void TestSignInDialog::rightPasswordAccepts()
{
    QFETCH(QString, email);
    GuiTestStore store;
    store.initialize();
    SignInDialog dialog(store.services().sessions());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    const SignInForm form = formOf(dialog);

    // A failure first: the message must go away on success, and the session still open.
    attempt(form, email, QStringLiteral("not the password"));
    QVERIFY(form.error->isVisible());
    attempt(form, email, GuiTestStore::kPassword);

    QCOMPARE(accepted.count(), 1);
    QVERIFY(!dialog.isVisible());
    const NewSession session = dialog.session();
    QVERIFY2(session.token.startsWith(QLatin1String("sess_")), qPrintable(session.token));
    QCOMPARE(session.session.user.id, store.owner().id);
    QCOMPARE(session.session.user.role, Role::Owner);
    const auto live = store.services().sessions().authenticate(session.token);
    QVERIFY(live);
    QCOMPARE(live->user.id, store.owner().id);
}

void TestSignInDialog::returnKeySignsIn()
{
    GuiTestStore store;
    store.initialize();
    SignInDialog dialog(store.services().sessions());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    const SignInForm form = formOf(dialog);
    QTest::keyClicks(form.email, store.owner().email);
    QTest::keyClicks(form.password, GuiTestStore::kPassword);
    QTest::keyClick(form.password, Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
}

void TestSignInDialog::rateLimitIsShownAndBlocksTheButton()
{
    GuiTestStore store;
    store.initialize();
    SignInDialog dialog(store.services().sessions());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const SignInForm form = formOf(dialog);
    // LoginThrottle's default: five failures per email, then RATE_LIMITED.
    for (int i = 0; i < 5; ++i) {
        attempt(form, store.owner().email, QStringLiteral("wrong password %1").arg(i));
        QCOMPARE(form.error->text(), QStringLiteral("Invalid email or password."));
    }
    attempt(form, store.owner().email, QStringLiteral("wrong password again"));
    QVERIFY(dialog.isVisible());
    QVERIFY2(form.error->text().contains(QLatin1String("Retry after")),
             qPrintable(form.error->text()));
    // Even the right password would be refused now; the button says so by being disabled.
    QTest::keyClicks(form.password, GuiTestStore::kPassword);
    QVERIFY(!form.signIn->isEnabled());
}

void TestSignInDialog::signInNeedsBothFields()
{
    GuiTestStore store;
    SignInDialog dialog(store.services().sessions());
    const SignInForm form = formOf(dialog);
    QVERIFY(!form.signIn->isEnabled());
    QTest::keyClicks(form.email, QStringLiteral("owner@acme.test"));
    QVERIFY(!form.signIn->isEnabled());
    QTest::keyClicks(form.password, QStringLiteral("x"));
    QVERIFY(form.signIn->isEnabled());
    form.email->setText(QStringLiteral("   "));
    QVERIFY(!form.signIn->isEnabled());
}

void TestSignInDialog::setEmailPrefillsAndFocusesPassword()
{
    GuiTestStore store;
    SignInDialog dialog(store.services().sessions());
    dialog.setEmail(QStringLiteral("owner@acme.test"));
    dialog.show();
    // Xvfb has no window manager to activate windows; ask for it ourselves.
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    const SignInForm form = formOf(dialog);
    QCOMPARE(form.email->text(), QStringLiteral("owner@acme.test"));
    QTRY_COMPARE(QApplication::focusWidget(), form.password);
}

// A picture for a visual check, when CADENIO_SCREENSHOT_DIR names a folder.
void TestSignInDialog::screenshot()
{
    const QString folder = qEnvironmentVariable("CADENIO_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("set CADENIO_SCREENSHOT_DIR to take screenshots");
    QDir().mkpath(folder);
    GuiTestStore store;
    store.initialize();
    SignInDialog dialog(store.services().sessions());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    attempt(formOf(dialog), QStringLiteral("owner@acme.test"), QStringLiteral("wrong password"));
    QVERIFY(dialog.grab().save(folder + QStringLiteral("/signin.png")));
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
