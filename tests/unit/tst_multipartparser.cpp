// The multipart/form-data parser (RFC 7578 over RFC 2046): boundaries from Content-Type,
// CRLF framing with preamble and epilogue, Content-Disposition names and file names
// (quoted, escaped, RFC 5987), binary bodies, and every malformation as 400 naming the part.

#include "domain/Error.h"
#include "http/MultipartParser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Error;
using cadenio::api::MultipartParser;
using cadenio::api::MultipartPart;

namespace {
const QByteArray kType = "multipart/form-data; boundary=XyZ";

QByteArray textPart(const QByteArray &name, const QByteArray &value)
{
    return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
           "\r\n";
}

QByteArray filePart(const QByteArray &disposition, const QByteArray &body,
                    const QByteArray &type = "application/octet-stream")
{
    return "--XyZ\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + type +
           "\r\n\r\n" + body + "\r\n";
}

const QByteArray kClose = "--XyZ--\r\n";
} // namespace

class TestMultipartParser : public QObject
{
    Q_OBJECT

private slots:
    void boundary_data();
    void boundary();
    void badBoundary_data();
    void badBoundary();
    void parses_data();
    void parses();
    void fileNames_data();
    void fileNames();
    void rejects_data();
    void rejects();
    void limits();
    void requireAndAllowOnly();
};

void TestMultipartParser::boundary_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("token") << QByteArray("multipart/form-data; boundary=abc123")
                           << QByteArray("abc123");
    QTest::newRow("quoted") << QByteArray("multipart/form-data; boundary=\"a b:c\"")
                            << QByteArray("a b:c");
    QTest::newRow("case-insensitive type and name")
        << QByteArray("Multipart/Form-Data; BOUNDARY=x") << QByteArray("x");
    QTest::newRow("other parameters first")
        << QByteArray("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxk")
        << QByteArray("----WebKitFormBoundary7MA4YWxk");
    QTest::newRow("spaces around")
        << QByteArray("multipart/form-data ;  boundary=q  ") << QByteArray("q");
    QTest::newRow("70 characters")
        << "multipart/form-data; boundary=" + QByteArray(70, 'b') << QByteArray(70, 'b');
    QTest::newRow("all RFC 2046 specials")
        << QByteArray("multipart/form-data; boundary=\"'()+_,-./:=?\"")
        << QByteArray("'()+_,-./:=?");
}

void TestMultipartParser::boundary()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, expected);
    QCOMPARE(MultipartParser::boundary(contentType), expected);
}

void TestMultipartParser::badBoundary_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("json") << QByteArray("application/json");
    QTest::newRow("mixed") << QByteArray("multipart/mixed; boundary=x");
    QTest::newRow("no boundary") << QByteArray("multipart/form-data");
    QTest::newRow("empty boundary") << QByteArray("multipart/form-data; boundary=\"\"");
    QTest::newRow("71 characters") << "multipart/form-data; boundary=" + QByteArray(71, 'b');
    QTest::newRow("trailing space") << QByteArray("multipart/form-data; boundary=\"ab \"");
    QTest::newRow("forbidden character") << QByteArray("multipart/form-data; boundary=\"a;b\"");
    QTest::newRow("non-ASCII") << QByteArray("multipart/form-data; boundary=\"a\xc3\xa9\"");
    QTest::newRow("unterminated quote") << QByteArray("multipart/form-data; boundary=\"abc");
    QTest::newRow("twice") << QByteArray("multipart/form-data; boundary=a; boundary=b");
    QTest::newRow("no value") << QByteArray("multipart/form-data; boundary=");
}

void TestMultipartParser::badBoundary()
{
    QFETCH(QByteArray, contentType);
    try {
        MultipartParser::boundary(contentType);
        QFAIL("accepted");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::InvalidRequest);
        QCOMPARE(e.field(), u"Content-Type"_s);
    }
}

