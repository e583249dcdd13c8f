#include "NewKeyDialog.h"

#include "common/DialogButtons.h"
#include "common/Icons.h"
#include "common/InlineMessage.h"
#include "store/SecretStore.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cadenio::views {

NewKeyDialog::NewKeyDialog(const NewApiKey &created, SecretStore *keychain, QWidget *parent)
    : QDialog(parent)
    , m_key(created.key)
    , m_keychain(keychain)
    , m_plainKey(new QLineEdit(created.plainKey, this))
    , m_copyButton(new QPushButton(consoleIcon(QStringLiteral("copy")), tr("&Copy"), this))
    , m_saveButton(
          new QPushButton(consoleIcon(QStringLiteral("keychain")), tr("&Save to Keychain"), this))
    , m_feedback(new InlineMessage(this))
{
    setWindowTitle(tr("Your New API Key"));

    auto *title = new QLabel(tr("API key “%1” created").arg(m_key.name), this);
    title->setTextFormat(Qt::PlainText);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    auto *warning = new InlineMessage(this);
    warning->setObjectName(QStringLiteral("showOnceWarning"));
    warning->showInformation(tr("This is the only time the key is shown. Copy it or save it to "
                                "your keychain now: Cadenio keeps only a fingerprint of it and "
                                "cannot show it again."));

    m_plainKey->setObjectName(QStringLiteral("plainKey"));
    m_plainKey->setAccessibleName(tr("New API key"));
    m_plainKey->setReadOnly(true);
    m_plainKey->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_plainKey->setCursorPosition(0);
    m_plainKey->setMinimumWidth(m_plainKey->fontMetrics().horizontalAdvance(created.plainKey) + 24);

    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_copyButton->setToolTip(tr("Copy the key to the clipboard"));
    m_copyButton->setAutoDefault(false);
    m_saveButton->setObjectName(QStringLiteral("saveToKeychainButton"));
    m_saveButton->setToolTip(tr("Store the key in the desktop's keychain (Secret Service)"));
    m_saveButton->setAutoDefault(false);
    m_feedback->setObjectName(QStringLiteral("feedback"));

    auto *keyRow = new QHBoxLayout;
    keyRow->setSpacing(8);
    keyRow->addWidget(m_plainKey, 1);
    keyRow->addWidget(m_copyButton);
    keyRow->addWidget(m_saveButton);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *done = addAcceptButton(buttons, tr("&Done"));
    done->setObjectName(QStringLiteral("doneButton"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addWidget(warning);
    layout->addLayout(keyRow);
    layout->addWidget(m_feedback);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(560);

    connect(m_copyButton, &QPushButton::clicked, this, &NewKeyDialog::copyKey);
    connect(m_saveButton, &QPushButton::clicked, this, &NewKeyDialog::saveToKeychain);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    m_copyButton->setFocus();
}

QString NewKeyDialog::keychainEntryName(const ApiKey &key)
{
    return QStringLiteral("api-keys/%1/%2").arg(key.orgId, key.id);
}

void NewKeyDialog::copyKey()
{
    QGuiApplication::clipboard()->setText(m_plainKey->text());
    m_feedback->showSuccess(tr("Copied to the clipboard."));
}

void NewKeyDialog::saveToKeychain()
{
    if (!m_keychain) {
        m_feedback->showError(tr("No keychain service is available on this computer (such as "
                                 "GNOME Keyring or KWallet). Copy the key and keep it in your "
                                 "password manager instead."));
        return;
    }
    try {
        m_keychain->write(keychainEntryName(m_key), m_plainKey->text().toUtf8());
    } catch (const SecretStoreError &error) {
        m_feedback->showError(tr("The keychain did not store the key (%1). Copy the key and keep "
                                 "it in your password manager instead.")
                                  .arg(QString::fromUtf8(error.what())));
        return;
    }
    m_saveButton->setEnabled(false);
    m_feedback->showSuccess(tr("Saved to the keychain as “%1”.").arg(keychainEntryName(m_key)));
}

} // namespace cadenio::views
