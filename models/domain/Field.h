#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace cadenio {

// The form field of a task: what kind of value it takes. Shared by template definitions
// (where it is declared) and run tasks (where values are checked against it).
struct FieldSpec
{
    enum class Type
    {
        Text,
        LongText,
        Number,
        Boolean,
        Date,
        Email,
        Url,
        Select,
        MultiSelect,
        File,
        DataSource,
    };

    Type type = Type::Text;
    QStringList options;  // select and multi_select
    QString dataSourceId; // data_source

    static QString typeName(Type type);
    static std::optional<Type> typeFromName(QStringView name);
    static QStringList typeNames();

    // Reads {"type", "options"?, "data_source_id"?}. A wrong JSON type is 400
    // INVALID_REQUEST; an unknown field type, missing options of a select, or options on
    // a type that takes none are 422 UNPROCESSABLE. `path` names the object in errors.
    static FieldSpec fromJson(const QJsonValue &json, const QString &path);
    QJsonObject toJson() const;

    // Throws 422 UNPROCESSABLE naming `path` unless `value` fits this field. Null clears a
    // value and always fits.
    void checkValue(const QJsonValue &value, const QString &path) const;

    bool operator==(const FieldSpec &) const = default;
};

} // namespace cadenio
