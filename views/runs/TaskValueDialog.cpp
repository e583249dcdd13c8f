#include "TaskValueDialog.h"

#include "common/DialogButtons.h"
#include "common/InlineMessage.h"
#include "domain/Error.h"
#include "services/RunService.h"
#include "store/StoreError.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cadenio::views {

TaskValueDialog::TaskValueDialog(RunService &runs, Actor actor, const Task &task,
                                 const QList<FieldEditor::FileChoice> &files, QWidget *parent)
    : QDialog(parent)
    , m_runs(runs)
    , m_actor(std::move(actor))
    , m_task(task)
    , m_editor(new FieldEditor(task.field, files, this))
    , m_error(new InlineMessage(this))
{
    setWindowTitle(tr("Edit Value"));
    setWindowModality(Qt::WindowModal);
    setMinimumWidth(420);

    auto *title = new QLabel(task.name, this);
    QFont titleFont = title->font();
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    title->setTextFormat(Qt::PlainText);
    auto *description = new QLabel(task.description, this);
    description->setTextFormat(Qt::PlainText);
    description->setWordWrap(true);
    description->setForegroundRole(QPalette::PlaceholderText);
    description->setVisible(!task.description.isEmpty());

    m_editor->setValue(task.value);
    m_editor->editor()->setAccessibleName(tr("Value of %1").arg(task.name));
    m_error->setObjectName(QStringLiteral("valueError"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *saveButton = addAcceptButton(buttons, tr("&Save"));
    saveButton->setObjectName(QStringLiteral("saveValueButton"));
    QPushButton *clearButton = buttons->addButton(tr("C&lear Value"), QDialogButtonBox::ResetRole);
    clearButton->setObjectName(QStringLiteral("clearValueButton"));
    clearButton->setEnabled(!task.value.isNull());
    connect(saveButton, &QPushButton::clicked, this, [this] { save(false); });
    connect(clearButton, &QPushButton::clicked, this, [this] { save(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Value:"), m_editor);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(description);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    m_editor->setFocus();
}

void TaskValueDialog::save(bool clear)
{
    QString problem;
    const std::optional<QJsonValue> value =
        clear ? std::optional(QJsonValue(QJsonValue::Null)) : m_editor->value(&problem);
    if (!value) {
        m_error->showError(problem);
        return;
    }
    RunService::TaskChanges changes;
    changes.value = *value;
    try {
        const Task saved = m_runs.updateTask(m_actor, m_task.runId, m_task.id, changes);
        emit valueSaved(saved);
        accept();
    } catch (const Error &error) {
        m_error->showError(error.message());
    } catch (const StoreError &error) {
        m_error->showError(tr("The value could not be saved: %1").arg(error.message()));
    }
}

} // namespace cadenio::views
