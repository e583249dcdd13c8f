#include "KeyMaterial.h"

#include "Ids.h"

#include <QCryptographicHash>

namespace cadenio::keymaterial {

namespace {
constexpr int kRandomBytes = 24;
constexpr int kRandomChars = 33; // ceil(192 / log2(62))
constexpr int kChecksumChars = 6;

QString checksum(QStringView body)
{
    // 32 bits of SHA-256 suffice to catch typos and to tell our keys from random strings.
    const QByteArray digest = QCryptographicHash::hash(body.toLatin1(), QCryptographicHash::Sha256);
    return ids::base62(digest.left(4));
}
} // namespace

QString generate()
{
    const QString body = ids::randomBase62(kRandomBytes);
    return kPrefix.toString() + body + checksum(body);
}

bool isWellFormed(QStringView key)
{
    if (key.size() != kPrefix.size() + kRandomChars + kChecksumChars || !key.startsWith(kPrefix))
        return false;
    const QStringView rest = key.mid(kPrefix.size());
    for (QChar c : rest) {
        if (!(c.isDigit() || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')))
            return false;
    }
    return checksum(rest.first(kRandomChars)) == rest.last(kChecksumChars);
}

QString displayPrefix(QStringView key)
{
    return kPrefix.toString() + QStringLiteral("...") + key.mid(kPrefix.size(), 4).toString();
}

} // namespace cadenio::keymaterial
