#pragma once

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QDateEdit;

namespace cadenio::views {

// When a new key stops working: never, after 7, 30 or 90 days, or at the end of a chosen
// day. The combo box is named "expiry" (its data: days, 0 for never, -1 for a date), the
// date field "expiryDate".
class ExpiryPicker : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kNever = 0;
    static constexpr int kOnDate = -1;

    explicit ExpiryPicker(QWidget *parent = nullptr);

    // Invalid for never.
    QDateTime expiresAt(const QDateTime &now) const;
    // Chooses a preset by its data (days, kNever, kOnDate).
    void choose(int preset);
    void setDate(const QDate &date);

private:
    void updateDateField();

    QComboBox *m_preset;
    QDateEdit *m_date;
};

} // namespace cadenio::views
