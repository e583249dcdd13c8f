#include "Crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace cadenio::crypto {

void ensureInitialized()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not be initialised");
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return sodium_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

} // namespace cadenio::crypto