void TestMultipartParser::parses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QByteArray>("lastBody");

    const QByteArray two = textPart("a", "1") + textPart("b", "2") + kClose;
    QTest::newRow("two parts") << two << QStringList{u"a"_s, u"b"_s} << QByteArray("2");
    QTest::newRow("preamble") << "ignored preamble\r\n" + two << QStringList{u"a"_s, u"b"_s}
                              << QByteArray("2");
    QTest::newRow("preamble containing the boundary without CRLF")
        << "x--XyZ junk\r\n" + two << QStringList{u"a"_s, u"b"_s} << QByteArray("2");
    QTest::newRow("epilogue") << two + "epilogue --XyZ\r\n"
                              << QStringList{u"a"_s, u"b"_s} << QByteArray("2");
    QTest::newRow("close without CRLF")
        << textPart("a", "1") + "--XyZ--" << QStringList{u"a"_s} << QByteArray("1");
    QTest::newRow("padding after boundary")
        << QByteArray("--XyZ  \t\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--")
        << QStringList{u"a"_s} << QByteArray("v");
    QTest::newRow("empty value") << textPart("a", "") + kClose << QStringList{u"a"_s}
                                 << QByteArray();
    QTest::newRow("CRLF inside value")
        << textPart("a", "\r\n\r\n--XyZX\r\n--Xy\r\n") + kClose << QStringList{u"a"_s}
        << QByteArray("\r\n\r\n--XyZX\r\n--Xy\r\n");
    QTest::newRow("binary with NUL, CR, LF")
        << filePart("form-data; name=f; filename=b.bin", QByteArray("\0\r\0\n\r\r\n\xff\x00", 9)) +
               kClose
        << QStringList{u"f"_s} << QByteArray("\0\r\0\n\r\r\n\xff\x00", 9);
    QTest::newRow("bare LF inside content is content")
        << textPart("a", "x\ny") + kClose << QStringList{u"a"_s} << QByteArray("x\ny");
    QTest::newRow("header names case-insensitive")
        << QByteArray("--XyZ\r\ncontent-disposition: FORM-DATA; NAME=\"a\"\r\nX-Other: 1\r\n\r\nv"
                      "\r\n--XyZ--")
        << QStringList{u"a"_s} << QByteArray("v");
    QTest::newRow("UTF-8 part name")
        << textPart("caf\xc3\xa9", "v") + kClose << QStringList{u"café"_s} << QByteArray("v");
}

void TestMultipartParser::parses()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, names);
    QFETCH(QByteArray, lastBody);
    const QList<MultipartPart> parts = MultipartParser::parse(kType, body);
    QStringList got;
    for (const MultipartPart &part : parts)
        got << part.name;
    QCOMPARE(got, names);
    QCOMPARE(parts.last().body, lastBody);
}

void TestMultipartParser::fileNames_data()
{
    QTest::addColumn<QByteArray>("disposition");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("hasFileName");

    QTest::newRow("none") << QByteArray("form-data; name=f") << QString() << false;
    QTest::newRow("quoted") << QByteArray("form-data; name=\"f\"; filename=\"a b.txt\"")
                            << u"a b.txt"_s << true;
    QTest::newRow("token") << QByteArray("form-data; name=f; filename=a.txt") << u"a.txt"_s << true;
    QTest::newRow("empty") << QByteArray("form-data; name=f; filename=\"\"") << QString() << true;
    QTest::newRow("escaped quote and backslash")
        << QByteArray(R"(form-data; name=f; filename="a\"b\\c.txt")") << u"c.txt"_s << true;
    QTest::newRow("escaped quote") << QByteArray(R"(form-data; name=f; filename="say \"hi\".txt")")
                                   << u"say \"hi\".txt"_s << true;
    QTest::newRow("semicolon in quotes")
        << QByteArray("form-data; name=f; filename=\"a;b=c.txt\"") << u"a;b=c.txt"_s << true;
    QTest::newRow("raw UTF-8") << QByteArray("form-data; name=f; filename=\"\xe2\x82\xac.txt\"")
                               << u"€.txt"_s << true;
    QTest::newRow("RFC 5987 wins")
        << QByteArray(
               "form-data; name=f; filename=\"EUR.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt")
        << u"€ rates.txt"_s << true;
    QTest::newRow("RFC 5987 charset case, language")
        << QByteArray("form-data; name=f; filename*=utf-8'en'na%C3%AFve.txt") << u"naïve.txt"_s
        << true;
    QTest::newRow("Windows path") << QByteArray(R"(form-data; name=f; filename="C:\\dir\\x.txt")")
                                  << u"x.txt"_s << true;
    QTest::newRow("Unix path") << QByteArray("form-data; name=f; filename=\"../../etc/passwd\"")
                               << u"passwd"_s << true;
}

