#pragma once

#include "services/SetupService.h"

#include <QWizard>

namespace cadenio {
class SampleData;
}

namespace cadenio::views {

class SetupSummaryPage;

// Shown on first start, when the store has no organization yet: creates the organization
// and its owner through SetupService, and on request sample content (`sampleData`; without
// it the option is not offered). Accepted only once the organization exists.
class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId
    {
        OrganizationPageId,
        OwnerPageId,
        SummaryPageId
    };

    explicit SetupWizard(cadenio::SetupService &setup, cadenio::SampleData *sampleData = nullptr,
                         QWidget *parent = nullptr);

    // What was created; meaningful once the wizard was accepted.
    cadenio::SetupService::Result result() const;
    // Why the sample content asked for could not be added; empty otherwise.
    QString sampleDataError() const;

private:
    SetupSummaryPage *m_summary;
};

} // namespace cadenio::views
