#pragma once

#include <QString>

namespace cadenio::keymaterial {

// sk_live_ + 192 random bits in base62 (33 characters) + a 6-character base62 checksum
// of them. The checksum lets a scanner recognise a leaked key offline and lets the server
// reject a mistyped one without a database lookup; it adds no secrecy.
QString generate();
bool isWellFormed(QStringView key);
// "sk_live_...a1b2": the prefix and the first four characters of the random part.
QString displayPrefix(QStringView key);

constexpr QStringView kPrefix = u"sk_live_";

} // namespace cadenio::keymaterial
