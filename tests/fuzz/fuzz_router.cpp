// The endpoint table: first line the method, the rest the request target as QHttpServer
// hands it over (its path, percent-decoded by QUrl).
#include "endpoints/Endpoints.h"
#include "FuzzInput.h"

#include <QUrl>

using namespace cadenio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const api::Router router = api::allRoutes();
    QByteArray target = fuzz::bytes(data, size);
    const QByteArray method = fuzz::takeLine(target);
    const QString path = QUrl(QString::fromUtf8(target)).path();
    const api::Router::Match match = router.match(method, path);
    if (match.route) {
        FUZZ_CHECK(match.route->method == method);
        FUZZ_CHECK(match.allowedMethods.isEmpty());
        for (const QString &value : match.parameters)
            FUZZ_CHECK(!value.isEmpty() && !value.contains(QLatin1Char('/')));
    } else {
        FUZZ_CHECK(!match.allowedMethods.contains(method));
    }
    return 0;
}
