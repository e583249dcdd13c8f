// Credentials as the resolver reads them: the Authorization header (first line), the
// Cookie header (second line), then the shape checks of keys and session tokens.
#include "auth/PrincipalResolver.h"
#include "domain/KeyMaterial.h"
#include "FuzzInput.h"
#include "http/ApiRequest.h"
#include "services/SessionService.h"

using namespace cadenio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray input = fuzz::bytes(data, size);
    api::ApiRequest request;
    const QByteArray authorization = fuzz::takeLine(input);
    if (!authorization.isEmpty())
        request.headers.append({QByteArrayLiteral("Authorization"), authorization});
    request.headers.append({QByteArrayLiteral("Cookie"), fuzz::takeLine(input)});
    fuzz::expectingOnlyApiErrors([&] {
        const QString token = api::PrincipalResolver::bearerToken(request);
        // A token from the header is one word; a blank header falls back to the cookie.
        if (!authorization.trimmed().isEmpty())
            FUZZ_CHECK(!token.contains(QLatin1Char(' ')));
        if (keymaterial::isWellFormed(token))
            FUZZ_CHECK(keymaterial::displayPrefix(token).size() <= 15);
        SessionService::looksLikeToken(token);
    });
    return 0;
}
