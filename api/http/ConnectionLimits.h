#pragma once

#include <QtGlobal>

namespace cadenio::api {

// What one client may hold of the server before a request even reaches the pipeline.
// QHttpServer 6.4 enforces none of this itself: without it, a client that opens many
// connections, or sends its headers one byte a minute, ties up a serving thread's sockets
// and memory for ever.
struct ConnectionLimits
{
    // From a connection's accept, or the first byte of a request, until the empty line
    // after its headers (408 REQUEST_TIMEOUT, then closed): slowloris.
    int headerTimeoutMs = 10'000;
    // From the end of the headers until the last byte of the declared body (408).
    int bodyTimeoutMs = 300'000;
    // A connection with no traffic either way between requests is closed.
    int idleTimeoutMs = 30'000;
    // Open connections over all serving threads, and from one client address (503
    // TOO_MANY_CONNECTIONS with Retry-After, then closed).
    int maxConnections = 512;
    int maxConnectionsPerClient = 128;
    // Request target (414 URI_TOO_LONG) and the whole head: request line and headers
    // (431 HEADERS_TOO_LARGE).
    int maxUrlBytes = 8 * 1024;
    int maxHeaderBytes = 16 * 1024;
};

} // namespace cadenio::api
