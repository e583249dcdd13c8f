#include "ScopePicker.h"

#include "domain/Scope.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cadenio::views {

namespace {
QString resourceDisplayName(const QString &resource)
{
    if (resource == QLatin1String("runs"))
        return ScopePicker::tr("Runs");
    if (resource == QLatin1String("templates"))
        return ScopePicker::tr("Templates");
    if (resource == QLatin1String("files"))
        return ScopePicker::tr("Files");
    if (resource == QLatin1String("data-sources"))
        return ScopePicker::tr("Data sources");
    if (resource == QLatin1String("users"))
        return ScopePicker::tr("Members");
    if (resource == QLatin1String("webhooks"))
        return ScopePicker::tr("Webhooks");
    return resource;
}

QString actionDisplayName(const QString &action)
{
    if (action == QLatin1String("read"))
        return ScopePicker::tr("Read");
    if (action == QLatin1String("write"))
        return ScopePicker::tr("Write");
    if (action == QLatin1String("execute"))
        return ScopePicker::tr("Launch");
    if (action == QLatin1String("publish"))
        return ScopePicker::tr("Publish");
    if (action == QLatin1String("manage"))
        return ScopePicker::tr("Manage");
    return action;
}

bool isReadScope(const QString &scope)
{
    return scope.endsWith(QLatin1String(":read"));
}
} // namespace

ScopePicker::ScopePicker(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(6);
    grid->setContentsMargins(0, 0, 0, 0);
    QString resource;
    int row = -1;
    int column = 0;
    for (const QString &scope : scopes::all()) {
        const qsizetype colon = scope.indexOf(QLatin1Char(':'));
        if (scope.left(colon) != resource) {
            resource = scope.left(colon);
            ++row;
            column = 1;
            auto *label = new QLabel(resourceDisplayName(resource), this);
            QFont bold = label->font();
            bold.setWeight(QFont::DemiBold);
            label->setFont(bold);
            grid->addWidget(label, row, 0);
        }
        auto *box = new QCheckBox(actionDisplayName(scope.mid(colon + 1)), this);
        box->setObjectName(scope);
        box->setToolTip(scope);
        box->setAccessibleName(resourceDisplayName(resource) + QStringLiteral(": ") + box->text());
        connect(box, &QCheckBox::toggled, this, &ScopePicker::changed);
        m_boxes.insert(scope, box);
        grid->addWidget(box, row, column++);
    }
    grid->setColumnStretch(4, 1);

    auto *readOnly = new QPushButton(tr("Read only"), this);
    readOnly->setObjectName(QStringLiteral("presetReadOnly"));
    readOnly->setToolTip(tr("Every read scope, nothing that changes data"));
    auto *all = new QPushButton(tr("Read and write"), this);
    all->setObjectName(QStringLiteral("presetReadWrite"));
    all->setToolTip(tr("Every scope"));
    auto *none = new QPushButton(tr("None"), this);
    none->setObjectName(QStringLiteral("presetNone"));
    for (QPushButton *button : {readOnly, all, none})
        button->setAutoDefault(false); // Enter creates the key, never picks a preset
    connect(readOnly, &QPushButton::clicked, this, &ScopePicker::selectReadOnly);
    connect(all, &QPushButton::clicked, this, &ScopePicker::selectAll);
    connect(none, &QPushButton::clicked, this, &ScopePicker::clear);

    auto *presets = new QHBoxLayout;
    presets->setSpacing(6);
    presets->addWidget(new QLabel(tr("Presets:"), this));
    presets->addWidget(readOnly);
    presets->addWidget(all);
    presets->addWidget(none);
    presets->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(presets);
    layout->addLayout(grid);
}

QStringList ScopePicker::scopes() const
{
    QStringList checked;
    for (const QString &scope : scopes::all()) {
        if (m_boxes.value(scope)->isChecked())
            checked << scope;
    }
    return checked;
}

void ScopePicker::setScopes(const QStringList &scopes)
{
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it)
        it.value()->setChecked(scopes.contains(it.key()));
}

void ScopePicker::selectReadOnly()
{
    QStringList reads;
    for (const QString &scope : scopes::all()) {
        if (isReadScope(scope))
            reads << scope;
    }
    setScopes(reads);
}

void ScopePicker::selectAll()
{
    setScopes(scopes::all());
}

void ScopePicker::clear()
{
    setScopes({});
}

} // namespace cadenio::views
