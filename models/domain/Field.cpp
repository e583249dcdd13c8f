#include "Field.h"

#include "Error.h"
#include "Timestamps.h"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace cadenio {

namespace {
struct TypeName
{
    FieldSpec::Type type;
    const char *name;
};
constexpr TypeName kTypes[] = {
    {FieldSpec::Type::Text, "text"},
    {FieldSpec::Type::LongText, "long_text"},
    {FieldSpec::Type::Number, "number"},
    {FieldSpec::Type::Boolean, "boolean"},
    {FieldSpec::Type::Date, "date"},
    {FieldSpec::Type::Email, "email"},
    {FieldSpec::Type::Url, "url"},
    {FieldSpec::Type::Select, "select"},
    {FieldSpec::Type::MultiSelect, "multi_select"},
    {FieldSpec::Type::File, "file"},
    {FieldSpec::Type::DataSource, "data_source"},
};

constexpr int kMaxTextLength = 10000;
constexpr int kMaxLongTextLength = 100000;

[[noreturn]] void mismatch(const QString &path, const QString &expected)
{
    throw Error::unprocessable(path, QStringLiteral("'%1' must be %2.").arg(path, expected));
}

bool isDate(const QString &text)
{
    // A calendar date ("2026-05-01") or a full RFC 3339 date-time.
    static const QRegularExpression dateOnly(QStringLiteral(R"(^\d{4}-\d{2}-\d{2}$)"));
    if (dateOnly.match(text).hasMatch())
        return QDate::fromString(text, Qt::ISODate).isValid();
    return timestamps::parse(text).has_value();
}

void checkText(const QJsonValue &value, const QString &path, int maxLength)
{
    if (!value.isString())
        mismatch(path, QStringLiteral("a string"));
    if (value.toString().size() > maxLength)
        mismatch(path, QStringLiteral("at most %1 characters").arg(maxLength));
}
} // namespace

QString FieldSpec::typeName(Type type)
{
    for (const TypeName &entry : kTypes) {
        if (entry.type == type)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<FieldSpec::Type> FieldSpec::typeFromName(QStringView name)
{
    for (const TypeName &entry : kTypes) {
        if (name == QLatin1String(entry.name))
            return entry.type;
    }
    return std::nullopt;
}

QStringList FieldSpec::typeNames()
{
    QStringList names;
    for (const TypeName &entry : kTypes)
        names << QLatin1String(entry.name);
    return names;
}

FieldSpec FieldSpec::fromJson(const QJsonValue &json, const QString &path)
{
    if (!json.isObject())
        throw Error::invalid(path, QStringLiteral("'%1' must be an object.").arg(path));
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("type") && it.key() != QLatin1String("options") &&
            it.key() != QLatin1String("data_source_id")) {
            const QString field = path + QLatin1Char('.') + it.key();
            throw Error::invalid(field, QStringLiteral("Unknown field '%1'.").arg(field));
        }
    }
    const QString typePath = path + QStringLiteral(".type");
    const QJsonValue typeValue = object.value(QLatin1String("type"));
    if (!typeValue.isString())
        throw Error::invalid(
            typePath, QStringLiteral("'%1' is required and must be a string.").arg(typePath));
    const auto type = typeFromName(typeValue.toString());
    if (!type) {
        throw Error::unprocessable(typePath,
                                   QStringLiteral("'%1' must be one of %2.")
                                       .arg(typePath, typeNames().join(QStringLiteral(", "))));
    }
    FieldSpec spec;
    spec.type = *type;

    const bool takesOptions = spec.type == Type::Select || spec.type == Type::MultiSelect;
    const QString optionsPath = path + QStringLiteral(".options");
    if (object.contains(QLatin1String("options"))) {
        if (!takesOptions)
            throw Error::unprocessable(
                optionsPath, QStringLiteral("'%1' is only for select fields.").arg(optionsPath));
        const QJsonValue options = object.value(QLatin1String("options"));
        if (!options.isArray())
            throw Error::invalid(optionsPath,
                                 QStringLiteral("'%1' must be an array.").arg(optionsPath));
        const QJsonArray items = options.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString itemPath = QStringLiteral("%1[%2]").arg(optionsPath).arg(i);
            if (!items.at(i).isString())
                throw Error::invalid(itemPath,
                                     QStringLiteral("'%1' must be a string.").arg(itemPath));
            const QString option = items.at(i).toString();
            if (option.trimmed().isEmpty() || spec.options.contains(option))
                throw Error::unprocessable(
                    itemPath,
                    QStringLiteral("'%1' must be a unique, non-empty option.").arg(itemPath));
            spec.options << option;
        }
    }
    if (takesOptions && spec.options.isEmpty())
        throw Error::unprocessable(
            optionsPath, QStringLiteral("'%1' needs at least one option.").arg(optionsPath));

    const QString sourcePath = path + QStringLiteral(".data_source_id");
    if (object.contains(QLatin1String("data_source_id"))) {
        if (spec.type != Type::DataSource)
            throw Error::unprocessable(
                sourcePath, QStringLiteral("'%1' is only for data_source fields.").arg(sourcePath));
        const QJsonValue source = object.value(QLatin1String("data_source_id"));
        if (!source.isString())
            throw Error::invalid(sourcePath,
                                 QStringLiteral("'%1' must be a string.").arg(sourcePath));
        spec.dataSourceId = source.toString();
    }
    if (spec.type == Type::DataSource && !spec.dataSourceId.startsWith(QLatin1String("ds_")))
        throw Error::unprocessable(
            sourcePath, QStringLiteral("'%1' must name a data source (ds_…).").arg(sourcePath));
    return spec;
}

