#pragma once

// What every fuzz target shares: the input as Qt bytes, a way to cut it into pieces, and
// the rule that only cadenio::Error may escape a parser. Anything else (another
// exception, a crash, a sanitizer report) is a finding: in the server it would be a 500.

#include "domain/Error.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace cadenio::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Splits off everything up to the first '\n' (dropped); the rest stays in `input`. Lets one
// input carry several fields, e.g. a Content-Type line and then a body.
inline QByteArray takeLine(QByteArray &input)
{
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return std::exchange(input, QByteArray());
    QByteArray line = input.left(newline);
    input.remove(0, newline + 1);
    return line;
}

// Runs `body`; the clear 4xx the API answers with is an expected outcome, not a finding.
template<typename Body>
void expectingOnlyApiErrors(Body &&body)
{
    try {
        body();
    } catch (const Error &) {
    }
}

// A broken invariant: abort so libFuzzer keeps the input.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);    \
            abort();                                                                               \
        }                                                                                          \
    } while (false)

} // namespace cadenio::fuzz
