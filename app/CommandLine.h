#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <stdexcept>

namespace cadenio::app {

// A mistake on the command line: one line for stderr, exit code 2.
class UsageError : public std::runtime_error
{
public:
    explicit UsageError(const QString &message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {}
    const QString &message() const { return m_message; }

private:
    QString m_message;
};

// Options shared by every command that opens the store.
struct StoreOptions
{
    QString dataDir;  // empty: the platform's app-data folder
    QString database; // empty: sqlite:<data-dir>/cadenio.db
};

struct ServeOptions
{
    StoreOptions store;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8470;
    int rateLimit = 600;
    QString webhookCaFile;
    bool allowHttpWebhooks = false;
};

struct InitOptions
{
    StoreOptions store;
    QString org;
    QString ownerEmail;
    QString ownerName;
    QString plan = QStringLiteral("ENTERPRISE");
};

struct AuditOptions
{
    enum class Action
    {
        Verify,
        Export
    };
    StoreOptions store;
    Action action = Action::Verify;
    QString runId;  // verify: empty for every run; export: required
    QString format; // export: "csv" or "json"
    QString output; // export: empty for stdout
};

struct CommandLine
{
    enum class Command
    {
        Gui,
        Serve,
        Init,
        Audit,
        Help,
        Version
    };
    Command command = Command::Gui;
    QString helpTopic;  // the command whose help was asked for
    ServeOptions serve; // also the GUI's server settings
    InitOptions init;
    AuditOptions audit;

    // Throws UsageError naming the offending argument.
    static CommandLine parse(const QStringList &arguments);
    static QString helpText(const QString &topic);
};

// "HOST:PORT", "[v6]:PORT", or ":PORT"; throws UsageError.
void parseListen(const QString &text, QString *host, quint16 *port);

} // namespace cadenio::app
