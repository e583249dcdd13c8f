#pragma once

#include "domain/Actor.h"
#include "domain/ApiKey.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace cadenio {
class KeyService;
class TemplateService;
} // namespace cadenio

namespace cadenio::views {

class ExpiryPicker;
class InlineMessage;
class ResourcePicker;
class ScopePicker;

// Creates one API key: name, scopes, expiry and what it reaches. Opened window-modal with
// open(). What is wrong is said next to the field it is about ("nameError", "scopesError",
// "resourcesError"), and anything the service refuses in "errorMessage"; the dialog stays
// open until the key exists.
class CreateKeyDialog : public QDialog
{
    Q_OBJECT
public:
    CreateKeyDialog(cadenio::KeyService &keys, cadenio::TemplateService &templates,
                    cadenio::Actor actor, QWidget *parent = nullptr);

    ScopePicker *scopePicker() const { return m_scopes; }
    ExpiryPicker *expiryPicker() const { return m_expiry; }
    ResourcePicker *resourcePicker() const { return m_resources; }
    // The key created; set once the dialog was accepted.
    const std::optional<cadenio::NewApiKey> &createdKey() const { return m_created; }

signals:
    void keyCreated(const cadenio::NewApiKey &key);

public slots:
    void create();

private:
    // Checks what the GUI can check by itself; false (with the messages shown) when
    // something is missing.
    bool validate();
    void showFieldError(const QString &field, const QString &message);
    void clearFieldErrors();

    cadenio::KeyService &m_keys;
    cadenio::Actor m_actor;
    std::optional<cadenio::NewApiKey> m_created;
    QLineEdit *m_name;
    QLabel *m_nameError;
    ScopePicker *m_scopes;
    QLabel *m_scopesError;
    ExpiryPicker *m_expiry;
    ResourcePicker *m_resources;
    QLabel *m_resourcesError;
    InlineMessage *m_error;
    QPushButton *m_createButton;
    bool m_focusTaken = false;
};

} // namespace cadenio::views
