#include "OrganizationPane.h"

#include "common/DisplayNames.h"
#include "common/FieldWithNote.h"
#include "common/InlineMessage.h"
#include "common/PaneHeader.h"
#include "domain/Error.h"
#include "services/OrgService.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace cadenio::views {

OrganizationPane::OrganizationPane(OrgService &orgs, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_orgs(orgs)
    , m_actor(std::move(actor))
    , m_name(new QLineEdit(this))
    , m_plan(new QComboBox(this))
    , m_planText(new QLabel(this))
    , m_id(new QLabel(this))
    , m_created(new QLabel(this))
    , m_notice(new InlineMessage(this))
    , m_feedback(new InlineMessage(this))
    , m_revertButton(new QPushButton(tr("&Revert"), this))
    , m_saveButton(new QPushButton(tr("&Save Changes"), this))
{
    auto *header = new PaneHeader(tr("Organization"),
                                  tr("The organization this console manages and its plan."), this);

    m_name->setObjectName(QStringLiteral("orgName"));
    m_plan->setObjectName(QStringLiteral("plan"));
    for (Plan plan : {Plan::Free, Plan::Team, Plan::Enterprise})
        m_plan->addItem(planDisplayName(plan), planName(plan));
    auto *planNote = new QLabel(tr("API keys are available on the Enterprise plan only."), this);
    planNote->setWordWrap(true);
    planNote->setForegroundRole(QPalette::PlaceholderText);
    m_id->setObjectName(QStringLiteral("orgId"));
    m_id->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_created->setObjectName(QStringLiteral("orgCreated"));
    m_notice->setObjectName(QStringLiteral("readOnlyNotice"));
    m_feedback->setObjectName(QStringLiteral("feedback"));
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setDefault(true);
    m_revertButton->setObjectName(QStringLiteral("revertButton"));

    m_planText->setObjectName(QStringLiteral("planText"));
    // As tall as the combo box it stands in for, so its label lines up as in every other row.
    m_planText->setMinimumHeight(m_plan->sizeHint().height());
    if (!canEdit()) {
        // Values, not disabled inputs: a greyed-out form reads as "broken", a plain value as
        // "this is how it is". The name stays selectable for copying.
        m_name->setReadOnly(true);
        m_name->setFrame(false);
        m_plan->setEnabled(false);
        m_plan->hide();
        m_saveButton->hide();
        m_revertButton->hide();
        m_notice->showInformation(tr("Only an owner can change the organization."));
    } else {
        // Outside any layout for an owner; shown it would sit in the pane's top-left corner.
        m_planText->hide();
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setVerticalSpacing(10);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(
        tr("&Plan:"),
        fieldWithNote(canEdit() ? static_cast<QWidget *>(m_plan) : m_planText, planNote, this));
    form->addRow(tr("ID:"), m_id);
    form->addRow(tr("Created:"), m_created);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);

    // A form stretched across a wide window is hard to read; keep it to a comfortable width.
    auto *formArea = new QWidget(this);
    formArea->setMaximumWidth(600);
    auto *formLayout = new QVBoxLayout(formArea);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->setSpacing(14);
    formLayout->addWidget(m_notice);
    formLayout->addLayout(form);
    formLayout->addWidget(m_feedback);
    formLayout->addLayout(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(18);
    layout->addWidget(header);
    auto *formRow = new QHBoxLayout;
    formRow->addWidget(formArea, 1);
    formRow->addStretch(0);
    layout->addLayout(formRow);
    layout->addStretch();

    connect(m_name, &QLineEdit::textChanged, this, &OrganizationPane::updateSaveButton);
    connect(m_plan, &QComboBox::currentIndexChanged, this, &OrganizationPane::updateSaveButton);
    connect(m_name, &QLineEdit::returnPressed, this, &OrganizationPane::save);
    connect(m_saveButton, &QPushButton::clicked, this, &OrganizationPane::save);
    connect(m_revertButton, &QPushButton::clicked, this, &OrganizationPane::reload);
    // Changes may come from the HTTP API too. Unsaved edits win over a refresh: the user
    // would lose their typing otherwise, and Save shows the outcome either way.
    connect(&m_orgs, &OrgService::orgChanged, this, [this](const QString &orgId) {
        if (orgId == m_actor.orgId && !hasUnsavedChanges())
            reload();
    });
    reload();
}

bool OrganizationPane::canEdit() const
{
    return m_actor.hasRole(Roles::owner());
}

bool OrganizationPane::hasUnsavedChanges() const
{
    return m_name->text() != m_org.name || m_plan->currentData().toString() != planName(m_org.plan);
}

void OrganizationPane::reload()
{
    try {
        m_org = m_orgs.get(m_actor);
    } catch (const Error &error) {
        m_feedback->showError(error.message());
        return;
    }
    m_feedback->dismiss();
    showOrganization();
    emit organizationChanged(m_org);
}

void OrganizationPane::save()
{
    if (!canEdit() || !hasUnsavedChanges())
        return;
    OrgService::Changes changes;
    if (m_name->text() != m_org.name)
        changes.name = m_name->text();
    if (m_plan->currentData().toString() != planName(m_org.plan))
        changes.plan = planFromName(m_plan->currentData().toString());
    try {
        m_org = m_orgs.update(m_actor, changes);
    } catch (const Error &error) {
        m_feedback->showError(error.message());
        return;
    }
    showOrganization();
    m_feedback->showSuccess(tr("Changes saved."));
    emit organizationChanged(m_org);
}

void OrganizationPane::showOrganization()
{
    m_name->setText(m_org.name);
    m_plan->setCurrentIndex(m_plan->findData(planName(m_org.plan)));
    m_planText->setText(planDisplayName(m_org.plan));
    m_id->setText(m_org.id);
    // The day is what matters here; the exact second is in the audit trail.
    m_created->setText(
        QLocale().toString(m_org.createdAt.toLocalTime().date(), QLocale::LongFormat));
    updateSaveButton();
}

void OrganizationPane::updateSaveButton()
{
    const bool dirty = hasUnsavedChanges();
    m_saveButton->setEnabled(canEdit() && dirty);
    m_revertButton->setEnabled(canEdit() && dirty);
    // Once the user edits again, "Changes saved." is no longer true.
    if (dirty && m_feedback->kind() == InlineMessage::Kind::Success)
        m_feedback->dismiss();
}

} // namespace cadenio::views
