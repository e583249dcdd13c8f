#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <initializer_list>
#include <optional>

namespace cadenio::api {

// Reads a JSON object field by field; every mistake becomes 400 INVALID_REQUEST naming the
// field by its path ("tasks[2].name"). Fields not declared up front are rejected, so a
// typo in a client never passes silently.
class JsonReader
{
public:
    // Parses a request body; it must be one JSON object.
    static JsonReader parse(const QByteArray &body, std::initializer_list<QStringView> allowed);

    JsonReader(QJsonObject object, QString path, std::initializer_list<QStringView> allowed);

    bool has(const QString &field) const { return m_object.contains(field); }
    bool isNull(const QString &field) const;

    QString string(const QString &field) const;
    std::optional<QString> optionalString(const QString &field) const;
    bool boolean(const QString &field) const;
    std::optional<bool> optionalBoolean(const QString &field) const;
    std::optional<qint64> optionalInteger(const QString &field) const;
    QStringList stringList(const QString &field) const;
    QJsonArray array(const QString &field) const;
    JsonReader object(const QString &field, std::initializer_list<QStringView> allowed) const;

    // A string that must be one of a closed set; `parse` returns nullopt for unknown values,
    // which are 422 UNPROCESSABLE (the type was right, the value is not one we know).
    template<typename T>
    T enumValue(const QString &field, std::optional<T> (*parser)(QStringView),
                const QString &expected) const
    {
        if (auto value = parser(string(field)))
            return *value;
        unknownValue(field, expected);
    }
    template<typename T>
    std::optional<T> optionalEnum(const QString &field, std::optional<T> (*parser)(QStringView),
                                  const QString &expected) const
    {
        if (!m_object.contains(field))
            return std::nullopt;
        return enumValue(field, parser, expected);
    }

    QString pathOf(const QString &field) const;
    const QJsonObject &raw() const { return m_object; }

private:
    QJsonValue required(const QString &field) const;
    [[noreturn]] void wrongType(const QString &field, const char *expected) const;
    [[noreturn]] void unknownValue(const QString &field, const QString &expected) const;

    QJsonObject m_object;
    QString m_path;
};

} // namespace cadenio::api
