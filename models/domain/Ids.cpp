#include "Ids.h"

#include "Crypto.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace cadenio::ids {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
}

QString base62(const QByteArray &bytes)
{
    // Big-number division by 62; inputs are short (≤ 64 bytes), so O(n²) is fine.
    QByteArray number = bytes;
    QString digits;
    auto isZero = [&number] {
        return std::all_of(number.cbegin(), number.cend(), [](char c) { return c == 0; });
    };
    const int width = int(std::ceil(bytes.size() * 8 / std::log2(62.0)));
    while (!isZero()) {
        int remainder = 0;
        for (char &c : number) {
            const int acc = remainder * 256 + static_cast<unsigned char>(c);
            c = static_cast<char>(acc / 62);
            remainder = acc % 62;
        }
        digits.prepend(QLatin1Char(kAlphabet[remainder]));
    }
    // Fixed width, so every id of a type has the same length.
    while (digits.size() < width)
        digits.prepend(QLatin1Char('0'));
    return digits;
}

QString randomBase62(int bytes)
{
    crypto::ensureInitialized();
    QByteArray buffer(bytes, Qt::Uninitialized);
    randombytes_buf(buffer.data(), size_t(buffer.size()));
    return base62(buffer);
}

QString generate(QStringView prefix)
{
    return prefix.toString() + randomBase62(16);
}

bool hasPrefix(QStringView id, QStringView prefix)
{
    return id.startsWith(prefix) && id.size() > prefix.size();
}

} // namespace cadenio::ids
