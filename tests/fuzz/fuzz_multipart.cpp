// multipart/form-data uploads: first line the Content-Type header, the rest the body.
#include "FuzzInput.h"
#include "http/MultipartParser.h"

using namespace cadenio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray body = fuzz::bytes(data, size);
    const QByteArray contentType = fuzz::takeLine(body);
    fuzz::expectingOnlyApiErrors([&] {
        const QList<api::MultipartPart> parts = api::MultipartParser::parse(contentType, body);
        for (const api::MultipartPart &part : parts) {
            FUZZ_CHECK(!part.name.isEmpty());
            FUZZ_CHECK(part.body.size() <= body.size());
            // Directories are stripped: a stored name can never climb out of a folder.
            FUZZ_CHECK(!part.fileName.contains(QLatin1Char('/')) &&
                       !part.fileName.contains(QLatin1Char('\\')));
        }
        api::MultipartParser::allowOnly(
            parts, {QStringLiteral("file"), QStringLiteral("run_id"), QStringLiteral("task_id")});
        api::MultipartParser::require(parts, QStringLiteral("file"));
    });
    return 0;
}
