#include "SetupOrganizationPage.h"

#include "common/DisplayNames.h"
#include "common/FieldWithNote.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace cadenio::views {

SetupOrganizationPage::SetupOrganizationPage(QWidget *parent)
    : QWizardPage(parent)
    , m_name(new QLineEdit(this))
    , m_plan(new QComboBox(this))
{
    setTitle(tr("Your organization"));
    setSubTitle(tr("Cadenio Console manages one organization. Name it and choose its plan; "
                   "both can be changed later by an owner."));

    m_name->setObjectName(QStringLiteral("orgName"));
    m_name->setPlaceholderText(tr("e.g. Acme Corporation"));
    m_name->setClearButtonEnabled(true);

    m_plan->setObjectName(QStringLiteral("plan"));
    for (Plan plan : {Plan::Free, Plan::Team, Plan::Enterprise})
        m_plan->addItem(planDisplayName(plan), planName(plan));
    m_plan->setCurrentIndex(m_plan->findData(planName(Plan::Enterprise)));

    auto *planNote = new QLabel(tr("API keys are available on the Enterprise plan only."), this);
    planNote->setWordWrap(true);
    planNote->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout(this);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Plan:"), fieldWithNote(m_plan, planNote, this));

    // "*" makes the name mandatory for Next; the service still judges what is a valid name.
    registerField(QStringLiteral("orgName*"), m_name);
    registerField(QStringLiteral("plan"), m_plan, "currentData", SIGNAL(currentIndexChanged(int)));
}

} // namespace cadenio::views
