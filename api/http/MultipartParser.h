#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace cadenio::api {

// One part of a multipart/form-data body (RFC 7578).
struct MultipartPart
{
    QString name;             // Content-Disposition name
    QString fileName;         // filename* (RFC 5987) over filename; directories stripped
    bool hasFileName = false; // a file part, even with an empty file name
    QByteArray contentType;   // as sent; empty when the part has none
    QByteArray body;          // exact bytes, CR, LF and NUL included
};

// Qt has no server-side multipart parser, so this is ours: a pure function over the whole
// body (the handler already capped its size). Every malformation is 400 INVALID_REQUEST
// (cadenio::Error), naming the part or "Content-Type"/"body", never a 500.
class MultipartParser
{
public:
    struct Limits
    {
        int maxParts = 16;
        int maxHeaderBytes = 8 * 1024; // per part's header block
    };

    // The boundary parameter of a multipart/form-data Content-Type (RFC 2046 §5.1.1).
    static QByteArray boundary(const QByteArray &contentType);

    // All parts in order. Duplicate part names are refused: our forms take each field once.
    static QList<MultipartPart> parse(const QByteArray &contentType, const QByteArray &body,
                                      const Limits &limits);
    static QList<MultipartPart> parse(const QByteArray &contentType, const QByteArray &body)
    {
        return parse(contentType, body, Limits{});
    }

    // The part named `name`, or 400 naming it.
    static const MultipartPart &require(const QList<MultipartPart> &parts, const QString &name);
    // 400 for any part not in `allowed`, like unknown JSON members.
    static void allowOnly(const QList<MultipartPart> &parts, const QStringList &allowed);
};

} // namespace cadenio::api