void TestMultipartParser::fileNames()
{
    QFETCH(QByteArray, disposition);
    QFETCH(QString, fileName);
    QFETCH(bool, hasFileName);
    const auto parts =
        MultipartParser::parse(kType, filePart(disposition, "data", "text/plain") + kClose);
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts.first().name, u"f"_s);
    QCOMPARE(parts.first().fileName, fileName);
    QCOMPARE(parts.first().hasFileName, hasFileName);
    QCOMPARE(parts.first().contentType, QByteArray("text/plain"));
    QCOMPARE(parts.first().body, QByteArray("data"));
}

void TestMultipartParser::rejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message"); // a piece of it

    QTest::newRow("empty body") << QByteArray() << u"body"_s << u"opening boundary"_s;
    QTest::newRow("other boundary")
        << QByteArray("--abc\r\n\r\n--abc--") << u"body"_s << u"opening boundary"_s;
    QTest::newRow("LF only") << QByteArray(
                                    "--XyZ\nContent-Disposition: form-data; name=a\n\nv\n--XyZ--\n")
                             << u"body"_s << u"CRLF"_s;
    QTest::newRow("LF inside headers")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=a\nContent-Type: x/y\r\n\r\n"
                      "v\r\n--XyZ--")
        << u"body"_s << u"CRLF"_s;
    QTest::newRow("unterminated part") << QByteArray("--XyZ\r\nContent-Disposition: form-data; "
                                                     "name=a\r\n\r\nvalue without end")
                                       << u"a"_s << u"not terminated"_s;
    QTest::newRow("part without a next boundary")
        << textPart("a", "1") << u"a"_s << u"not terminated"_s;
    QTest::newRow("no closing boundary")
        << textPart("a", "1") + "--XyZ" << u"a"_s << u"not terminated"_s;
    QTest::newRow("opening boundary then end of body")
        << QByteArray("preamble\r\n--XyZ  ") << u"body"_s << u"closing boundary"_s;
    QTest::newRow("unterminated headers")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=a") << u"body"_s
        << u"not terminated"_s;
    QTest::newRow("junk after boundary")
        << QByteArray("--XyZjunk\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--")
        << u"body"_s << u"CRLF"_s;
    QTest::newRow("no Content-Disposition")
        << QByteArray("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--") << u"body"_s
        << u"part 1 has no Content-Disposition"_s;
    QTest::newRow("no headers") << QByteArray("--XyZ\r\n\r\nv\r\n--XyZ--") << u"body"_s
                                << u"no Content-Disposition"_s;
    QTest::newRow("not form-data")
        << QByteArray("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--XyZ--")
        << u"body"_s << u"form-data"_s;
    QTest::newRow("no name") << filePart("form-data; filename=x", "v") + kClose << u"body"_s
                             << u"has no name"_s;
    QTest::newRow("duplicate part")
        << textPart("a", "1") + textPart("a", "2") + kClose << u"a"_s << u"more than once"_s;
    QTest::newRow("two Content-Dispositions")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: "
                      "form-data; name=b\r\n\r\nv\r\n--XyZ--")
        << u"body"_s << u"repeats Content-Disposition"_s;
    QTest::newRow("folded header")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n--XyZ--")
        << u"body"_s << u"folds"_s;
    QTest::newRow("header without colon")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=a\r\nBogus\r\n\r\nv\r\n"
                      "--XyZ--")
        << u"body"_s << u"malformed header"_s;
    QTest::newRow("unterminated filename quote")
        << filePart("form-data; name=f; filename=\"abc", "v") + kClose << u"Content-Disposition"_s
        << u"unterminated"_s;
    QTest::newRow("RFC 5987 other charset")
        << filePart("form-data; name=f; filename*=ISO-8859-1''caf%E9", "v") + kClose << u"f"_s
        << u"UTF-8"_s;
    QTest::newRow("RFC 5987 bad escape")
        << filePart("form-data; name=f; filename*=UTF-8''a%G1", "v") + kClose << u"f"_s
        << u"percent"_s;
    QTest::newRow("RFC 5987 truncated escape")
        << filePart("form-data; name=f; filename*=UTF-8''a%E", "v") + kClose << u"f"_s
        << u"percent"_s;
    QTest::newRow("RFC 5987 invalid UTF-8")
        << filePart("form-data; name=f; filename*=UTF-8''%C3%28", "v") + kClose << u"f"_s
        << u"UTF-8"_s;
    QTest::newRow("RFC 5987 without quotes")
        << filePart("form-data; name=f; filename*=abc", "v") + kClose << u"f"_s
        << u"charset'language'value"_s;
    QTest::newRow("invalid UTF-8 filename")
        << filePart("form-data; name=f; filename=\"\xff.txt\"", "v") + kClose << u"f"_s
        << u"UTF-8"_s;
    QTest::newRow("duplicate filename parameter")
        << filePart("form-data; name=f; filename=a; filename=b", "v") + kClose
        << u"Content-Disposition"_s << u"repeats"_s;
}

