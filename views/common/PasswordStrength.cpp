#include "PasswordStrength.h"

#include "services/UserRules.h"

#include <QSet>

namespace cadenio::views {

PasswordStrength PasswordStrength::evaluate(const QString &password)
{
    const int length = int(password.size());
    if (length == 0)
        return {Level::Empty, userrules::kMinPasswordLength};
    if (length < userrules::kMinPasswordLength)
        return {Level::TooShort, userrules::kMinPasswordLength - length};

    bool lower = false, upper = false, digit = false, other = false;
    QSet<QChar> distinct;
    for (QChar c : password) {
        distinct.insert(c);
        if (c.isLower())
            lower = true;
        else if (c.isUpper())
            upper = true;
        else if (c.isDigit())
            digit = true;
        else
            other = true;
    }
    // "aaaaaaaaaaaa" and "abababababab" are long but trivial to guess.
    if (distinct.size() < 6)
        return {Level::Weak, 0};

    int score = int(lower) + int(upper) + int(digit) + int(other);
    // Length beats character classes: a long passphrase of plain words is strong.
    if (length >= 16)
        ++score;
    if (length >= 20)
        ++score;
    if (score >= 4)
        return {Level::Strong, 0};
    if (score == 3)
        return {Level::Fair, 0};
    return {Level::Weak, 0};
}

QString PasswordStrength::hint() const
{
    switch (m_level) {
    // The minimum is a constant above one, so "characters" is always plural in English.
    case Level::Empty:
        return tr("Use at least %1 characters.").arg(userrules::kMinPasswordLength);
    case Level::TooShort:
        return tr("Too short: use at least %1 characters (%2 more).")
            .arg(userrules::kMinPasswordLength)
            .arg(m_missing);
    case Level::Weak:
        return tr("Weak: a longer passphrase or a mix of letters, digits and symbols helps.");
    case Level::Fair:
        return tr("Fair: a few more characters would make it strong.");
    case Level::Strong:
        return tr("Strong password.");
    }
    return {};
}

} // namespace cadenio::views
