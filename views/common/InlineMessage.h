#pragma once

#include <QLabel>

namespace cadenio::views {

// A message shown in place, next to what it is about, instead of in a modal box: the user
// reads it and fixes the field without losing what they typed. Hidden while empty.
class InlineMessage : public QLabel
{
    Q_OBJECT
public:
    enum class Kind
    {
        Error,
        Success,
        Information
    };

    explicit InlineMessage(QWidget *parent = nullptr);

    Kind kind() const { return m_kind; }

public slots:
    void showError(const QString &text);
    void showSuccess(const QString &text);
    void showInformation(const QString &text);
    void dismiss();

private:
    void showMessage(Kind kind, const QString &text);

    Kind m_kind = Kind::Information;
};

} // namespace cadenio::views