void TestMultipartParser::rejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QFETCH(QString, message);
    try {
        MultipartParser::parse(kType, body);
        QFAIL("accepted");
    } catch (const Error &e) {
        QCOMPARE(e.code(), Error::Code::InvalidRequest);
        QCOMPARE(e.field(), field);
        QVERIFY2(e.message().contains(message, Qt::CaseInsensitive), qPrintable(e.message()));
    }
}

void TestMultipartParser::limits()
{
    MultipartParser::Limits limits;
    limits.maxParts = 3;
    limits.maxHeaderBytes = 100;

    QByteArray three;
    for (const char *name : {"a", "b", "c"})
        three += textPart(name, "v");
    QCOMPARE(MultipartParser::parse(kType, three + kClose, limits).size(), 3);
    try {
        MultipartParser::parse(kType, three + textPart("d", "v") + kClose, limits);
        QFAIL("four parts accepted");
    } catch (const Error &e) {
        QVERIFY2(e.message().contains(u"more than 3 parts"_s), qPrintable(e.message()));
    }

    const QByteArray padding = "X-Pad: " + QByteArray(40, 'p') + "\r\n";
    const QByteArray fits =
        "--XyZ\r\n" + padding + "Content-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--";
    QCOMPARE(MultipartParser::parse(kType, fits, limits).size(), 1);
    const QByteArray tooBig = "--XyZ\r\n" + padding + padding +
                              "Content-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--";
    try {
        MultipartParser::parse(kType, tooBig, limits);
        QFAIL("oversize headers accepted");
    } catch (const Error &e) {
        QVERIFY2(e.message().contains(u"exceed 100 bytes"_s), qPrintable(e.message()));
    }
    // Headers that never end and go past the limit are reported as too large, not scanned on.
    try {
        MultipartParser::parse(kType, "--XyZ\r\n" + QByteArray(500, 'h'), limits);
        QFAIL("endless headers accepted");
    } catch (const Error &e) {
        QVERIFY2(e.message().contains(u"exceed"_s), qPrintable(e.message()));
    }

    // The defaults: 16 parts.
    QByteArray sixteen;
    for (int i = 0; i < 16; ++i)
        sixteen += textPart(QByteArray::number(i), "v");
    QCOMPARE(MultipartParser::parse(kType, sixteen + kClose).size(), 16);
    QVERIFY_THROWS_EXCEPTION(Error,
                             MultipartParser::parse(kType, sixteen + textPart("x", "v") + kClose));
}

void TestMultipartParser::requireAndAllowOnly()
{
    const auto parts =
        MultipartParser::parse(kType, textPart("a", "1") + textPart("b", "2") + kClose);
    QCOMPARE(MultipartParser::require(parts, u"b"_s).body, QByteArray("2"));
    try {
        MultipartParser::require(parts, u"file"_s);
        QFAIL("missing part found");
    } catch (const Error &e) {
        QCOMPARE(e.field(), u"file"_s);
        QVERIFY(e.message().contains(u"'file'"_s));
    }
    MultipartParser::allowOnly(parts, {u"a"_s, u"b"_s});
    try {
        MultipartParser::allowOnly(parts, {u"a"_s});
        QFAIL("unknown part allowed");
    } catch (const Error &e) {
        QCOMPARE(e.field(), u"b"_s);
    }
}

QTEST_GUILESS_MAIN(TestMultipartParser)
#include "tst_multipartparser.moc"
