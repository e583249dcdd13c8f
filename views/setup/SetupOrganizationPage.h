#pragma once

#include <QWizardPage>

class QComboBox;
class QLineEdit;

namespace cadenio::views {

// First page of the setup wizard: the organization's name and plan. Registers the fields
// "orgName" and "plan" (the plan's API code, e.g. "ENTERPRISE").
class SetupOrganizationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupOrganizationPage(QWidget *parent = nullptr);

private:
    QLineEdit *m_name;
    QComboBox *m_plan;
};

} // namespace cadenio::views
