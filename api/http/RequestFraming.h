#pragma once

#include "ConnectionLimits.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace cadenio::api {

// Follows the framing of HTTP/1.1 requests on one connection as bytes arrive, in any
// pieces: each request's head up to its empty line, then Content-Length bytes of body,
// then the next request. Judges each head against the limits as early as the bytes allow
// (a request target over the limit is refused before its line ends). Pure: no sockets, so
// it is fuzzed, and fed the same bytes whole or in pieces it decides the same.
class RequestFraming
{
public:
    // The largest body accepted for a Content-Type.
    using BodyLimit = std::function<qint64(QByteArrayView contentType)>;

    struct Rejection
    {
        int status = 0;
        QByteArray code; // the API's error code
        QString message;
    };

    enum class Phase
    {
        Idle, // between requests
        Head,
        Body,
    };

    RequestFraming(const ConnectionLimits &limits, BodyLimit bodyLimit);

    // Takes newly received bytes. After a rejection nothing more is read.
    std::optional<Rejection> feed(QByteArrayView bytes);

    Phase phase() const;
    // Heads received whole so far: each is a request the server will answer.
    int headsCompleted() const { return m_heads; }
    bool isRejected() const { return m_rejected; }

private:
    std::optional<Rejection> checkHead() const;
    std::optional<Rejection> completeHead();

    ConnectionLimits m_limits;
    BodyLimit m_bodyLimit;
    bool m_inBody = false;
    bool m_rejected = false;
    QByteArray m_head; // the current request's head so far
    qint64 m_bodyLeft = 0;
    int m_heads = 0;
};

} // namespace cadenio::api
