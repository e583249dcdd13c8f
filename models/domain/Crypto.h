#pragma once

#include <QByteArrayView>

namespace cadenio::crypto {

// libsodium must be initialised once per process before first use; every user calls this.
void ensureInitialized();

// Comparison whose time depends only on the length, for secrets and their hashes.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace cadenio::crypto
