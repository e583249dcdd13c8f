// Form fields and task definitions as clients send them: every field type's declaration
// and the values it accepts, and every mistake in a task list answered with the exact
// path of the offending field.

#include "domain/Error.h"
#include "domain/Field.h"
#include "domain/TaskDefinitionJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Error;
using cadenio::FieldSpec;
using cadenio::TaskDefinition;

namespace {

// Any JSON value, scalars included, from its text.
QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        qFatal("bad JSON in a test row: %s", text.constData());
    return doc.array().at(0);
}

struct Failure
{
    QString code; // empty: no error
    QString field;
};

template<typename Call>
Failure failureOf(Call call)
{
    try {
        call();
    } catch (const Error &e) {
        return {e.codeName(), e.field()};
    }
    return {};
}

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

} // namespace

class TestField : public QObject
{
    Q_OBJECT

private slots:
    void typeNames();
    void validSpecs_data();
    void validSpecs();
    void invalidSpecs_data();
    void invalidSpecs();
    void values_data();
    void values();
    void textLimits();

    void roundTripsThroughJson();
    void invalidTasks_data();
    void invalidTasks();
    void tooManyTasks();
};

void TestField::typeNames()
{
    const QStringList names = FieldSpec::typeNames();
    QCOMPARE(names, QStringList({u"text"_s, u"long_text"_s, u"number"_s, u"boolean"_s, u"date"_s,
                                 u"email"_s, u"url"_s, u"select"_s, u"multi_select"_s, u"file"_s,
                                 u"data_source"_s}));
    for (const QString &name : names) {
        const auto type = FieldSpec::typeFromName(name);
        QVERIFY2(type.has_value(), qPrintable(name));
        QCOMPARE(FieldSpec::typeName(*type), name);
    }
    QVERIFY(!FieldSpec::typeFromName(u"Text").has_value());
    QVERIFY(!FieldSpec::typeFromName(u"").has_value());
}

void TestField::validSpecs_data()
{
    QTest::addColumn<QByteArray>("spec");
    for (const char *type :
         {"text", "long_text", "number", "boolean", "date", "email", "url", "file"})
        QTest::addRow("%s", type) << QByteArray(R"({"type":")" + QByteArray(type) + R"("})");
    QTest::addRow("select") << QByteArray(R"({"type":"select","options":["low","high"]})");
    QTest::addRow("multi_select") << QByteArray(R"({"type":"multi_select","options":["a"]})");
    QTest::addRow("data_source") << QByteArray(
        R"({"type":"data_source","data_source_id":"ds_vendors"})");
}

void TestField::validSpecs()
{
    QFETCH(QByteArray, spec);
    const FieldSpec parsed = FieldSpec::fromJson(json(spec), u"field"_s);
    // What is read is what is written back: stored definitions parse the same way again.
    QCOMPARE(compact(parsed.toJson()), compact(json(spec)));
    QCOMPARE(FieldSpec::fromJson(parsed.toJson(), u"field"_s), parsed);
}

