#pragma once

#include "store/SecretStore.h"

#include <memory>
#include <optional>

namespace cadenio::app {

// Opens where the store's master secret lives. A store that has been opened before says
// where (`recorded`, see recordedSecretLocation()), and only that place is opened; if it
// cannot be reached this throws SecretStoreError rather than start over somewhere else.
// A new store gets the OS keychain when a Secret Service answers, else a 0600 file in the
// data folder (announced in the log); CADENIO_SECRET_STORE = keychain | file | memory forces
// the choice for a new store (memory: tests only, nothing survives the process).
std::unique_ptr<SecretStore> openSecretStore(const QString &dataDir,
                                             const std::optional<QString> &recorded);

} // namespace cadenio::app
