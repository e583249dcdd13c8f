#include "RequestFraming.h"

#include <QList>

#include <algorithm>

namespace cadenio::api {

namespace {

// Index just past the empty line that ends a head, searching from `from`; -1 while there
// is none yet. Bare LF line ends count too, as QHttpServer's parser accepts them.
qsizetype headEnd(const QByteArray &head, qsizetype from)
{
    for (qsizetype i = head.indexOf('\n', from); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i + 1 < head.size() && head.at(i + 1) == '\n')
            return i + 2;
        if (i + 2 < head.size() && head.at(i + 1) == '\r' && head.at(i + 2) == '\n')
            return i + 3;
    }
    return -1;
}

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

RequestFraming::RequestFraming(const ConnectionLimits &limits, BodyLimit bodyLimit)
    : m_limits(limits)
    , m_bodyLimit(std::move(bodyLimit))
{}

RequestFraming::Phase RequestFraming::phase() const
{
    if (m_inBody)
        return Phase::Body;
    return m_head.isEmpty() ? Phase::Idle : Phase::Head;
}

std::optional<RequestFraming::Rejection> RequestFraming::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    while (i < bytes.size() && !m_rejected) {
        if (m_inBody) {
            const qsizetype take = qsizetype(qMin<qint64>(m_bodyLeft, bytes.size() - i));
            m_bodyLeft -= take;
            i += take;
            m_inBody = m_bodyLeft > 0;
            continue;
        }
        // RFC 9112 §2.2: empty lines before a request line are ignored.
        if (m_head.isEmpty() && (bytes[i] == '\r' || bytes[i] == '\n')) {
            ++i;
            continue;
        }
        const qsizetype old = m_head.size();
        // One byte over the limit is enough to know it is over.
        const qsizetype take = qMin(qsizetype(m_limits.maxHeaderBytes) + 1 - old, bytes.size() - i);
        m_head.append(bytes.sliced(i, take));
        const qsizetype end = headEnd(m_head, qMax<qsizetype>(0, old - 2));
        if (end >= 0) {
            i += end - old;
            m_head.truncate(end);
        } else {
            i += take;
        }
        std::optional<Rejection> rejection = checkHead();
        if (!rejection && end >= 0)
            rejection = completeHead();
        if (rejection) {
            m_rejected = true;
            return rejection;
        }
    }
    return std::nullopt;
}

std::optional<RequestFraming::Rejection> RequestFraming::checkHead() const
{
    // The request target runs from the first space to the last one of the request line.
    // While the line is incomplete that is a lower bound of its final length, so a target
    // refused early would have been refused whole.
    const qsizetype lineEnd = m_head.indexOf('\n');
    const QByteArrayView line =
        lineEnd < 0 ? QByteArrayView(m_head) : QByteArrayView(m_head).first(lineEnd);
    // Before the first space it is all method, which the head limit bounds.
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    const qsizetype target =
        firstSpace < 0 ? 0 : (lastSpace > firstSpace ? lastSpace : line.size()) - firstSpace - 1;
    if (target > m_limits.maxUrlBytes) {
        return Rejection{
            414, "URI_TOO_LONG",
            QStringLiteral("The request target exceeds %1 bytes.").arg(m_limits.maxUrlBytes)};
    }
    if (m_head.size() > m_limits.maxHeaderBytes) {
        return Rejection{431, "HEADERS_TOO_LARGE",
                         QStringLiteral("The request line and headers exceed %1 bytes.")
                             .arg(m_limits.maxHeaderBytes)};
    }
    return std::nullopt;
}

std::optional<RequestFraming::Rejection> RequestFraming::completeHead()
{
    QByteArray contentType;
    std::optional<qint64> length;
    const QList<QByteArray> lines = m_head.split('\n');
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QByteArray &line = lines.at(n);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue; // the empty last line; anything malformed is the server parser's to refuse
        const QByteArray name = line.first(colon).trimmed().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            // Without a declared length no limit can be enforced before the body is
            // buffered, so a length is required (RFC 9110 §15.5.12).
            return Rejection{411, "LENGTH_REQUIRED",
                             QStringLiteral("Send the body with Content-Length; "
                                            "Transfer-Encoding is not accepted.")};
        }
        if (name == "content-length") {
            // Two readers that disagree on a length is how requests are smuggled.
            const qint64 declared = value.size() <= 18 && isDigits(value) ? value.toLongLong() : -1;
            if (declared < 0 || (length && *length != declared)) {
                return Rejection{
                    400, "INVALID_REQUEST",
                    QStringLiteral("'Content-Length' must be one non-negative integer.")};
            }
            length = declared;
        } else if (name == "content-type") {
            contentType = value;
        }
    }
    const qint64 limit = m_bodyLimit(contentType);
    if (length.value_or(0) > limit) {
        return Rejection{413, "PAYLOAD_TOO_LARGE",
                         QStringLiteral("The request body exceeds %1 bytes.").arg(limit)};
    }
    ++m_heads;
    m_head.clear();
    m_bodyLeft = length.value_or(0);
    m_inBody = m_bodyLeft > 0;
    return std::nullopt;
}

} // namespace cadenio::api
