#include "ServeProcess.h"

#include <QDebug>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QUrl>

namespace cadenio::test {

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QProcessEnvironment consoleEnvironment(const QString &ownerPassword)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CADENIO_SECRET_STORE"), QStringLiteral("file"));
    env.insert(QStringLiteral("CADENIO_OWNER_PASSWORD"), ownerPassword);
    return env;
}

ConsoleResult runConsole(const QProcessEnvironment &environment, const QStringList &arguments,
                         int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(CADENIO_CONSOLE_PATH), arguments);
    if (!process.waitForFinished(timeoutMs))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QString startServe(QProcess &process, const QProcessEnvironment &environment,
                   const QStringList &arguments, int timeoutMs, QString *printed)
{
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CADENIO_CONSOLE_PATH),
                  QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                              QStringLiteral("127.0.0.1:0")} +
                      arguments);
    static const QRegularExpression line(
        QStringLiteral("^Listening on (http://127\\.0\\.0\\.1:\\d+)\\n$"));
    QString out;
    for (int waited = 0; waited < timeoutMs && !out.contains(QLatin1Char('\n')); waited += 100) {
        process.waitForReadyRead(100);
        out += QString::fromUtf8(process.readAllStandardOutput());
    }
    const auto match = line.match(out);
    if (!match.hasMatch()) {
        if (printed)
            *printed = out;
        else
            qWarning() << "serve printed" << out << process.readAllStandardError();
    }
    return match.captured(1);
}

HttpReply sendRequest(QNetworkAccessManager &manager, QNetworkRequest request,
                      const QByteArray &method, const QByteArray &body, const QByteArray &token)
{
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply result{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                     reply->readAll()};
    delete reply;
    return result;
}

HttpReply sendRequest(const QByteArray &method, const QString &url, const QByteArray &body,
                      const QByteArray &token)
{
    QNetworkAccessManager manager;
    return sendRequest(manager, QNetworkRequest(QUrl(url)), method, body, token);
}

} // namespace cadenio::test
