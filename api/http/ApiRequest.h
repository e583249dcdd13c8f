#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace cadenio::api {

// One HTTP request as the API sees it, independent of the server library, so the whole
// pipeline can be driven in-process too.
struct ApiRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString clientAddress;

    // Case-insensitive header lookup; empty when absent.
    QByteArray header(QByteArrayView name) const;
    // Value of one cookie from the Cookie header.
    QByteArray cookie(QByteArrayView name) const;
};

} // namespace cadenio::api
