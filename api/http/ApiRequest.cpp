#include "ApiRequest.h"

namespace cadenio::api {

QByteArray ApiRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray ApiRequest::cookie(QByteArrayView name) const
{
    const QByteArray all = header("Cookie");
    for (QByteArray pair : all.split(';')) {
        pair = pair.trimmed();
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0 && QByteArrayView(pair).first(eq) == name)
            return pair.mid(eq + 1);
    }
    return {};
}

} // namespace cadenio::api
