#pragma once

#include "services/SetupService.h"

#include <QWizard>

namespace cadenio::views {

class SetupSummaryPage;

// Shown on first start, when the store has no organization yet: creates the organization
// and its owner through SetupService. Accepted only once both exist.
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

    explicit SetupWizard(cadenio::SetupService &setup, QWidget *parent = nullptr);

    // What was created; meaningful once the wizard was accepted.
    cadenio::SetupService::Result result() const;

private:
    SetupSummaryPage *m_summary;
};

} // namespace cadenio::views
