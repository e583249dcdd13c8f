#pragma once

#include <QWidget>

class QLabel;

namespace cadenio::views {

// The title and one-line explanation at the top of every pane, so all panes start alike.
class PaneHeader : public QWidget
{
    Q_OBJECT
public:
    PaneHeader(const QString &title, const QString &description, QWidget *parent = nullptr);

private:
    QLabel *m_title;
    QLabel *m_description;
};

} // namespace cadenio::views
