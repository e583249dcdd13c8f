#pragma once

#include "domain/Actor.h"
#include "domain/ApiKey.h"

#include <QPointer>
#include <QWidget>

class QDialog;
class QLabel;
class QMessageBox;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace cadenio {
class ApiKeysModel;
class SecretStore;
class Services;
} // namespace cadenio

namespace cadenio::views {

class CreateKeyDialog;
class InlineMessage;
class KeyStatusStyle;
class NewKeyDialog;

// The organization's API keys: the list with each key's scopes, reach, expiry, last use and
// status, and for owners and admins the ways to create one (its secret shown once, with Copy
// and Save to Keychain) and to revoke one. Auditors see the list read-only; members, who may
// not manage keys over the API either, see a notice instead.
class ApiKeysPane : public QWidget
{
    Q_OBJECT
public:
    ApiKeysPane(cadenio::Services &services, cadenio::Actor actor, QWidget *parent = nullptr);

    bool canView() const;
    bool canManage() const;
    // Where Save to Keychain stores a new key; null when this computer has no keychain
    // (the dialog then says so). Not owned.
    void setKeychain(cadenio::SecretStore *keychain) { m_keychain = keychain; }

    // Null for members, who do not see keys.
    cadenio::ApiKeysModel *keysModel() const { return m_model; }
    QTableView *table() const { return m_table; }
    // The show-once dialog of the key created last, while it is open.
    NewKeyDialog *newKeyDialog() const;
    // The id of the selected key, or empty.
    QString selectedKeyId() const;

public slots:
    // Both open window-modal and return at once, so a caller or test can drive them; both
    // delete themselves when closed. nullptr when the actor may not manage keys (or, for
    // revoking, no key is selected).
    CreateKeyDialog *openCreateKeyDialog();
    QMessageBox *confirmRevoke();

private:
    void showNewKey(const cadenio::NewApiKey &created);
    void revoke(const QString &keyId, const QString &name);
    void updateState();
    void updatePlanNotice();

    cadenio::Services &m_services;
    cadenio::Actor m_actor;
    cadenio::SecretStore *m_keychain = nullptr;
    cadenio::ApiKeysModel *m_model = nullptr;
    KeyStatusStyle *m_style;
    QLabel *m_count;
    QPushButton *m_createButton;
    QPushButton *m_revokeButton;
    InlineMessage *m_notice;
    InlineMessage *m_feedback;
    QStackedWidget *m_content;
    QTableView *m_table;
    QLabel *m_emptyState;
    QPointer<QDialog> m_newKeyDialog; // a NewKeyDialog
};

} // namespace cadenio::views
