#pragma once

#include "domain/Actor.h"
#include "domain/Org.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cadenio {
class OrgService;
}

namespace cadenio::views {

class InlineMessage;

// The organization's name and plan. An OWNER edits and saves them; every other role sees
// them read-only, with a note saying why.
class OrganizationPane : public QWidget
{
    Q_OBJECT
public:
    OrganizationPane(cadenio::OrgService &orgs, cadenio::Actor actor, QWidget *parent = nullptr);

    bool canEdit() const;
    bool hasUnsavedChanges() const;
    const cadenio::Org &organization() const { return m_org; }

public slots:
    // Re-reads the organization, dropping unsaved edits.
    void reload();
    void save();

signals:
    // After loading or saving, so the window title can follow a rename.
    void organizationChanged(const cadenio::Org &org);

private:
    void showOrganization();
    void updateSaveButton();

    cadenio::OrgService &m_orgs;
    cadenio::Actor m_actor;
    cadenio::Org m_org;
    QLineEdit *m_name;
    QComboBox *m_plan;
    QLabel *m_planText; // the plan for those who cannot change it
    QLabel *m_id;
    QLabel *m_created;
    InlineMessage *m_notice;
    InlineMessage *m_feedback;
    QPushButton *m_revertButton;
    QPushButton *m_saveButton;
};

} // namespace cadenio::views
