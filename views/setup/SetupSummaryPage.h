#pragma once

#include "services/SetupService.h"

#include <QWizardPage>

#include <optional>

class QLabel;

namespace cadenio::views {

class InlineMessage;

// Last page of the setup wizard: shows what will be created and creates it when the user
// finishes. A refusal from the service is shown on the page and the wizard stays open, so
// the user can go back and fix the field without retyping everything.
class SetupSummaryPage : public QWizardPage
{
    Q_OBJECT
public:
    SetupSummaryPage(SetupService &setup, QWidget *parent = nullptr);

    void initializePage() override;
    // Called by QWizard when Finish is clicked; false keeps the wizard open.
    bool validatePage() override;

    const std::optional<SetupService::Result> &result() const { return m_result; }

private:
    SetupService &m_setup;
    std::optional<SetupService::Result> m_result;
    QLabel *m_orgName;
    QLabel *m_plan;
    QLabel *m_ownerName;
    QLabel *m_ownerEmail;
    InlineMessage *m_error;
};

} // namespace cadenio::views
