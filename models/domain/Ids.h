#pragma once

#include <QByteArray>
#include <QString>

namespace cadenio::ids {

// Opaque identifiers: a type prefix ("usr_", "run_", …) and 128 random bits in base62.
QString generate(QStringView prefix);

// base62 of `bytes` random bytes from the system CSPRNG, for tokens and secrets.
QString randomBase62(int bytes);

QString base62(const QByteArray &bytes);

bool hasPrefix(QStringView id, QStringView prefix);

} // namespace cadenio::ids
