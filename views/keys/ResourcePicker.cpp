#include "ResourcePicker.h"

#include "common/Icons.h"
#include "domain/Ids.h"
#include "services/TemplateService.h"

#include <QButtonGroup>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
template<typename T, typename List>
QList<T> everyPage(List list)
{
    QList<T> all;
    PageRequest request{100, std::nullopt};
    for (;;) {
        Page<T> page = list(request);
        all.append(page.items);
        if (!page.next)
            return all;
        request.after = page.next;
    }
}

QTreeWidgetItem *makeItem(const QString &id, const QString &name, const QIcon &icon)
{
    auto *item = new QTreeWidgetItem(QStringList{name});
    item->setData(0, Qt::UserRole, id);
    item->setIcon(0, icon);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(0, Qt::Unchecked);
    return item;
}
} // namespace

ResourcePicker::ResourcePicker(TemplateService &templates, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , m_all(new QRadioButton(tr("&All templates, runs and files"), this))
    , m_selected(new QRadioButton(tr("Only the &selected folders and templates"), this))
    , m_tree(new QTreeWidget(this))
    , m_empty(new QLabel(tr("There are no folders or published templates yet."), this))
{
    // As wide as the form allows: template names and folder paths need the room.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_all->setObjectName(QStringLiteral("allResources"));
    m_selected->setObjectName(QStringLiteral("selectedResources"));
    auto *group = new QButtonGroup(this);
    group->addButton(m_all);
    group->addButton(m_selected);
    m_all->setChecked(true);

    m_tree->setObjectName(QStringLiteral("resourceTree"));
    m_tree->setAccessibleName(tr("Folders and templates the key reaches"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setMinimumHeight(110);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_all);
    layout->addWidget(m_selected);
    layout->addWidget(m_tree);
    layout->addWidget(m_empty);

    load(templates, actor);
    connect(m_selected, &QRadioButton::toggled, this, &ResourcePicker::updateTree);
    connect(m_selected, &QRadioButton::toggled, this, &ResourcePicker::changed);
    connect(m_tree, &QTreeWidget::itemChanged, this, &ResourcePicker::changed);
    updateTree();
}

void ResourcePicker::load(TemplateService &templates, const Actor &actor)
{
    const QList<Folder> folders = everyPage<Folder>(
        [&](const PageRequest &request) { return templates.listFolders(actor, request); });
    const QList<Template> published = everyPage<Template>(
        [&](const PageRequest &request) { return templates.listPublished(actor, request); });

    QHash<QString, QTreeWidgetItem *> folderItems;
    for (const Folder &folder : folders)
        folderItems.insert(folder.id,
                           makeItem(folder.id, folder.name, consoleIcon(QStringLiteral("folder"))));
    const auto place = [&](QTreeWidgetItem *item, const QString &parentId) {
        if (QTreeWidgetItem *parent = folderItems.value(parentId))
            parent->addChild(item);
        else
            m_tree->addTopLevelItem(item);
    };
    for (const Folder &folder : folders)
        place(folderItems.value(folder.id), folder.parentId);
    for (const Template &tmpl : published)
        place(makeItem(tmpl.id, tmpl.name, consoleIcon(QStringLiteral("template"))), tmpl.folderId);
    m_tree->sortItems(0, Qt::AscendingOrder);
    m_tree->expandAll();
    // Nothing to pick from: say so instead of offering an empty list.
    const bool empty = m_tree->topLevelItemCount() == 0;
    m_empty->setVisible(empty);
    m_tree->setVisible(!empty);
    m_selected->setEnabled(!empty);
}

ResourceMode ResourcePicker::mode() const
{
    return m_selected->isChecked() ? ResourceMode::Selected : ResourceMode::All;
}

QStringList ResourcePicker::checkedIds(QStringView prefix) const
{
    QStringList ids;
    if (mode() == ResourceMode::All)
        return ids;
    for (QTreeWidgetItemIterator it(m_tree, QTreeWidgetItemIterator::Checked); *it; ++it) {
        const QString id = (*it)->data(0, Qt::UserRole).toString();
        if (ids::hasPrefix(id, prefix))
            ids << id;
    }
    return ids;
}

QStringList ResourcePicker::templateIds() const
{
    return checkedIds(u"tmpl_");
}

QStringList ResourcePicker::folderIds() const
{
    return checkedIds(u"fld_");
}

bool ResourcePicker::select(const QString &id)
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == id) {
            m_selected->setChecked(true);
            (*it)->setCheckState(0, Qt::Checked);
            return true;
        }
    }
    return false;
}

void ResourcePicker::updateTree()
{
    m_tree->setEnabled(m_selected->isChecked());
}

} // namespace cadenio::views
