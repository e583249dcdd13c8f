#pragma once

#include "domain/Actor.h"
#include "domain/ApiKey.h"

#include <QWidget>

class QLabel;
class QRadioButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace cadenio {
class TemplateService;
}

namespace cadenio::views {

// What a new key reaches: everything, or only checked folders (with their subfolders) and
// published templates, shown as the folder tree. Radio buttons "allResources" and
// "selectedResources", the tree "resourceTree" (items carry their id in Qt::UserRole).
class ResourcePicker : public QWidget
{
    Q_OBJECT
public:
    ResourcePicker(cadenio::TemplateService &templates, const cadenio::Actor &actor,
                   QWidget *parent = nullptr);

    cadenio::ResourceMode mode() const;
    QStringList templateIds() const;
    QStringList folderIds() const;
    // Switches to SELECTED and checks the item with this id; false when there is none.
    bool select(const QString &id);

signals:
    void changed();

private:
    void load(cadenio::TemplateService &templates, const cadenio::Actor &actor);
    QStringList checkedIds(QStringView prefix) const;
    void updateTree();

    QRadioButton *m_all;
    QRadioButton *m_selected;
    QTreeWidget *m_tree;
    QLabel *m_empty;
};

} // namespace cadenio::views
