// JSON request bodies as the endpoints read them: the strict object reader, the task
// definitions of a template and the form fields with their value checks.
#include "domain/Field.h"
#include "domain/TaskDefinitionJson.h"
#include "FuzzInput.h"
#include "http/JsonReader.h"

using namespace cadenio;

namespace {

void readScalars(const api::JsonReader &body)
{
    fuzz::expectingOnlyApiErrors([&] { body.string(QStringLiteral("name")); });
    fuzz::expectingOnlyApiErrors([&] { body.optionalString(QStringLiteral("description")); });
    fuzz::expectingOnlyApiErrors([&] { body.optionalBoolean(QStringLiteral("required")); });
    fuzz::expectingOnlyApiErrors([&] { body.optionalInteger(QStringLiteral("due_offset_hours")); });
    fuzz::expectingOnlyApiErrors([&] { body.stringList(QStringLiteral("scopes")); });
    fuzz::expectingOnlyApiErrors([&] {
        body.object(QStringLiteral("values"), {u"key", u"type"})
            .optionalString(QStringLiteral("key"));
    });
}

void readField(const api::JsonReader &body)
{
    fuzz::expectingOnlyApiErrors([&] {
        const FieldSpec field =
            FieldSpec::fromJson(body.raw().value(QStringLiteral("field")), QStringLiteral("field"));
        // What was accepted must survive its own round trip, as the store keeps toJson().
        FUZZ_CHECK(FieldSpec::fromJson(field.toJson(), QStringLiteral("field")) == field);
        field.checkValue(body.raw().value(QStringLiteral("value")), QStringLiteral("value"));
    });
}

void readTasks(const api::JsonReader &body)
{
    fuzz::expectingOnlyApiErrors([&] {
        const QList<TaskDefinition> tasks =
            taskjson::fromJson(body.raw().value(QStringLiteral("tasks")));
        const QJsonArray stored = taskjson::toJson(tasks);
        FUZZ_CHECK(taskjson::fromJson(stored).size() == tasks.size());
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    fuzz::expectingOnlyApiErrors([&] {
        const api::JsonReader body = api::JsonReader::parse(
            input, {u"name", u"description", u"required", u"due_offset_hours", u"scopes", u"values",
                    u"field", u"value", u"tasks"});
        readScalars(body);
        readField(body);
        readTasks(body);
    });
    return 0;
}
