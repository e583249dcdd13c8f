// The cadenio-console executable driven from outside, as the cli and postgres suites need it:
// one-shot commands (init, audit verify), `serve` started on a free port, and HTTP requests
// to it that wait for their answer.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QString>
#include <QStringList>

class QNetworkAccessManager;

namespace cadenio::test {

struct ConsoleResult
{
    int exitCode = -1; // -1: crashed, or killed after the timeout
    QString out;
    QString err;
};

// The system environment plus what a headless run needs: the secret store in a file in the
// data folder (there is no keyring to unlock) and the owner password that `init` would
// otherwise prompt for.
QProcessEnvironment consoleEnvironment(const QString &ownerPassword);

// Runs `cadenio-console <arguments>` to its end, with stdin closed so that nothing waits
// for a prompt.
ConsoleResult runConsole(const QProcessEnvironment &environment, const QStringList &arguments,
                         int timeoutMs = 60000);

struct HttpReply
{
    int status = 0; // 0: no answer (connection refused, server killed)
    QByteArray body;

    QJsonObject json() const;
};

// Starts `cadenio-console serve --listen 127.0.0.1:0 <arguments>` in `process` and waits up
// to `timeoutMs` for its one "Listening on" line, which is the only way to learn the port.
// Returns the base URL ("http://127.0.0.1:PORT"), or empty; then what serve printed on stdout
// goes to `printed` if given (its stderr left unread for the caller's log), else to a warning
// together with stderr.
QString startServe(QProcess &process, const QProcessEnvironment &environment,
                   const QStringList &arguments, int timeoutMs, QString *printed = nullptr);

// Sends one request through `manager` and waits for the answer. A non-empty body is sent as
// JSON, a non-empty token as a bearer.
HttpReply sendRequest(QNetworkAccessManager &manager, QNetworkRequest request,
                      const QByteArray &method, const QByteArray &body = {},
                      const QByteArray &token = {});

// The same through a manager of its own, so that no connection outlives the request: the
// server may be killed between two of them.
HttpReply sendRequest(const QByteArray &method, const QString &url, const QByteArray &body = {},
                      const QByteArray &token = {});

} // namespace cadenio::test
