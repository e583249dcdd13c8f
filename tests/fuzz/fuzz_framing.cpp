// The connection guard's view of a request stream: RequestFraming fed the same bytes
// whole and in pieces (the first input byte seeds the piece sizes) must decide the same:
// same rejection, same number of requests, same phase. A difference would let a client
// slip a request past the limits by choosing how its bytes arrive.
#include "FuzzInput.h"
#include "http/RequestFraming.h"

using namespace cadenio;

namespace {

api::ConnectionLimits smallLimits()
{
    // Small limits, so that the fuzzer reaches them with short inputs.
    api::ConnectionLimits limits;
    limits.maxUrlBytes = 64;
    limits.maxHeaderBytes = 256;
    return limits;
}

qint64 bodyLimit(QByteArrayView contentType)
{
    return contentType.startsWith("multipart/") ? 4096 : 512;
}

struct Verdict
{
    int status = 0; // 0: not rejected
    int heads = 0;
    api::RequestFraming::Phase phase = api::RequestFraming::Phase::Idle;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t seed = data[0];
    const QByteArray stream = fuzz::bytes(data + 1, size - 1);

    api::RequestFraming whole(smallLimits(), bodyLimit);
    Verdict once;
    if (const auto rejection = whole.feed(stream)) {
        once.status = rejection->status;
        FUZZ_CHECK(!rejection->code.isEmpty() && !rejection->message.isEmpty());
    }
    once.heads = whole.headsCompleted();
    once.phase = whole.phase();

    api::RequestFraming pieces(smallLimits(), bodyLimit);
    Verdict split;
    qsizetype at = 0;
    int step = 0;
    while (at < stream.size() && split.status == 0) {
        const qsizetype length = qMin<qsizetype>(1 + (seed + 7 * step++) % 13, stream.size() - at);
        if (const auto rejection = pieces.feed(QByteArrayView(stream).sliced(at, length)))
            split.status = rejection->status;
        at += length;
    }
    split.heads = pieces.headsCompleted();
    split.phase = pieces.phase();

    FUZZ_CHECK(once.status == split.status);
    FUZZ_CHECK(once.heads == split.heads);
    FUZZ_CHECK(once.status != 0 || once.phase == split.phase);
    return 0;
}
