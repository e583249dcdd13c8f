#include "MultipartParser.h"

#include "domain/Error.h"

#include <QSet>
#include <QStringDecoder>

#include <cctype>

namespace cadenio::api {

namespace {
const QByteArray kCrlf = QByteArrayLiteral("\r\n");
constexpr int kMaxBoundary = 70; // RFC 2046 §5.1.1

[[noreturn]] void bad(const QString &field, const QString &message)
{
    throw Error::invalid(field, message);
}

QString bodyField()
{
    return QStringLiteral("body");
}

struct Parameter
{
    QByteArray name; // lower case
    QByteArray value;
};

struct HeaderValue
{
    QByteArray type; // lower case
    QList<Parameter> parameters;
};

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.contains(c);
}

void skipSpace(const QByteArray &text, qsizetype &i)
{
    while (i < text.size() && (text.at(i) == ' ' || text.at(i) == '\t'))
        ++i;
}

// `type *( ";" name "=" ( token / quoted-string ) )`, the grammar Content-Type and
// Content-Disposition share. Quoted strings may escape any character with a backslash.
HeaderValue parseHeaderValue(const QByteArray &text, const QString &field)
{
    HeaderValue result;
    qsizetype i = 0;
    skipSpace(text, i);
    const qsizetype typeStart = i;
    while (i < text.size() && text.at(i) != ';')
        ++i;
    result.type = text.mid(typeStart, i - typeStart).trimmed().toLower();
    while (i < text.size()) {
        ++i; // ';'
        skipSpace(text, i);
        if (i >= text.size())
            break; // a trailing ";" is tolerated, as browsers and curl never send one anyway
        const qsizetype nameStart = i;
        while (i < text.size() && isTokenChar(text.at(i)))
            ++i;
        Parameter parameter;
        parameter.name = text.mid(nameStart, i - nameStart).toLower();
        skipSpace(text, i);
        if (parameter.name.isEmpty() || i >= text.size() || text.at(i) != '=')
            bad(field, QStringLiteral("'%1' has a malformed parameter.").arg(field));
        ++i;
        skipSpace(text, i);
        if (i < text.size() && text.at(i) == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const char c = text.at(i++);
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= text.size())
                        break;
                    parameter.value += text.at(i++);
                } else {
                    parameter.value += c;
                }
            }
            if (!closed)
                bad(field, QStringLiteral("'%1' has an unterminated quoted string.").arg(field));
        } else {
            const qsizetype valueStart = i;
            while (i < text.size() && isTokenChar(text.at(i)))
                ++i;
            parameter.value = text.mid(valueStart, i - valueStart);
            if (parameter.value.isEmpty())
                bad(field, QStringLiteral("'%1' has a parameter without a value.").arg(field));
        }
        skipSpace(text, i);
        if (i < text.size() && text.at(i) != ';')
            bad(field, QStringLiteral("'%1' has a malformed parameter.").arg(field));
        result.parameters << parameter;
    }
    return result;
}

const Parameter *findParameter(const HeaderValue &value, QByteArrayView name, const QString &field)
{
    const Parameter *found = nullptr;
    for (const Parameter &parameter : value.parameters) {
        if (parameter.name != name)
            continue;
        if (found)
            bad(field, QStringLiteral("'%1' repeats the parameter '%2'.")
                           .arg(field, QString::fromLatin1(name)));
        found = &parameter;
    }
    return found;
}

bool isBoundaryChar(char c)
{
    // RFC 2046 bcharsnospace, plus space (not as the last character)
    static const QByteArray extra = QByteArrayLiteral("'()+_,-./:=? ");
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.contains(c);
}

QString strictUtf8(const QByteArray &bytes, const QString &field)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        bad(field, QStringLiteral("'%1' is not valid UTF-8.").arg(field));
    return text;
}

