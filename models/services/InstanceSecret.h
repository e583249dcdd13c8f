#pragma once

#include "MasterKey.h"

#include <optional>

namespace cadenio {

class Database;
class SecretStore;

// The master key of the store's instance. On the store's first open it creates the secret
// in `secrets` and records that place in the store; afterwards it only reads it from
// there. It never mints a replacement: a new secret would silently invalidate every key and
// session, so a missing secret or another place than the recorded one throws
// SecretStoreError with what to do.
MasterKey openMasterKey(const Database &database, SecretStore &secrets);

// Where the store says its secret lives, if it has been opened before.
std::optional<QString> recordedSecretLocation(const Database &database);

} // namespace cadenio
