#include "http/JsonReader.h"

#include "domain/Error.h"
#include "domain/Role.h"

#include <QTest>

#include <functional>
#include <optional>

using namespace cadenio;
using namespace cadenio::api;

// Each row carries what an endpoint would do with the body, so one table covers parsing,
// field checks and nested paths alike.
using Read = std::function<void(const QByteArray &)>;
Q_DECLARE_METATYPE(Read)
Q_DECLARE_METATYPE(cadenio::Error::Code)

namespace {
const QString kRoles = QStringLiteral("OWNER, ADMIN, MEMBER, AUDITOR");

std::optional<Error> errorOf(const Read &read, const QByteArray &body)
{
    try {
        read(body);
    } catch (const Error &e) {
        return e;
    }
    return std::nullopt;
}
} // namespace

class TestJsonReader : public QObject
{
    Q_OBJECT

private slots:
    void rejects_data();
    void rejects();
    void readsValues();
    void integers_data();
    void integers();
    void optionalsAbsent();
};

void TestJsonReader::rejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Read>("read");
    QTest::addColumn<Error::Code>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("messagePart");

    const auto bad = Error::Code::InvalidRequest;
    const Read parseOnly = [](const QByteArray &b) { JsonReader::parse(b, {u"name"}); };
    const Read name = [](const QByteArray &b) {
        JsonReader::parse(b, {u"name"}).string(QStringLiteral("name"));
    };

    // Whole-body problems: no field to name.
    QTest::addRow("empty body") << QByteArray() << parseOnly << bad << QString()
                                << QStringLiteral("JSON object");
    QTest::addRow("whitespace body")
        << QByteArray(" \n ") << parseOnly << bad << QString() << QStringLiteral("JSON object");
    QTest::addRow("malformed") << QByteArray(R"({"name": })") << parseOnly << bad << QString()
                               << QStringLiteral("Malformed JSON");
    QTest::addRow("trailing comma") << QByteArray(R"({"name": "x",})") << parseOnly << bad
                                    << QString() << QStringLiteral("Malformed JSON");
    QTest::addRow("array") << QByteArray("[1, 2]") << parseOnly << bad << QString()
                           << QStringLiteral("JSON object");
    // Qt's parser refuses top-level scalars as malformed; 400 either way.
    QTest::addRow("string") << QByteArray(R"("name")") << parseOnly << bad << QString()
                            << QStringLiteral("JSON");
    QTest::addRow("null") << QByteArray("null") << parseOnly << bad << QString()
                          << QStringLiteral("JSON");

    // Unknown fields: a typo in a client must not pass silently.
    QTest::addRow("unknown field")
        << QByteArray(R"({"name": "x", "nmae": "y"})") << parseOnly << bad << QStringLiteral("nmae")
        << QStringLiteral("Unknown field");
    QTest::addRow("unknown nested field")
        << QByteArray(R"({"a": {"b": 1, "c": 2}})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"a"}).object(QStringLiteral("a"), {u"b"});
           })
        << bad << QStringLiteral("a.c") << QStringLiteral("Unknown field");

    // Required and typed fields name themselves.
    QTest::addRow("missing") << QByteArray("{}") << name << bad << QStringLiteral("name")
                             << QStringLiteral("required");
    QTest::addRow("null for required") << QByteArray(R"({"name": null})") << name << bad
                                       << QStringLiteral("name") << QStringLiteral("required");
    QTest::addRow("string expected") << QByteArray(R"({"name": 5})") << name << bad
                                     << QStringLiteral("name") << QStringLiteral("a string");
    QTest::addRow("boolean expected")
        << QByteArray(R"({"flag": "true"})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"flag"}).boolean(QStringLiteral("flag"));
           })
        << bad << QStringLiteral("flag") << QStringLiteral("a boolean");
    QTest::addRow("array expected")
        << QByteArray(R"({"tags": "a"})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"tags"}).stringList(QStringLiteral("tags"));
           })
        << bad << QStringLiteral("tags") << QStringLiteral("an array");
    QTest::addRow("object expected")
        << QByteArray(R"({"a": [1]})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"a"}).object(QStringLiteral("a"), {u"b"});
           })
        << bad << QStringLiteral("a") << QStringLiteral("an object");
    QTest::addRow("nested wrong type")
        << QByteArray(R"({"a": {"b": 1}})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"a"})
                   .object(QStringLiteral("a"), {u"b"})
                   .string(QStringLiteral("b"));
           })
        << bad << QStringLiteral("a.b") << QStringLiteral("'a.b' must be a string");
    QTest::addRow("deeply nested missing")
        << QByteArray(R"({"a": {"b": {}}})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"a"})
                   .object(QStringLiteral("a"), {u"b"})
                   .object(QStringLiteral("b"), {u"c"})
                   .string(QStringLiteral("c"));
           })
        << bad << QStringLiteral("a.b.c") << QStringLiteral("'a.b.c' is required");
    QTest::addRow("list element")
        << QByteArray(R"({"tags": ["a", 2, "c"]})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"tags"}).stringList(QStringLiteral("tags"));
           })
        << bad << QStringLiteral("tags[1]") << QStringLiteral("'tags[1]' must be a string");
    QTest::addRow("nested list element")
        << QByteArray(R"({"a": {"tags": ["x", "y", null]}})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"a"})
                   .object(QStringLiteral("a"), {u"tags"})
                   .stringList(QStringLiteral("tags"));
           })
        << bad << QStringLiteral("a.tags[2]") << QStringLiteral("a.tags[2]");

    // Integers: JSON numbers are doubles; only exactly representable whole numbers pass.
    const Read count = [](const QByteArray &b) {
        JsonReader::parse(b, {u"count"}).optionalInteger(QStringLiteral("count"));
    };
    QTest::addRow("integer as string") << QByteArray(R"({"count": "3"})") << count << bad
                                       << QStringLiteral("count") << QStringLiteral("an integer");
    QTest::addRow("integer with fraction")
        << QByteArray(R"({"count": 1.5})") << count << bad << QStringLiteral("count")
        << QStringLiteral("an integer");
    QTest::addRow("integer 2^53 + 1")
        << QByteArray(R"({"count": 9007199254740993})") << count << bad << QStringLiteral("count")
        << QStringLiteral("an integer");
    QTest::addRow("integer -(2^53 + 1)")
        << QByteArray(R"({"count": -9007199254740993})") << count << bad << QStringLiteral("count")
        << QStringLiteral("an integer");
    QTest::addRow("integer 1e300") << QByteArray(R"({"count": 1e300})") << count << bad
                                   << QStringLiteral("count") << QStringLiteral("an integer");
    QTest::addRow("integer null") << QByteArray(R"({"count": null})") << count << bad
                                  << QStringLiteral("count") << QStringLiteral("count");

    // Enums: right type, value not one we know → 422, not 400.
    const Read role = [](const QByteArray &b) {
        JsonReader::parse(b, {u"role"})
            .enumValue<Role>(QStringLiteral("role"), roleFromName, kRoles);
    };
    QTest::addRow("enum unknown") << QByteArray(R"({"role": "SUPERUSER"})") << role
                                  << Error::Code::Unprocessable << QStringLiteral("role") << kRoles;
    QTest::addRow("enum lower case")
        << QByteArray(R"({"role": "owner"})") << role << Error::Code::Unprocessable
        << QStringLiteral("role") << QStringLiteral("one of");
    QTest::addRow("enum wrong type") << QByteArray(R"({"role": 1})") << role << bad
                                     << QStringLiteral("role") << QStringLiteral("a string");
    QTest::addRow("optional enum unknown, nested")
        << QByteArray(R"({"a": {"role": "ROOT"}})") << Read([](const QByteArray &b) {
               JsonReader::parse(b, {u"a"})
                   .object(QStringLiteral("a"), {u"role"})
                   .optionalEnum<Role>(QStringLiteral("role"), roleFromName, kRoles);
           })
        << Error::Code::Unprocessable << QStringLiteral("a.role") << QStringLiteral("'a.role'");
}