// RFC 5987 ext-value: charset "'" [ language ] "'" value-chars, UTF-8 only (RFC 8187).
QString decodeExtValue(const QByteArray &value, const QString &field)
{
    const qsizetype first = value.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0)
        bad(field, QStringLiteral("'%1' filename* must be charset'language'value.").arg(field));
    if (value.left(first).toLower() != "utf-8")
        bad(field, QStringLiteral("'%1' filename* must use the UTF-8 charset.").arg(field));
    const QByteArray encoded = value.mid(second + 1);
    QByteArray decoded;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c == '%') {
            const bool ok = i + 2 < encoded.size() && std::isxdigit(uchar(encoded.at(i + 1))) &&
                            std::isxdigit(uchar(encoded.at(i + 2)));
            if (!ok)
                bad(field, QStringLiteral("'%1' filename* has a bad percent escape.").arg(field));
            decoded += char(encoded.mid(i + 1, 2).toInt(nullptr, 16));
            i += 2;
        } else if (isTokenChar(c)) {
            decoded += c;
        } else {
            bad(field,
                QStringLiteral("'%1' filename* has a character that must be escaped.").arg(field));
        }
    }
    return strictUtf8(decoded, field);
}

// Some clients (old IE, some scripts) send the whole local path; only the last component is
// the file's name, and keeping directories would invite path tricks downstream.
QString baseName(const QString &name)
{
    const qsizetype slash =
        std::max(name.lastIndexOf(QLatin1Char('/')), name.lastIndexOf(QLatin1Char('\\')));
    return slash < 0 ? name : name.mid(slash + 1);
}

MultipartPart parseHeaders(const QByteArray &block, int index)
{
    // Until the name is known, errors name the part by position.
    const QString where = QStringLiteral("part %1").arg(index + 1);
    MultipartPart part;
    bool haveDisposition = false;
    bool haveType = false;
    const QList<QByteArray> lines = block.isEmpty() ? QList<QByteArray>() : block.split('\n');
    // Framing first, so a malformed line is reported as such and not as whatever the header
    // before it lacks.
    QList<QByteArray> headerLines;
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QByteArray line = lines.at(n);
        // split('\n') leaves the CR of each CRLF; a line without one had a bare LF. The
        // block excludes the CRLF of its last line.
        if (!line.endsWith('\r') && n + 1 < lines.size())
            bad(bodyField(), QStringLiteral("Lines of %1's headers must end in CRLF.").arg(where));
        line.chop(line.endsWith('\r') ? 1 : 0);
        if (line.contains('\r'))
            bad(bodyField(), QStringLiteral("%1 has a bare CR in its headers.").arg(where));
        if (line.startsWith(' ') || line.startsWith('\t'))
            bad(bodyField(),
                QStringLiteral("%1 folds a header line, which RFC 7578 forbids.").arg(where));
        headerLines << line;
    }
    for (const QByteArray &line : headerLines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            bad(bodyField(), QStringLiteral("%1 has a malformed header line.").arg(where));
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-disposition") {
            if (haveDisposition)
                bad(bodyField(), QStringLiteral("%1 repeats Content-Disposition.").arg(where));
            haveDisposition = true;
            const QString field = QStringLiteral("Content-Disposition");
            const HeaderValue disposition = parseHeaderValue(value, field);
            if (disposition.type != "form-data")
                bad(bodyField(),
                    QStringLiteral("%1's Content-Disposition must be form-data.").arg(where));
            const Parameter *partName = findParameter(disposition, "name", field);
            if (!partName || partName->value.isEmpty())
                bad(bodyField(), QStringLiteral("%1 has no name.").arg(where));
            part.name = strictUtf8(partName->value, field);
            const Parameter *fileName = findParameter(disposition, "filename", field);
            const Parameter *extName = findParameter(disposition, "filename*", field);
            if (extName)
                part.fileName = decodeExtValue(extName->value, part.name);
            else if (fileName)
                part.fileName = strictUtf8(fileName->value, part.name);
            part.fileName = baseName(part.fileName);
            part.hasFileName = fileName || extName;
        } else if (name == "content-type") {
            if (haveType)
                bad(bodyField(), QStringLiteral("%1 repeats Content-Type.").arg(where));
            haveType = true;
            part.contentType = value;
        }
        // Other headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored.
    }
    if (!haveDisposition)
        bad(bodyField(), QStringLiteral("%1 has no Content-Disposition.").arg(where));
    return part;
}
} // namespace

QByteArray MultipartParser::boundary(const QByteArray &contentType)
{
    const QString field = QStringLiteral("Content-Type");
    const HeaderValue value = parseHeaderValue(contentType, field);
    if (value.type != "multipart/form-data")
        bad(field, QStringLiteral("'Content-Type' must be multipart/form-data."));
    const Parameter *parameter = findParameter(value, "boundary", field);
    if (!parameter)
        bad(field, QStringLiteral("'Content-Type' has no boundary."));
    const QByteArray &boundary = parameter->value;
    if (boundary.isEmpty() || boundary.size() > kMaxBoundary)
        bad(field, QStringLiteral("The boundary must be 1 to %1 characters.").arg(kMaxBoundary));
    if (!std::all_of(boundary.begin(), boundary.end(), isBoundaryChar) || boundary.endsWith(' '))
        bad(field, QStringLiteral("The boundary has characters RFC 2046 does not allow."));
    return boundary;
}

