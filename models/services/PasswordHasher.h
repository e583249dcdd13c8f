#pragma once

#include <QString>

namespace cadenio::passwords {

// Argon2id (libsodium's crypto_pwhash_str, interactive limits): the encoded string carries
// its own salt and parameters, so limits can rise later without breaking old hashes.
QString hash(const QString &password);
bool verify(const QString &encoded, const QString &password);

// Spends the same effort as verify() against a real hash, so an unknown email answers in
// the same time as a wrong password.
void verifyDummy(const QString &password);

} // namespace cadenio::passwords
