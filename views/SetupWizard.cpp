#include "SetupWizard.h"

#include "common/Icons.h"
#include "setup/SetupOrganizationPage.h"
#include "setup/SetupOwnerPage.h"
#include "setup/SetupSummaryPage.h"

namespace cadenio::views {

SetupWizard::SetupWizard(SetupService &setup, SampleData *sampleData, QWidget *parent)
    : QWizard(parent)
    , m_summary(new SetupSummaryPage(setup, sampleData, this))
{
    setWindowTitle(tr("Set Up Cadenio Console"));
    setWindowIcon(consoleIcon(QStringLiteral("cadenio")));
    // The same look on every platform: a header with title and subtitle on each page.
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("&Create Organization"));
    setPage(OrganizationPageId, new SetupOrganizationPage(this));
    setPage(OwnerPageId, new SetupOwnerPage(this));
    setPage(SummaryPageId, m_summary);
    setStartId(OrganizationPageId);
    setMinimumSize(620, 460);
}

SetupService::Result SetupWizard::result() const
{
    return m_summary->result().value_or(SetupService::Result{});
}

QString SetupWizard::sampleDataError() const
{
    return m_summary->sampleDataError();
}

} // namespace cadenio::views