QJsonObject FieldSpec::toJson() const
{
    QJsonObject json{{QStringLiteral("type"), typeName(type)}};
    if (type == Type::Select || type == Type::MultiSelect)
        json.insert(QStringLiteral("options"), QJsonArray::fromStringList(options));
    if (type == Type::DataSource)
        json.insert(QStringLiteral("data_source_id"), dataSourceId);
    return json;
}

void FieldSpec::checkValue(const QJsonValue &value, const QString &path) const
{
    if (value.isNull())
        return;
    switch (type) {
    case Type::Text:
        checkText(value, path, kMaxTextLength);
        return;
    case Type::LongText:
        checkText(value, path, kMaxLongTextLength);
        return;
    case Type::Number:
        if (!value.isDouble())
            mismatch(path, QStringLiteral("a number"));
        return;
    case Type::Boolean:
        if (!value.isBool())
            mismatch(path, QStringLiteral("true or false"));
        return;
    case Type::Date:
        if (!value.isString() || !isDate(value.toString()))
            mismatch(path, QStringLiteral("a date (YYYY-MM-DD) or an RFC 3339 date-time"));
        return;
    case Type::Email: {
        static const QRegularExpression shape(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
        if (!value.isString() || !shape.match(value.toString()).hasMatch())
            mismatch(path, QStringLiteral("an email address"));
        return;
    }
    case Type::Url: {
        const QUrl url(value.toString(), QUrl::StrictMode);
        if (!value.isString() || !url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            mismatch(path, QStringLiteral("an http(s) URL"));
        return;
    }
    case Type::Select:
        if (!value.isString() || !options.contains(value.toString()))
            mismatch(path, QStringLiteral("one of %1").arg(options.join(QStringLiteral(", "))));
        return;
    case Type::MultiSelect: {
        if (!value.isArray())
            mismatch(path, QStringLiteral("an array of options"));
        QStringList seen;
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isString() || !options.contains(item.toString()) ||
                seen.contains(item.toString()))
                mismatch(path, QStringLiteral("an array of distinct options from %1")
                                   .arg(options.join(QStringLiteral(", "))));
            seen << item.toString();
        }
        return;
    }
    case Type::File:
        if (!value.isString() || !value.toString().startsWith(QLatin1String("file_")))
            mismatch(path, QStringLiteral("a file id (file_…)"));
        return;
    case Type::DataSource:
        if (!value.isString() || !value.toString().startsWith(QLatin1String("rec_")))
            mismatch(path, QStringLiteral("a record id (rec_…) of the data source"));
        return;
    }
}

} // namespace cadenio
