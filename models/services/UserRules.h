#pragma once

#include <QString>

namespace cadenio::userrules {

constexpr int kMinPasswordLength = 12;
constexpr int kMaxNameLength = 200;

// Each returns the cleaned value or throws Error UNPROCESSABLE naming `field`.
QString email(const QString &value, const QString &field = QStringLiteral("email"));
QString name(const QString &value, const QString &field = QStringLiteral("name"));
void password(const QString &value, const QString &field = QStringLiteral("password"));

} // namespace cadenio::userrules