void TestField::invalidSpecs_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const char *spec, const char *code, const char *field) {
        QTest::addRow("%s", tag) << QByteArray(spec) << QString::fromLatin1(code)
                                 << QString::fromLatin1(field);
    };
    row("not an object", R"("text")", "INVALID_REQUEST", "f");
    row("missing type", R"({})", "INVALID_REQUEST", "f.type");
    row("type not a string", R"({"type":5})", "INVALID_REQUEST", "f.type");
    row("unknown type", R"({"type":"color"})", "UNPROCESSABLE", "f.type");
    row("type in capitals", R"({"type":"TEXT"})", "UNPROCESSABLE", "f.type");
    row("unknown key", R"({"type":"text","placeholder":"x"})", "INVALID_REQUEST", "f.placeholder");
    row("select without options", R"({"type":"select"})", "UNPROCESSABLE", "f.options");
    row("select with no options", R"({"type":"select","options":[]})", "UNPROCESSABLE",
        "f.options");
    row("multi_select without options", R"({"type":"multi_select"})", "UNPROCESSABLE", "f.options");
    row("options not an array", R"({"type":"select","options":"a,b"})", "INVALID_REQUEST",
        "f.options");
    row("option not a string", R"({"type":"select","options":["a",2]})", "INVALID_REQUEST",
        "f.options[1]");
    row("repeated option", R"({"type":"select","options":["a","b","a"]})", "UNPROCESSABLE",
        "f.options[2]");
    row("blank option", R"({"type":"select","options":["  "]})", "UNPROCESSABLE", "f.options[0]");
    row("options on text", R"({"type":"text","options":["a"]})", "UNPROCESSABLE", "f.options");
    row("data source without id", R"({"type":"data_source"})", "UNPROCESSABLE", "f.data_source_id");
    row("data source id of another kind", R"({"type":"data_source","data_source_id":"rec_1"})",
        "UNPROCESSABLE", "f.data_source_id");
    row("data source id not a string", R"({"type":"data_source","data_source_id":7})",
        "INVALID_REQUEST", "f.data_source_id");
    row("data source id on text", R"({"type":"text","data_source_id":"ds_1"})", "UNPROCESSABLE",
        "f.data_source_id");
}

void TestField::invalidSpecs()
{
    QFETCH(QByteArray, spec);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const Failure failure = failureOf([&] { FieldSpec::fromJson(json(spec), u"f"_s); });
    QCOMPARE(failure.code, code);
    QCOMPARE(failure.field, field);
}

