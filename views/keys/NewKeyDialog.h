#pragma once

#include "domain/ApiKey.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace cadenio {
class SecretStore;
}

namespace cadenio::views {

class InlineMessage;

// Shows a new key's secret, the only time it can be seen: the service keeps only a hash.
// Copy puts it on the clipboard; Save to Keychain stores it in the OS keychain under
// keychainEntryName(). Without a keychain (`keychain` null, or one that fails) the dialog
// says so and the user copies the key instead.
class NewKeyDialog : public QDialog
{
    Q_OBJECT
public:
    NewKeyDialog(const cadenio::NewApiKey &created, cadenio::SecretStore *keychain,
                 QWidget *parent = nullptr);

    static QString keychainEntryName(const cadenio::ApiKey &key);

public slots:
    void copyKey();
    void saveToKeychain();

private:
    cadenio::ApiKey m_key;
    cadenio::SecretStore *m_keychain;
    QLineEdit *m_plainKey;
    QPushButton *m_copyButton;
    QPushButton *m_saveButton;
    InlineMessage *m_feedback;
};

} // namespace cadenio::views
