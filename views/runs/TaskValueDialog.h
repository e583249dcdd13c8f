#pragma once

#include "domain/Actor.h"
#include "domain/Run.h"
#include "FieldEditor.h"

#include <QDialog>

class QPushButton;

namespace cadenio {
class RunService;
}

namespace cadenio::views {

class InlineMessage;

// Edits the value of one task with the editor its field takes. Opened window-modal with
// open(); a value the service refuses (wrong type, closed run) is shown in the dialog,
// which stays open so the input is not lost.
class TaskValueDialog : public QDialog
{
    Q_OBJECT
public:
    TaskValueDialog(cadenio::RunService &runs, cadenio::Actor actor, const cadenio::Task &task,
                    const QList<FieldEditor::FileChoice> &files, QWidget *parent = nullptr);

    FieldEditor *fieldEditor() const { return m_editor; }

public slots:
    // Saves the entered value; with `clear`, removes the value instead.
    void save(bool clear = false);

signals:
    void valueSaved(const cadenio::Task &task);

private:
    cadenio::RunService &m_runs;
    cadenio::Actor m_actor;
    cadenio::Task m_task;
    FieldEditor *m_editor;
    InlineMessage *m_error;
};

} // namespace cadenio::views
