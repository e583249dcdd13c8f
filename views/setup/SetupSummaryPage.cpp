#include "SetupSummaryPage.h"

#include "common/BusyCursor.h"
#include "common/DisplayNames.h"
#include "common/InlineMessage.h"
#include "domain/Error.h"
#include "services/SampleData.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
QLabel *valueLabel(QWidget *parent, const char *objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

Plan planField(const QVariant &value)
{
    return planFromName(value.toString()).value_or(Plan::Enterprise);
}
} // namespace

SetupSummaryPage::SetupSummaryPage(SetupService &setup, SampleData *sampleData, QWidget *parent)
    : QWizardPage(parent)
    , m_setup(setup)
    , m_sampleData(sampleData)
    , m_orgName(valueLabel(this, "summaryOrgName"))
    , m_plan(valueLabel(this, "summaryPlan"))
    , m_ownerName(valueLabel(this, "summaryOwnerName"))
    , m_ownerEmail(valueLabel(this, "summaryOwnerEmail"))
    , m_error(new InlineMessage(this))
    , m_addSampleData(new QCheckBox(tr("&Add sample data to explore the console"), this))
{
    setTitle(tr("Ready to create"));
    setSubTitle(tr("Check the details below. Use Back to change anything."));
    m_error->setObjectName(QStringLiteral("errorMessage"));

    auto *form = new QFormLayout;
    form->addRow(tr("Organization:"), m_orgName);
    form->addRow(tr("Plan:"), m_plan);
    form->addRow(tr("Owner:"), m_ownerName);
    form->addRow(tr("Email:"), m_ownerEmail);

    m_addSampleData->setObjectName(QStringLiteral("sampleData"));
    auto *sampleNote = new QLabel(
        tr("Two published templates, “Vendor onboarding” and “Quarterly access review”, a few "
           "sample colleagues, and runs in every status with their audit trails. Leave it off "
           "for an organization that starts empty."),
        this);
    sampleNote->setWordWrap(true);
    sampleNote->setForegroundRole(QPalette::PlaceholderText);
    sampleNote->setContentsMargins(24, 0, 0, 0); // under the checkbox's text, not its box
    m_addSampleData->setVisible(m_sampleData != nullptr);
    sampleNote->setVisible(m_sampleData != nullptr);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(16);
    layout->addWidget(m_addSampleData);
    layout->addWidget(sampleNote);
    layout->addSpacing(12);
    layout->addWidget(m_error);
    layout->addStretch();
}

void SetupSummaryPage::initializePage()
{
    m_orgName->setText(field(QStringLiteral("orgName")).toString().trimmed());
    m_plan->setText(planDisplayName(planField(field(QStringLiteral("plan")))));
    m_ownerName->setText(field(QStringLiteral("ownerName")).toString().trimmed());
    m_ownerEmail->setText(field(QStringLiteral("ownerEmail")).toString().trimmed());
    // A message from an earlier attempt no longer applies once the user changed something.
    m_error->dismiss();
}

bool SetupSummaryPage::validatePage()
{
    SetupService::Request request;
    request.orgName = field(QStringLiteral("orgName")).toString();
    request.plan = planField(field(QStringLiteral("plan")));
    request.ownerName = field(QStringLiteral("ownerName")).toString();
    request.ownerEmail = field(QStringLiteral("ownerEmail")).toString();
    request.ownerPassword = field(QStringLiteral("ownerPassword")).toString();
    try {
        BusyCursor busy;
        m_result = m_setup.initialize(request);
    } catch (const Error &error) {
        m_error->showError(error.message());
        return false;
    } catch (const std::exception &error) {
        // A store failure (disk full, locked file): the administrator needs its text.
        m_error->showError(
            tr("The organization could not be created: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
    m_error->dismiss();
    if (m_sampleData && m_addSampleData->isChecked())
        addSampleData();
    return true;
}

void SetupSummaryPage::addSampleData()
{
    // The organization exists by now; a failure here must not send the user back to a
    // wizard that can no longer create it. It is reported, and the console starts anyway.
    try {
        BusyCursor busy;
        const User &owner = m_result->owner;
        m_sampleData->populate(Actor::user(owner.id, owner.orgId, owner.role));
    } catch (const Error &error) {
        m_sampleDataError = error.message();
    } catch (const std::exception &error) {
        m_sampleDataError = QString::fromUtf8(error.what());
    }
    if (!m_sampleDataError.isEmpty())
        qWarning("cadenio.setup: sample data not added: %s", qPrintable(m_sampleDataError));
}

} // namespace cadenio::views
