#pragma once

#include <QCoreApplication>
#include <QString>

namespace cadenio::views {

// A rough, instant estimate of how guessable a password is, for the hint under password
// fields. Only the length rule is enforced (by the services); the rest is advice.
class PasswordStrength
{
    Q_DECLARE_TR_FUNCTIONS(cadenio::views::PasswordStrength)
public:
    enum class Level
    {
        Empty,
        TooShort,
        Weak,
        Fair,
        Strong
    };

    static PasswordStrength evaluate(const QString &password);

    Level level() const { return m_level; }
    // Whether the services will accept it; everything from Weak up is.
    bool isAcceptable() const { return m_level >= Level::Weak; }
    // 0 (empty) to 4 (strong), for a meter.
    int score() const { return int(m_level); }
    QString hint() const;

private:
    PasswordStrength(Level level, int missing)
        : m_level(level)
        , m_missing(missing)
    {}

    Level m_level;
    int m_missing; // characters short of the minimum
};

} // namespace cadenio::views
