#include "MembersPane.h"

#include "AddMemberDialog.h"
#include "common/Icons.h"
#include "common/PaneHeader.h"
#include "common/TableStyle.h"
#include "items/UsersModel.h"
#include "RoleItemDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cadenio::views {

MembersPane::MembersPane(UserService &users, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_users(users)
    , m_actor(std::move(actor))
    , m_model(new UsersModel(users, m_actor, this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_addButton(new QPushButton(consoleIcon(QStringLiteral("add")), tr("&Add Member…"), this))
    , m_content(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_emptyState(new QLabel(this))
{
    auto *header = new PaneHeader(
        tr("Members"), tr("People who can sign in to this console, and what each may do."), this);

    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_search->setObjectName(QStringLiteral("memberSearch"));
    m_search->setPlaceholderText(tr("Search by name, email or role"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(320);
    m_count->setObjectName(QStringLiteral("memberCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    m_addButton->setObjectName(QStringLiteral("addMemberButton"));
    if (canAddMembers()) {
        m_addButton->setToolTip(tr("Add a member to the organization"));
    } else {
        m_addButton->setEnabled(false);
        m_addButton->setToolTip(tr("Only owners and admins can add members."));
    }

    m_table->setObjectName(QStringLiteral("membersTable"));
    m_table->setModel(m_filter);
    m_table->setItemDelegateForColumn(UsersModel::RoleColumn, new RoleItemDelegate(m_table));
    applyListTableStyle(m_table);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(UsersModel::NameColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(UsersModel::EmailColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(UsersModel::RoleColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(UsersModel::CreatedColumn, QHeaderView::ResizeToContents);

    m_emptyState->setObjectName(QStringLiteral("emptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setTextFormat(Qt::PlainText); // it quotes the search text
    m_emptyState->setWordWrap(true);
    m_emptyState->setForegroundRole(QPalette::PlaceholderText);
    m_content->addWidget(m_table);
    m_content->addWidget(m_emptyState);

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(12);
    toolbar->addWidget(m_search, 1);
    toolbar->addWidget(m_count);
    toolbar->addStretch();
    toolbar->addWidget(m_addButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);
    layout->addWidget(header);
    layout->addLayout(toolbar);
    layout->addWidget(m_content, 1);

    connect(m_search, &QLineEdit::textChanged, m_filter,
            &QSortFilterProxyModel::setFilterFixedString);
    // Also after each keystroke that leaves the rows as they were: the empty state quotes
    // the search text.
    connect(m_search, &QLineEdit::textChanged, this, &MembersPane::updateEmptyState);
    connect(m_addButton, &QPushButton::clicked, this, &MembersPane::openAddMemberDialog);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MembersPane::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MembersPane::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MembersPane::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MembersPane::updateEmptyState);
    updateEmptyState();
}

bool MembersPane::canAddMembers() const
{
    return m_actor.hasRole(Roles::admins());
}

AddMemberDialog *MembersPane::openAddMemberDialog()
{
    if (!canAddMembers())
        return nullptr;
    auto *dialog = new AddMemberDialog(m_users, m_actor, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddMemberDialog::memberAdded, this, &MembersPane::selectMember);
    dialog->open();
    return dialog;
}

void MembersPane::updateEmptyState()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    // Worded without a plural noun: "%n member(s)" reads badly until a translation exists.
    m_count->setText(shown == total ? tr("Total: %1").arg(total)
                                    : tr("Showing %1 of %2").arg(shown).arg(total));
    if (shown > 0) {
        m_content->setCurrentWidget(m_table);
        return;
    }
    m_emptyState->setText(total == 0 ? tr("No members yet.")
                                     : tr("No member matches “%1”.").arg(m_search->text()));
    m_content->setCurrentWidget(m_emptyState);
}

void MembersPane::selectMember(const User &user)
{
    // The model reloads on the service's signal before this runs; show the newcomer.
    const QModelIndexList found =
        m_filter->match(m_filter->index(0, 0), UsersModel::IdRole, user.id, 1, Qt::MatchExactly);
    if (found.isEmpty())
        return;
    m_table->selectRow(found.first().row());
    m_table->scrollTo(found.first());
}

} // namespace cadenio::views
