#include "ExpiryPicker.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLocale>

namespace cadenio::views {

ExpiryPicker::ExpiryPicker(QWidget *parent)
    : QWidget(parent)
    , m_preset(new QComboBox(this))
    , m_date(new QDateEdit(this))
{
    m_preset->setObjectName(QStringLiteral("expiry"));
    m_preset->setAccessibleName(tr("Expiry"));
    m_preset->addItem(tr("Never"), kNever);
    m_preset->addItem(tr("In 7 days"), 7);
    m_preset->addItem(tr("In 30 days"), 30);
    m_preset->addItem(tr("In 90 days"), 90);
    m_preset->addItem(tr("On a date…"), kOnDate);
    // A key that never expires is the easiest to forget; suggest a rotation period.
    m_preset->setCurrentIndex(m_preset->findData(90));

    m_date->setObjectName(QStringLiteral("expiryDate"));
    m_date->setAccessibleName(tr("Expiry date"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    // The key works through the chosen day, so the earliest useful day is tomorrow.
    const QDate tomorrow = QDate::currentDate().addDays(1);
    m_date->setMinimumDate(tomorrow);
    m_date->setDate(QDate::currentDate().addDays(30));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_preset);
    layout->addWidget(m_date);
    layout->addStretch();
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ExpiryPicker::updateDateField);
    updateDateField();
}

QDateTime ExpiryPicker::expiresAt(const QDateTime &now) const
{
    const int preset = m_preset->currentData().toInt();
    if (preset == kNever)
        return {};
    if (preset == kOnDate)
        return QDateTime(m_date->date(), QTime(23, 59, 59)).toUTC();
    return now.addDays(preset);
}

void ExpiryPicker::choose(int preset)
{
    const int index = m_preset->findData(preset);
    if (index >= 0)
        m_preset->setCurrentIndex(index);
}

void ExpiryPicker::setDate(const QDate &date)
{
    choose(kOnDate);
    m_date->setDate(date);
}

void ExpiryPicker::updateDateField()
{
    m_date->setVisible(m_preset->currentData().toInt() == kOnDate);
}

} // namespace cadenio::views
