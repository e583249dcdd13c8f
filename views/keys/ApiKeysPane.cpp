#include "ApiKeysPane.h"

#include "common/Icons.h"
#include "common/InlineMessage.h"
#include "common/PaneHeader.h"
#include "common/TableStyle.h"
#include "CreateKeyDialog.h"
#include "domain/Error.h"
#include "items/ApiKeysModel.h"
#include "KeyStatusStyle.h"
#include "NewKeyDialog.h"
#include "services/Services.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
constexpr Roles kViewers{Role::Owner, Role::Admin, Role::Auditor};
}

ApiKeysPane::ApiKeysPane(Services &services, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_actor(std::move(actor))
    , m_style(new KeyStatusStyle(this))
    , m_count(new QLabel(this))
    , m_createButton(new QPushButton(consoleIcon(QStringLiteral("add")), tr("&Create Key…"), this))
    , m_revokeButton(
          new QPushButton(consoleIcon(QStringLiteral("revoke")), tr("&Revoke Key…"), this))
    , m_notice(new InlineMessage(this))
    , m_feedback(new InlineMessage(this))
    , m_content(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_emptyState(new QLabel(this))
{
    auto *header = new PaneHeader(tr("API Keys"),
                                  tr("Keys let programs call this organization's API, each with "
                                     "only the scopes it needs. Revoke a key and its next "
                                     "request is refused."),
                                  this);
    m_count->setObjectName(QStringLiteral("keyCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    m_notice->setObjectName(QStringLiteral("keysNotice"));
    m_feedback->setObjectName(QStringLiteral("keysFeedback"));
    m_createButton->setObjectName(QStringLiteral("createKeyButton"));
    m_revokeButton->setObjectName(QStringLiteral("revokeKeyButton"));
    m_createButton->setToolTip(
        tr("Create an API key (%1)")
            .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_revokeButton->setToolTip(tr("Revoke the selected key (Delete)"));
    m_createButton->setVisible(canManage());
    m_revokeButton->setVisible(canManage());

    m_table->setObjectName(QStringLiteral("keysTable"));
    m_table->setAccessibleName(tr("API keys"));
    applyListTableStyle(m_table);
    if (canView()) {
        m_model = new ApiKeysModel(services.keys(), m_actor, this);
        m_style->setSourceModel(m_model);
        m_table->setModel(m_style);
        QHeaderView *columns = m_table->horizontalHeader();
        columns->setSectionResizeMode(QHeaderView::ResizeToContents);
        columns->setSectionResizeMode(ApiKeysModel::NameColumn, QHeaderView::Stretch);
        columns->setSectionResizeMode(ApiKeysModel::ScopesColumn, QHeaderView::Stretch);
    }

    m_emptyState->setObjectName(QStringLiteral("keysEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setForegroundRole(QPalette::PlaceholderText);
    m_content->addWidget(m_table);
    m_content->addWidget(m_emptyState);

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(12);
    toolbar->addWidget(m_count);
    toolbar->addStretch();
    toolbar->addWidget(m_revokeButton);
    toolbar->addWidget(m_createButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);
    layout->addWidget(header);
    layout->addWidget(m_notice);
    layout->addLayout(toolbar);
    layout->addWidget(m_feedback);
    layout->addWidget(m_content, 1);

    if (!canView()) {
        m_notice->showInformation(tr("Only owners, admins and auditors can see API keys."));
        m_count->hide();
        m_content->hide();
        return;
    }
    if (!canManage())
        m_notice->showInformation(tr("You can see the organization's keys but not change them: "
                                     "only owners and admins manage API keys."));

    // The keyboard way to everything the buttons do, while the pane has focus.
    if (canManage()) {
        auto *createAction = new QAction(this);
        createAction->setShortcut(QKeySequence::New);
        createAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(createAction, &QAction::triggered, this, &ApiKeysPane::openCreateKeyDialog);
        addAction(createAction);
        auto *revokeAction = new QAction(m_table);
        revokeAction->setShortcut(QKeySequence::Delete);
        revokeAction->setShortcutContext(Qt::WidgetShortcut);
        connect(revokeAction, &QAction::triggered, this, &ApiKeysPane::confirmRevoke);
        m_table->addAction(revokeAction);
    }

    connect(m_createButton, &QPushButton::clicked, this, &ApiKeysPane::openCreateKeyDialog);
    connect(m_revokeButton, &QPushButton::clicked, this, &ApiKeysPane::confirmRevoke);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApiKeysPane::updateState);
    // Tabbing into the table makes its first row current without selecting it; select what
    // the keyboard points at, so Delete acts on the row the user sees marked.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && !m_table->selectionModel()->isRowSelected(current.row()))
                    m_table->selectRow(current.row());
            });
    connect(m_style, &QAbstractItemModel::modelReset, this, &ApiKeysPane::updateState);
    connect(m_style, &QAbstractItemModel::rowsInserted, this, &ApiKeysPane::updateState);
    connect(m_style, &QAbstractItemModel::rowsRemoved, this, &ApiKeysPane::updateState);
    connect(&m_services.org(), &OrgService::orgChanged, this, &ApiKeysPane::updatePlanNotice,
            Qt::QueuedConnection);
    updatePlanNotice();
    updateState();
}

bool ApiKeysPane::canView() const
{
    return m_actor.hasRole(kViewers);
}

bool ApiKeysPane::canManage() const
{
    return m_actor.type == Actor::Type::User && m_actor.hasRole(Roles::admins());
}

NewKeyDialog *ApiKeysPane::newKeyDialog() const
{
    return qobject_cast<NewKeyDialog *>(m_newKeyDialog.data());
}

QString ApiKeysPane::selectedKeyId() const
{
    if (!m_model)
        return {};
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ApiKeysModel::IdRole).toString();
}

CreateKeyDialog *ApiKeysPane::openCreateKeyDialog()
{
    if (!canManage())
        return nullptr;
    m_feedback->dismiss();
    auto *dialog = new CreateKeyDialog(m_services.keys(), m_services.templates(), m_actor, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateKeyDialog::keyCreated, this, &ApiKeysPane::showNewKey);
    dialog->open();
    return dialog;
}

void ApiKeysPane::showNewKey(const NewApiKey &created)
{
    // The service's signal is queued; show the row now, next to the dialog about it.
    m_model->refresh();
    const int row = m_model->rowOf(created.key.id);
    if (row >= 0)
        m_table->selectRow(row);
    auto *dialog = new NewKeyDialog(created, m_keychain, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_newKeyDialog = dialog;
    dialog->open();
}

QMessageBox *ApiKeysPane::confirmRevoke()
{
    const QString keyId = selectedKeyId();
    if (!canManage() || keyId.isEmpty())
        return nullptr;
    const ApiKey &key = m_model->keyAt(m_model->rowOf(keyId));
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Revoke API Key"),
                                tr("Revoke the key “%1” (%2)?").arg(key.name, key.keyPrefix),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmRevoke"));
    box->setInformativeText(tr("Every program using it is refused from its next request on. "
                               "This cannot be undone."));
    QPushButton *confirm = box->addButton(tr("&Revoke Key"), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("confirmRevokeButton"));
    box->setDefaultButton(box->addButton(QMessageBox::Cancel));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm, &QPushButton::clicked, this,
            [this, keyId, name = key.name] { revoke(keyId, name); });
    box->open();
    return box;
}

void ApiKeysPane::revoke(const QString &keyId, const QString &name)
{
    try {
        m_services.keys().revoke(m_actor, keyId);
    } catch (const Error &error) {
        m_feedback->showError(error.message());
        return;
    }
    m_model->refresh();
    m_feedback->showSuccess(
        tr("The key “%1” is revoked. Programs using it are refused from now on.").arg(name));
}

void ApiKeysPane::updateState()
{
    const int total = m_style->rowCount();
    m_count->setText(tr("Total: %1").arg(total));
    m_revokeButton->setEnabled(!selectedKeyId().isEmpty());
    if (total > 0) {
        m_content->setCurrentWidget(m_table);
        return;
    }
    m_emptyState->setText(canManage()
                              ? tr("No API keys yet. Create one to let a program call the API.")
                              : tr("No API keys yet."));
    m_content->setCurrentWidget(m_emptyState);
}

void ApiKeysPane::updatePlanNotice()
{
    if (!canManage())
        return;
    Plan plan = Plan::Enterprise;
    try {
        plan = m_services.org().get(m_actor).plan;
    } catch (const Error &) {
        return; // the service refuses the create itself, with its own message
    }
    const bool enterprise = plan == Plan::Enterprise;
    m_createButton->setEnabled(enterprise);
    if (enterprise)
        m_notice->dismiss();
    else
        m_notice->showInformation(tr("API keys work on the Enterprise plan only. An owner can "
                                     "change the plan in Organization."));
}

} // namespace cadenio::views
