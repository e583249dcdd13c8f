#pragma once

#include "domain/Actor.h"
#include "domain/User.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace cadenio {
class UserService;
class UsersModel;
} // namespace cadenio

namespace cadenio::views {

class AddMemberDialog;

// The organization's members as a searchable table, and the way to add one (OWNER and ADMIN
// only; everyone else sees the list read-only).
class MembersPane : public QWidget
{
    Q_OBJECT
public:
    MembersPane(cadenio::UserService &users, cadenio::Actor actor, QWidget *parent = nullptr);

    bool canAddMembers() const;
    cadenio::UsersModel *usersModel() const { return m_model; }
    QTableView *table() const { return m_table; }

public slots:
    // Opens the dialog window-modal and returns at once; the dialog deletes itself when
    // closed. Returned so a caller or test can drive it. nullptr when the actor may not add.
    AddMemberDialog *openAddMemberDialog();

private:
    void updateEmptyState();
    void selectMember(const cadenio::User &user);

    cadenio::UserService &m_users;
    cadenio::Actor m_actor;
    cadenio::UsersModel *m_model;
    QSortFilterProxyModel *m_filter;
    QLineEdit *m_search;
    QLabel *m_count;
    QPushButton *m_addButton;
    QStackedWidget *m_content;
    QTableView *m_table;
    QLabel *m_emptyState;
};

} // namespace cadenio::views
