#include "UserRules.h"

#include "domain/Error.h"

#include <QRegularExpression>

namespace cadenio::userrules {

QString email(const QString &value, const QString &field)
{
    // Deliberately simple: one "@", a dot in the domain, no spaces. Emails are compared
    // in lower case so "Ann@x.org" and "ann@x.org" are one account.
    static const QRegularExpression shape(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
    const QString cleaned = value.trimmed().toLower();
    if (cleaned.size() > 254 || !shape.match(cleaned).hasMatch())
        throw Error::unprocessable(
            field, QStringLiteral("'%1' must be a valid email address.").arg(field));
    return cleaned;
}

QString name(const QString &value, const QString &field)
{
    const QString cleaned = value.trimmed();
    if (cleaned.isEmpty())
        throw Error::unprocessable(field, QStringLiteral("'%1' must not be empty.").arg(field));
    if (cleaned.size() > kMaxNameLength)
        throw Error::unprocessable(
            field,
            QStringLiteral("'%1' must be at most %2 characters.").arg(field).arg(kMaxNameLength));
    return cleaned;
}

void password(const QString &value, const QString &field)
{
    if (value.size() < kMinPasswordLength)
        throw Error::unprocessable(field, QStringLiteral("'%1' must be at least %2 characters.")
                                              .arg(field)
                                              .arg(kMinPasswordLength));
    if (value.size() > 1024)
        throw Error::unprocessable(
            field, QStringLiteral("'%1' must be at most 1024 characters.").arg(field));
}

} // namespace cadenio::userrules
