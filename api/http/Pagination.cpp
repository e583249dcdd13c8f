#include "Pagination.h"

#include "domain/Error.h"

#include <QRegularExpression>

namespace cadenio::api::pagination {

namespace {
const QString kPrefix = QStringLiteral("cur_");
}

QString encodeCursor(const PagePosition &position)
{
    const QByteArray raw = QByteArray::number(position.createdAt) + '.' + position.id.toUtf8();
    return kPrefix + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding |
                                                      QByteArray::OmitTrailingEquals));
}

std::optional<PagePosition> decodeCursor(QStringView cursor)
{
    if (!cursor.startsWith(kPrefix) || cursor.size() > 256)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.mid(kPrefix.size()).toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QByteArray &raw = *decoded;
    const qsizetype dot = raw.indexOf('.');
    if (dot <= 0)
        return std::nullopt;
    bool ok = false;
    const qint64 at = raw.left(dot).toLongLong(&ok);
    const QString id = QString::fromUtf8(raw.mid(dot + 1));
    // Ids are "<prefix>_<base62>"; anything else did not come from us.
    static const QRegularExpression idShape(QStringLiteral("^[a-z]+_[0-9A-Za-z]+$"));
    if (!ok || at < 0 || !idShape.match(id).hasMatch())
        return std::nullopt;
    return PagePosition{at, id};
}

PageRequest read(const QUrlQuery &query)
{
    PageRequest request;
    request.limit = kDefaultLimit;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        // Digits only: toInt() would also take " 5" and "+5".
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,3}$"));
        const QString text = query.queryItemValue(QStringLiteral("limit"));
        const int limit = digits.match(text).hasMatch() ? text.toInt() : 0;
        if (limit < 1 || limit > kMaxLimit) {
            throw Error::invalid(
                QStringLiteral("limit"),
                QStringLiteral("'limit' must be an integer from 1 to %1.").arg(kMaxLimit));
        }
        request.limit = limit;
    }
    if (query.hasQueryItem(QStringLiteral("cursor"))) {
        request.after = decodeCursor(query.queryItemValue(QStringLiteral("cursor")));
        if (!request.after)
            throw Error::invalid(QStringLiteral("cursor"),
                                 QStringLiteral("'cursor' is not a valid cursor."));
    }
    return request;
}

} // namespace cadenio::api::pagination