void TestField::values_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("fits");
    const auto row = [](const char *spec, const char *value, bool fits) {
        QTest::addRow("%s %s %s", spec, value, fits ? "fits" : "does not fit")
            << QByteArray(spec) << QByteArray(value) << fits;
    };
    const char *select = R"({"type":"select","options":["low","high"]})";
    const char *multi = R"({"type":"multi_select","options":["a","b"]})";
    const char *source = R"({"type":"data_source","data_source_id":"ds_1"})";

    // Null clears a value, whatever the type.
    for (const char *spec : {R"({"type":"text"})", R"({"type":"number"})", R"({"type":"boolean"})",
                             select, multi, R"({"type":"file"})", source})
        row(spec, "null", true);

    row(R"({"type":"text"})", R"("hello")", true);
    row(R"({"type":"text"})", R"("")", true);
    row(R"({"type":"text"})", "5", false);
    row(R"({"type":"text"})", "true", false);
    row(R"({"type":"text"})", R"(["a"])", false);
    row(R"({"type":"long_text"})", R"("line one\nline two")", true);
    row(R"({"type":"long_text"})", "{}", false);
    row(R"({"type":"number"})", "42", true);
    row(R"({"type":"number"})", "-1.5", true);
    row(R"({"type":"number"})", "0", true);
    row(R"({"type":"number"})", R"("42")", false);
    row(R"({"type":"number"})", "true", false);
    row(R"({"type":"boolean"})", "true", true);
    row(R"({"type":"boolean"})", "false", true);
    row(R"({"type":"boolean"})", R"("true")", false);
    row(R"({"type":"boolean"})", "0", false);
    row(R"({"type":"date"})", R"("2026-05-01")", true);
    row(R"({"type":"date"})", R"("2024-02-29")", true);
    row(R"({"type":"date"})", R"("2026-05-01T10:00:00Z")", true);
    row(R"({"type":"date"})", R"("2026-05-01T10:00:00+02:00")", true);
    row(R"({"type":"date"})", R"("2026-02-30")", false);
    row(R"({"type":"date"})", R"("2026-5-1")", false);
    row(R"({"type":"date"})", R"("01.05.2026")", false);
    row(R"({"type":"date"})", R"("2026-05-01T10:00:00")", false);
    row(R"({"type":"date"})", "20260501", false);
    row(R"({"type":"email"})", R"("ann@example.org")", true);
    row(R"({"type":"email"})", R"("ann@example")", false);
    row(R"({"type":"email"})", R"("ann smith@example.org")", false);
    row(R"({"type":"email"})", R"("a@b@example.org")", false);
    row(R"({"type":"email"})", "5", false);
    row(R"({"type":"url"})", R"("https://example.org/path?q=1")", true);
    row(R"({"type":"url"})", R"("http://example.org")", true);
    row(R"({"type":"url"})", R"("ftp://example.org")", false);
    row(R"({"type":"url"})", R"("example.org")", false);
    row(R"({"type":"url"})", R"("https://")", false);
    row(R"({"type":"url"})", "5", false);
    row(select, R"("low")", true);
    row(select, R"("medium")", false);
    row(select, R"("LOW")", false);
    row(select, R"(["low"])", false);
    row(multi, R"(["a","b"])", true);
    row(multi, "[]", true);
    row(multi, R"(["a","a"])", false);
    row(multi, R"(["c"])", false);
    row(multi, R"("a")", false);
    row(multi, "[1]", false);
    row(R"({"type":"file"})", R"("file_8f2k")", true);
    row(R"({"type":"file"})", R"("rec_8f2k")", false);
    row(R"({"type":"file"})", "5", false);
    row(source, R"("rec_8f2k")", true);
    row(source, R"("file_8f2k")", false);
    row(source, R"({"id":"rec_8f2k"})", false);
}

void TestField::values()
{
    QFETCH(QByteArray, spec);
    QFETCH(QByteArray, value);
    QFETCH(bool, fits);
    const FieldSpec field = FieldSpec::fromJson(json(spec), u"field"_s);
    const Failure failure = failureOf([&] { field.checkValue(json(value), u"tasks[3].value"_s); });
    if (fits) {
        QVERIFY2(failure.code.isEmpty(), qPrintable(failure.code));
        return;
    }
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"tasks[3].value"_s);
}

void TestField::textLimits()
{
    const FieldSpec text = FieldSpec::fromJson(json(R"({"type":"text"})"), u"f"_s);
    const FieldSpec longText = FieldSpec::fromJson(json(R"({"type":"long_text"})"), u"f"_s);
    const auto fits = [](const FieldSpec &field, qsizetype length) {
        return failureOf([&] { field.checkValue(QString(length, u'x'), u"v"_s); }).code.isEmpty();
    };
    QVERIFY(fits(text, 10000));
    QVERIFY(!fits(text, 10001));
    QVERIFY(fits(longText, 10001));
    QVERIFY(fits(longText, 100000));
    QVERIFY(!fits(longText, 100001));
}

void TestField::roundTripsThroughJson()
{
    const QJsonValue input = json(R"([
        {"id":"tdef_approve","name":"  Approve  ","field":{"type":"boolean"}},
        {"name":"Reason","description":"Why not","required":false,
         "field":{"type":"long_text"},"assignee_id":"usr_1","due_offset_hours":48,
         "condition":{"task_id":"tdef_approve","equals":false}},
        {"name":"Priority","field":{"type":"select","options":["low","high"]},
         "condition":{"task_id":"tdef_approve","equals":null}}
    ])");
    const QList<TaskDefinition> tasks = cadenio::taskjson::fromJson(input);
    QCOMPARE(tasks.size(), 3);
    QCOMPARE(tasks.at(0).id, u"tdef_approve"_s);
    QCOMPARE(tasks.at(0).name, u"Approve"_s); // trimmed
    QVERIFY(tasks.at(0).required);            // the default
    QVERIFY(!tasks.at(0).condition.has_value());
    QVERIFY(!tasks.at(0).dueOffsetHours.has_value());
    // Items without an id get a fresh one each.
    QVERIFY(tasks.at(1).id.startsWith(u"tdef_"_s));
    QVERIFY(tasks.at(2).id.startsWith(u"tdef_"_s));
    QVERIFY(tasks.at(1).id != tasks.at(2).id);
    QVERIFY(!tasks.at(1).required);
    QCOMPARE(tasks.at(1).description, u"Why not"_s);
    QCOMPARE(tasks.at(1).assigneeId, u"usr_1"_s);
    QCOMPARE(tasks.at(1).dueOffsetHours, std::optional<int>(48));
    QVERIFY(tasks.at(1).condition.has_value());
    QCOMPARE(tasks.at(1).condition->taskId, u"tdef_approve"_s);
    QCOMPARE(tasks.at(1).condition->equals, QJsonValue(false));
    QCOMPARE(tasks.at(2).field.options, QStringList({u"low"_s, u"high"_s}));

    // The written form carries every key, nulls included, and reads back unchanged.
    const QJsonArray written = cadenio::taskjson::toJson(tasks);
    QCOMPARE(written.at(0).toObject().keys(),
             QStringList({u"assignee_id"_s, u"condition"_s, u"description"_s, u"due_offset_hours"_s,
                          u"field"_s, u"id"_s, u"name"_s, u"required"_s}));
    QVERIFY(written.at(0).toObject().value(u"assignee_id"_s).isNull());
    QCOMPARE(cadenio::taskjson::fromJson(written), tasks);
}

void TestField::invalidTasks_data()
{
    QTest::addColumn<QByteArray>("tasks");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const auto row = [](const char *tag, const QByteArray &tasks, const char *code,
                        const char *field) {
        QTest::addRow("%s", tag) << tasks << QString::fromLatin1(code)
                                 << QString::fromLatin1(field);
    };
    // A second task after a valid boolean one, so paths show the index and conditions
    // have an earlier task to refer to.
    const auto after = [](const char *second) -> QByteArray {
        return R"([{"id":"tdef_a","name":"Approve","field":{"type":"boolean"}},)" +
               QByteArray(second) + "]";
    };
    row("not an array", R"({"name":"x"})", "INVALID_REQUEST", "tasks");
    row("item not an object", "[5]", "INVALID_REQUEST", "tasks[0]");
    row("unknown key", after(R"({"name":"x","field":{"type":"text"},"colour":"red"})"),
        "INVALID_REQUEST", "tasks[1].colour");
    row("missing name", R"([{"field":{"type":"text"}}])", "INVALID_REQUEST", "tasks[0].name");
    row("name not a string", R"([{"name":7,"field":{"type":"text"}}])", "INVALID_REQUEST",
        "tasks[0].name");
    row("blank name", R"([{"name":"   ","field":{"type":"text"}}])", "UNPROCESSABLE",
        "tasks[0].name");
    row("missing field", R"([{"name":"x"}])", "INVALID_REQUEST", "tasks[0].field");
    row("field type unknown", after(R"({"name":"x","field":{"type":"colour"}})"), "UNPROCESSABLE",
        "tasks[1].field.type");
    row("select without options", after(R"({"name":"x","field":{"type":"select"}})"),
        "UNPROCESSABLE", "tasks[1].field.options");
    row("id of another kind", R"([{"id":"task_1","name":"x","field":{"type":"text"}}])",
        "UNPROCESSABLE", "tasks[0].id");
    row("id not a string", R"([{"id":5,"name":"x","field":{"type":"text"}}])", "INVALID_REQUEST",
        "tasks[0].id");
    row("repeated id", after(R"({"id":"tdef_a","name":"x","field":{"type":"text"}})"),
        "UNPROCESSABLE", "tasks[1].id");
    row("required not a boolean", R"([{"name":"x","required":"yes","field":{"type":"text"}}])",
        "INVALID_REQUEST", "tasks[0].required");
    row("description not a string", R"([{"name":"x","description":1,"field":{"type":"text"}}])",
        "INVALID_REQUEST", "tasks[0].description");
    row("assignee not a string", R"([{"name":"x","assignee_id":[],"field":{"type":"text"}}])",
        "INVALID_REQUEST", "tasks[0].assignee_id");
    row("fractional offset", R"([{"name":"x","due_offset_hours":1.5,"field":{"type":"text"}}])",
        "INVALID_REQUEST", "tasks[0].due_offset_hours");
    row("offset as text", R"([{"name":"x","due_offset_hours":"2","field":{"type":"text"}}])",
        "INVALID_REQUEST", "tasks[0].due_offset_hours");
    row("negative offset", R"([{"name":"x","due_offset_hours":-1,"field":{"type":"text"}}])",
        "UNPROCESSABLE", "tasks[0].due_offset_hours");
    row("offset beyond ten years",
        R"([{"name":"x","due_offset_hours":87601,"field":{"type":"text"}}])", "UNPROCESSABLE",
        "tasks[0].due_offset_hours");
    row("offset beyond any int",
        R"([{"name":"x","due_offset_hours":1e12,"field":{"type":"text"}}])", "UNPROCESSABLE",
        "tasks[0].due_offset_hours");
    row("condition not an object",
        after(R"({"name":"x","field":{"type":"text"},"condition":"tdef_a"})"), "INVALID_REQUEST",
        "tasks[1].condition");
    row("condition with unknown key",
        after(
            R"({"name":"x","field":{"type":"text"},"condition":{"task_id":"tdef_a","equals":true,"when":1}})"),
        "INVALID_REQUEST", "tasks[1].condition.when");
    row("condition without task_id",
        after(R"({"name":"x","field":{"type":"text"},"condition":{"equals":true}})"),
        "INVALID_REQUEST", "tasks[1].condition.task_id");
    row("condition without equals",
        after(R"({"name":"x","field":{"type":"text"},"condition":{"task_id":"tdef_a"}})"),
        "INVALID_REQUEST", "tasks[1].condition.equals");
    row("condition on an unknown task",
        after(
            R"({"name":"x","field":{"type":"text"},"condition":{"task_id":"tdef_zz","equals":true}})"),
        "UNPROCESSABLE", "tasks[1].condition.task_id");
    row("condition on itself",
        R"([{"id":"tdef_s","name":"x","field":{"type":"boolean"},"condition":{"task_id":"tdef_s","equals":true}}])",
        "UNPROCESSABLE", "tasks[0].condition.task_id");
    // Only earlier tasks: a condition on a later one would read out of order.
    row("condition on a later task",
        R"([{"name":"x","field":{"type":"text"},"condition":{"task_id":"tdef_b","equals":true}},
            {"id":"tdef_b","name":"y","field":{"type":"boolean"}}])",
        "UNPROCESSABLE", "tasks[0].condition.task_id");
    row("condition value the source cannot hold",
        after(
            R"({"name":"x","field":{"type":"text"},"condition":{"task_id":"tdef_a","equals":"yes"}})"),
        "UNPROCESSABLE", "tasks[1].condition.equals");
}

void TestField::invalidTasks()
{
    QFETCH(QByteArray, tasks);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const Failure failure = failureOf([&] { cadenio::taskjson::fromJson(json(tasks)); });
    QCOMPARE(failure.code, code);
    QCOMPARE(failure.field, field);
}

void TestField::tooManyTasks()
{
    QJsonArray tasks;
    const QJsonObject task{{u"name"_s, u"x"_s}, {u"field"_s, QJsonObject{{u"type"_s, u"text"_s}}}};
    for (int i = 0; i < 500; ++i)
        tasks.append(task);
    QCOMPARE(cadenio::taskjson::fromJson(tasks).size(), 500);
    tasks.append(task);
    const Failure failure = failureOf([&] { cadenio::taskjson::fromJson(tasks, u"steps"_s); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"steps"_s); // the path given is the one named
}

QTEST_APPLESS_MAIN(TestField)
#include "tst_field.moc"
