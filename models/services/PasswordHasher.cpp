#include "PasswordHasher.h"

#include "domain/Crypto.h"

#include <QByteArray>

#include <sodium.h>

#include <stdexcept>

namespace cadenio::passwords {

QString hash(const QString &password)
{
    crypto::ensureInitialized();
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return QString::fromLatin1(out);
}

bool verify(const QString &encoded, const QString &password)
{
    crypto::ensureInitialized();
    const QByteArray hashed = encoded.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(hashed.constData(), utf8.constData(), quint64(utf8.size())) ==
           0;
}

void verifyDummy(const QString &password)
{
    static const QString dummy = hash(QStringLiteral("cadenio-dummy-password"));
    verify(dummy, password);
}

} // namespace cadenio::passwords
