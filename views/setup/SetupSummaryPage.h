#pragma once

#include "services/SetupService.h"

#include <QWizardPage>

#include <optional>

class QCheckBox;
class QLabel;

namespace cadenio {
class SampleData;
}

namespace cadenio::views {

class InlineMessage;

// Last page of the setup wizard: shows what will be created, offers sample content (the
// checkbox "sampleData", when a SampleData is given) and creates it all when the user
// finishes. A refusal from the service is shown on the page and the wizard stays open, so
// the user can go back and fix the field without retyping everything.
class SetupSummaryPage : public QWizardPage
{
    Q_OBJECT
public:
    SetupSummaryPage(SetupService &setup, SampleData *sampleData, QWidget *parent = nullptr);

    void initializePage() override;
    // Called by QWizard when Finish is clicked; false keeps the wizard open.
    bool validatePage() override;

    const std::optional<SetupService::Result> &result() const { return m_result; }
    // Why the sample content could not be added (the organization exists regardless);
    // empty when it was added or not asked for.
    const QString &sampleDataError() const { return m_sampleDataError; }

private:
    void addSampleData();

    SetupService &m_setup;
    SampleData *m_sampleData;
    std::optional<SetupService::Result> m_result;
    QString m_sampleDataError;
    QLabel *m_orgName;
    QLabel *m_plan;
    QLabel *m_ownerName;
    QLabel *m_ownerEmail;
    InlineMessage *m_error;
    QCheckBox *m_addSampleData;
};

} // namespace cadenio::views
