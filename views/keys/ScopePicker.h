#pragma once

#include <QHash>
#include <QWidget>

class QCheckBox;

namespace cadenio::views {

// The twelve scopes as checkboxes, one row per resource ("Runs: Read Write Launch"), with
// presets for the usual choices. Each checkbox is named after its scope ("runs:read").
class ScopePicker : public QWidget
{
    Q_OBJECT
public:
    explicit ScopePicker(QWidget *parent = nullptr);

    // The checked scopes, in the API reference's order.
    QStringList scopes() const;
    void setScopes(const QStringList &scopes);
    QCheckBox *checkBox(const QString &scope) const { return m_boxes.value(scope); }

public slots:
    void selectReadOnly();
    void selectAll();
    void clear();

signals:
    void changed();

private:
    QHash<QString, QCheckBox *> m_boxes;
};

} // namespace cadenio::views
