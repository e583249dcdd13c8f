#pragma once

#include "PasswordStrength.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace cadenio::views {

// The live meter and sentence under a password field.
class PasswordStrengthHint : public QWidget
{
    Q_OBJECT
public:
    explicit PasswordStrengthHint(QWidget *parent = nullptr);

    PasswordStrength strength() const { return m_strength; }
    QString text() const;

public slots:
    void setPassword(const QString &password);

private:
    PasswordStrength m_strength;
    QProgressBar *m_meter;
    QLabel *m_label;
};

} // namespace cadenio::views