QList<MultipartPart> MultipartParser::parse(const QByteArray &contentType, const QByteArray &body,
                                            const Limits &limits)
{
    const QByteArray dashBoundary = "--" + boundary(contentType);
    const QByteArray delimiter = kCrlf + dashBoundary;

    // The first boundary opens the body or follows a preamble and CRLF.
    qsizetype pos = 0;
    if (!body.startsWith(dashBoundary)) {
        const qsizetype found = body.indexOf(delimiter);
        if (found < 0)
            bad(bodyField(), QStringLiteral("The body has no opening boundary."));
        pos = found + kCrlf.size();
    }
    pos += dashBoundary.size();

    QList<MultipartPart> parts;
    QSet<QString> names;
    for (;;) {
        // After a boundary: "--" closes the body (the epilogue is ignored); otherwise optional
        // whitespace and CRLF start a part.
        if (body.mid(pos, 2) == "--")
            break;
        skipSpace(body, pos);
        if (body.mid(pos, 2) != kCrlf)
            bad(bodyField(), pos >= body.size()
                                 ? QStringLiteral("The body ends without a closing boundary.")
                                 : QStringLiteral("A boundary line must end in CRLF."));
        pos += 2;
        if (parts.size() >= limits.maxParts)
            bad(bodyField(),
                QStringLiteral("The body has more than %1 parts.").arg(limits.maxParts));

        // Header block: lines up to an empty line (the part may have no headers at all,
        // which parseHeaders refuses for the missing Content-Disposition).
        qsizetype headerEnd;
        qsizetype bodyStart;
        if (body.mid(pos, 2) == kCrlf) {
            headerEnd = pos;
            bodyStart = pos + 2;
        } else {
            headerEnd = body.indexOf("\r\n\r\n", pos);
            if (headerEnd < 0 || headerEnd - pos > limits.maxHeaderBytes) {
                bad(bodyField(), headerEnd < 0 && body.size() - pos <= limits.maxHeaderBytes
                                     ? QStringLiteral("Part %1's headers are not terminated.")
                                           .arg(parts.size() + 1)
                                     : QStringLiteral("Part %1's headers exceed %2 bytes.")
                                           .arg(parts.size() + 1)
                                           .arg(limits.maxHeaderBytes));
            }
            bodyStart = headerEnd + 4;
        }
        MultipartPart part = parseHeaders(body.mid(pos, headerEnd - pos), int(parts.size()));
        if (names.contains(part.name))
            bad(part.name, QStringLiteral("The part '%1' appears more than once.").arg(part.name));
        names.insert(part.name);

        // A match is a delimiter only when "--" or whitespace and CRLF follow: content may
        // hold the boundary's text as a prefix of a longer line ("--XyZX"), which is no end.
        qsizetype next = body.indexOf(delimiter, bodyStart);
        while (next >= 0) {
            qsizetype after = next + delimiter.size();
            if (body.mid(after, 2) == "--")
                break;
            skipSpace(body, after);
            if (body.mid(after, 2) == kCrlf)
                break;
            next = body.indexOf(delimiter, next + 1);
        }
        if (next < 0)
            bad(part.name,
                QStringLiteral("The part '%1' is not terminated by a boundary.").arg(part.name));
        part.body = body.mid(bodyStart, next - bodyStart);
        parts << part;
        pos = next + delimiter.size();
    }
    return parts;
}

const MultipartPart &MultipartParser::require(const QList<MultipartPart> &parts,
                                              const QString &name)
{
    for (const MultipartPart &part : parts) {
        if (part.name == name)
            return part;
    }
    bad(name, QStringLiteral("The part '%1' is required.").arg(name));
}

void MultipartParser::allowOnly(const QList<MultipartPart> &parts, const QStringList &allowed)
{
    for (const MultipartPart &part : parts) {
        if (!allowed.contains(part.name))
            bad(part.name, QStringLiteral("Unknown part '%1'.").arg(part.name));
    }
}

} // namespace cadenio::api
