#include "CreateKeyDialog.h"

#include "common/DialogButtons.h"
#include "common/FieldWithNote.h"
#include "common/FormDialogLayout.h"
#include "common/InlineMessage.h"
#include "domain/Error.h"
#include "domain/Timestamps.h"
#include "ExpiryPicker.h"
#include "ResourcePicker.h"
#include "ScopePicker.h"
#include "services/KeyService.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace cadenio::views {

namespace {
// A field's own message: red text right under it, hidden while there is nothing to say.
QLabel *fieldError(QWidget *parent, const char *objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QColor(0xb9, 0x1c, 0x1c));
    label->setPalette(palette);
    label->hide();
    return label;
}
} // namespace

CreateKeyDialog::CreateKeyDialog(KeyService &keys, TemplateService &templates, Actor actor,
                                 QWidget *parent)
    : QDialog(parent)
    , m_keys(keys)
    , m_actor(std::move(actor))
    , m_name(new QLineEdit(this))
    , m_nameError(fieldError(this, "nameError"))
    , m_scopes(new ScopePicker(this))
    , m_scopesError(fieldError(this, "scopesError"))
    , m_expiry(new ExpiryPicker(this))
    , m_resources(new ResourcePicker(templates, m_actor, this))
    , m_resourcesError(fieldError(this, "resourcesError"))
    , m_error(new InlineMessage(this))
    , m_createButton(nullptr)
{
    setWindowTitle(tr("Create API Key"));
    m_name->setObjectName(QStringLiteral("keyName"));
    m_name->setPlaceholderText(tr("e.g. CI deployment, HR system sync"));
    m_name->setAccessibleName(tr("Key name"));
    m_scopes->setObjectName(QStringLiteral("scopePicker"));
    m_expiry->setObjectName(QStringLiteral("expiryPicker"));
    m_resources->setObjectName(QStringLiteral("resourcePicker"));
    m_error->setObjectName(QStringLiteral("errorMessage"));

    auto *buttons = new QDialogButtonBox(this);
    m_createButton = addAcceptButton(buttons, tr("&Create Key"));
    m_createButton->setObjectName(QStringLiteral("createButton"));
    buttons->addButton(QDialogButtonBox::Cancel);

    QFormLayout *form =
        layOutFormDialog(this,
                         tr("A key lets a program call this organization's API. Give it only "
                            "the scopes it needs; you can revoke it at any time."),
                         m_error, buttons);
    form->setVerticalSpacing(12);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->addRow(tr("&Name:"), fieldWithNote(m_name, m_nameError, this));
    form->addRow(tr("Scopes:"), fieldWithNote(m_scopes, m_scopesError, this));
    form->addRow(tr("E&xpires:"), m_expiry);
    form->addRow(tr("Reaches:"), fieldWithNote(m_resources, m_resourcesError, this));
    setMinimumWidth(560);

    connect(buttons, &QDialogButtonBox::accepted, this, &CreateKeyDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A message about a field goes away as soon as the user works on that field.
    connect(m_name, &QLineEdit::textChanged, m_nameError, &QLabel::hide);
    connect(m_scopes, &ScopePicker::changed, m_scopesError, &QLabel::hide);
    connect(m_resources, &ResourcePicker::changed, m_resourcesError, &QLabel::hide);
    m_name->setFocus();
}

bool CreateKeyDialog::validate()
{
    clearFieldErrors();
    bool ok = true;
    if (m_name->text().trimmed().isEmpty()) {
        showFieldError(QStringLiteral("name"),
                       tr("Name the key after what uses it, so you know which one to revoke."));
        ok = false;
    }
    if (m_scopes->scopes().isEmpty()) {
        showFieldError(QStringLiteral("scopes"), tr("Choose at least one scope."));
        ok = false;
    }
    if (m_resources->mode() == ResourceMode::Selected && m_resources->templateIds().isEmpty() &&
        m_resources->folderIds().isEmpty()) {
        showFieldError(QStringLiteral("template_ids"),
                       tr("Check at least one folder or template, or let the key reach "
                          "everything."));
        ok = false;
    }
    return ok;
}

void CreateKeyDialog::create()
{
    m_error->dismiss();
    if (!validate())
        return;
    KeyService::NewKey request;
    request.name = m_name->text();
    request.scopes = m_scopes->scopes();
    request.resourceMode = m_resources->mode();
    request.templateIds = m_resources->templateIds();
    request.folderIds = m_resources->folderIds();
    request.expiresAt = m_expiry->expiresAt(timestamps::now());
    try {
        m_created = m_keys.create(m_actor, request);
    } catch (const Error &error) {
        clearFieldErrors();
        if (!error.field().isEmpty())
            showFieldError(error.field(), error.message());
        else
            m_error->showError(error.message());
        return;
    }
    emit keyCreated(*m_created);
    accept();
}

void CreateKeyDialog::showFieldError(const QString &field, const QString &message)
{
    QLabel *label = nullptr;
    QWidget *focus = nullptr;
    if (field == QLatin1String("name")) {
        label = m_nameError;
        focus = m_name;
    } else if (field.startsWith(QLatin1String("scopes"))) {
        label = m_scopesError;
        focus = m_scopes;
    } else if (field.startsWith(QLatin1String("template_ids")) ||
               field.startsWith(QLatin1String("folder_ids")) ||
               field == QLatin1String("resource_mode")) {
        label = m_resourcesError;
        focus = m_resources;
    }
    if (!label) {
        m_error->showError(message); // expires_at and whatever else has no row of its own
        return;
    }
    label->setText(message);
    label->show();
    // The first problem gets the cursor, so the user can fix it straight away.
    if (!m_focusTaken) {
        focus->setFocus();
        m_focusTaken = true;
    }
}

void CreateKeyDialog::clearFieldErrors()
{
    for (QLabel *label : {m_nameError, m_scopesError, m_resourcesError})
        label->hide();
    m_focusTaken = false;
}

} // namespace cadenio::views
