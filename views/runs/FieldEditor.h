#pragma once

#include "domain/Field.h"

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QWidget>

#include <optional>

namespace cadenio::views {

// The editor that fits a task's field: a line for text, email, URL and record ids, a text
// box for long text, a checked number line, a date picker, a check box, a list of options
// (one or several), or a choice among the files attached to the task.
class FieldEditor : public QWidget
{
    Q_OBJECT
public:
    using FileChoice = QPair<QString, QString>; // file id, label

    // `files`: what a file field may point to.
    FieldEditor(const cadenio::FieldSpec &field, const QList<FileChoice> &files = {},
                QWidget *parent = nullptr);

    const cadenio::FieldSpec &field() const { return m_field; }
    // The inner editor, for focus, accessibility and tests.
    QWidget *editor() const { return m_editor; }

    void setValue(const QJsonValue &value);
    // The value entered, or nullopt with `error` set when the input cannot be one (a
    // number that does not parse). Empty text is Null: the value is cleared.
    std::optional<QJsonValue> value(QString *error) const;

private:
    cadenio::FieldSpec m_field;
    QWidget *m_editor = nullptr;
};

} // namespace cadenio::views
