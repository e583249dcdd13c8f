// Page cursors and the limit/cursor query of every list endpoint.
#include "FuzzInput.h"
#include "http/Pagination.h"

using namespace cadenio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const QString text = QString::fromUtf8(input);
    if (const auto position = api::pagination::decodeCursor(text)) {
        // A cursor we accept names a position we could have written ourselves.
        const auto again = api::pagination::decodeCursor(api::pagination::encodeCursor(*position));
        FUZZ_CHECK(again && again->createdAt == position->createdAt && again->id == position->id);
    }
    fuzz::expectingOnlyApiErrors([&] {
        const PageRequest request = api::pagination::read(QUrlQuery(text));
        FUZZ_CHECK(request.limit >= 1 && request.limit <= api::pagination::kMaxLimit);
    });
    return 0;
}