void TestJsonReader::rejects()
{
    QFETCH(QByteArray, body);
    QFETCH(Read, read);
    QFETCH(Error::Code, code);
    QFETCH(QString, field);
    QFETCH(QString, messagePart);

    const std::optional<Error> error = errorOf(read, body);
    QVERIFY2(error.has_value(), "accepted");
    QCOMPARE(error->code(), code);
    QCOMPARE(error->field(), field);
    QVERIFY2(error->message().contains(messagePart), qPrintable(error->message()));
    // CONTRACT §2: the message names the field, not just the "field" member.
    if (!field.isEmpty())
        QVERIFY2(error->message().contains(field), qPrintable(error->message()));
}

void TestJsonReader::readsValues()
{
    const JsonReader body = JsonReader::parse(
        R"({"name": "Ann", "flag": false, "count": 42, "tags": ["x", "y"], "role": "ADMIN",
            "a": {"b": "deep"}, "gone": null})",
        {u"name", u"flag", u"count", u"tags", u"role", u"a", u"gone"});
    QCOMPARE(body.string(QStringLiteral("name")), QStringLiteral("Ann"));
    QCOMPARE(body.boolean(QStringLiteral("flag")), false);
    QCOMPARE(body.optionalInteger(QStringLiteral("count")), std::optional<qint64>(42));
    QCOMPARE(body.stringList(QStringLiteral("tags")),
             (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    QCOMPARE(body.enumValue<Role>(QStringLiteral("role"), roleFromName, kRoles), Role::Admin);
    QCOMPARE(body.object(QStringLiteral("a"), {u"b"}).string(QStringLiteral("b")),
             QStringLiteral("deep"));
    // "Present but null" and "absent" differ for PATCH (clear vs keep).
    QVERIFY(body.has(QStringLiteral("gone")) && body.isNull(QStringLiteral("gone")));
    QVERIFY(!body.has(QStringLiteral("missing")) && !body.isNull(QStringLiteral("missing")));
}

void TestJsonReader::integers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("zero") << QByteArray(R"({"count": 0})") << qint64(0);
    QTest::addRow("negative") << QByteArray(R"({"count": -7})") << qint64(-7);
    QTest::addRow("whole-valued decimal") << QByteArray(R"({"count": 3.0})") << qint64(3);
    QTest::addRow("exponent") << QByteArray(R"({"count": 1e3})") << qint64(1000);
    QTest::addRow("2^53 - 1") << QByteArray(R"({"count": 9007199254740991})")
                              << qint64(9007199254740991);
    QTest::addRow("-(2^53 - 1)") << QByteArray(R"({"count": -9007199254740991})")
                                 << qint64(-9007199254740991);
}

void TestJsonReader::integers()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, expected);
    QCOMPARE(JsonReader::parse(body, {u"count"}).optionalInteger(QStringLiteral("count")),
             std::optional<qint64>(expected));
}

void TestJsonReader::optionalsAbsent()
{
    const JsonReader body = JsonReader::parse("{}", {u"name", u"flag", u"count", u"role"});
    QVERIFY(!body.optionalString(QStringLiteral("name")).has_value());
    QVERIFY(!body.optionalBoolean(QStringLiteral("flag")).has_value());
    QVERIFY(!body.optionalInteger(QStringLiteral("count")).has_value());
    QVERIFY(!body.optionalEnum<Role>(QStringLiteral("role"), roleFromName, kRoles).has_value());
}

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
