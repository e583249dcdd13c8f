#include "JsonReader.h"

#include "domain/Error.h"

#include <QJsonDocument>

namespace cadenio::api {

JsonReader JsonReader::parse(const QByteArray &body, std::initializer_list<QStringView> allowed)
{
    if (body.trimmed().isEmpty())
        throw Error::invalid({}, QStringLiteral("The request body must be a JSON object."));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        throw Error::invalid({}, QStringLiteral("Malformed JSON at offset %1: %2.")
                                     .arg(error.offset)
                                     .arg(error.errorString()));
    }
    if (!doc.isObject())
        throw Error::invalid({}, QStringLiteral("The request body must be a JSON object."));
    return JsonReader(doc.object(), {}, allowed);
}

JsonReader::JsonReader(QJsonObject object, QString path, std::initializer_list<QStringView> allowed)
    : m_object(std::move(object))
    , m_path(std::move(path))
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
            const QString field = pathOf(it.key());
            throw Error::invalid(field, QStringLiteral("Unknown field '%1'.").arg(field));
        }
    }
}

QString JsonReader::pathOf(const QString &field) const
{
    return m_path.isEmpty() ? field : m_path + QLatin1Char('.') + field;
}

bool JsonReader::isNull(const QString &field) const
{
    return m_object.contains(field) && m_object.value(field).isNull();
}

QJsonValue JsonReader::required(const QString &field) const
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull()) {
        const QString path = pathOf(field);
        throw Error::invalid(path, QStringLiteral("'%1' is required.").arg(path));
    }
    return value;
}

void JsonReader::wrongType(const QString &field, const char *expected) const
{
    const QString path = pathOf(field);
    throw Error::invalid(path,
                         QStringLiteral("'%1' must be %2.").arg(path, QLatin1String(expected)));
}

void JsonReader::unknownValue(const QString &field, const QString &expected) const
{
    const QString path = pathOf(field);
    throw Error::unprocessable(path, QStringLiteral("'%1' must be one of %2.").arg(path, expected));
}

QString JsonReader::string(const QString &field) const
{
    const QJsonValue value = required(field);
    if (!value.isString())
        wrongType(field, "a string");
    return value.toString();
}

std::optional<QString> JsonReader::optionalString(const QString &field) const
{
    if (!m_object.contains(field))
        return std::nullopt;
    return string(field);
}

bool JsonReader::boolean(const QString &field) const
{
    const QJsonValue value = required(field);
    if (!value.isBool())
        wrongType(field, "a boolean");
    return value.toBool();
}

std::optional<bool> JsonReader::optionalBoolean(const QString &field) const
{
    if (!m_object.contains(field))
        return std::nullopt;
    return boolean(field);
}

std::optional<qint64> JsonReader::optionalInteger(const QString &field) const
{
    if (!m_object.contains(field))
        return std::nullopt;
    const QJsonValue value = required(field);
    const double number = value.toDouble();
    // 2^53: from there on a double no longer holds every integer exactly, so 2^53 + 1 has
    // already been rounded to 2^53 here; refuse both.
    if (!value.isDouble() || number != std::floor(number) || std::abs(number) >= 9007199254740992.0)
        wrongType(field, "an integer");
    return qint64(number);
}

QJsonArray JsonReader::array(const QString &field) const
{
    const QJsonValue value = required(field);
    if (!value.isArray())
        wrongType(field, "an array");
    return value.toArray();
}

QStringList JsonReader::stringList(const QString &field) const
{
    QStringList result;
    const QJsonArray items = array(field);
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isString()) {
            const QString path = QStringLiteral("%1[%2]").arg(pathOf(field)).arg(i);
            throw Error::invalid(path, QStringLiteral("'%1' must be a string.").arg(path));
        }
        result << items.at(i).toString();
    }
    return result;
}

JsonReader JsonReader::object(const QString &field,
                              std::initializer_list<QStringView> allowed) const
{
    const QJsonValue value = required(field);
    if (!value.isObject())
        wrongType(field, "an object");
    return JsonReader(value.toObject(), pathOf(field), allowed);
}

} // namespace cadenio::api
