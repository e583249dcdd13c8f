#include "CommandLine.h"

#include <QFileInfo>
#include <QHostAddress>

namespace cadenio::app {

namespace {

// Walks "--name value" and "--name=value" pairs; each command says which names it takes.
class ArgumentReader
{
public:
    ArgumentReader(QStringList arguments)
        : m_arguments(std::move(arguments))
    {}

    bool atEnd() const { return m_index >= m_arguments.size(); }

    // The next flag's name ("--listen"), with any "=value" kept aside for value().
    QString nextFlag()
    {
        QString argument = m_arguments.at(m_index++);
        m_inline.reset();
        if (!argument.startsWith(QLatin1String("--")))
            throw UsageError(QStringLiteral("unexpected argument '%1'").arg(argument));
        const qsizetype eq = argument.indexOf(QLatin1Char('='));
        if (eq > 0) {
            m_inline = argument.mid(eq + 1);
            argument.truncate(eq);
        }
        return argument;
    }

    QString value(const QString &flag)
    {
        if (m_inline)
            return *std::exchange(m_inline, std::nullopt);
        if (atEnd() || m_arguments.at(m_index).startsWith(QLatin1String("--")))
            throw UsageError(QStringLiteral("%1 needs a value").arg(flag));
        return m_arguments.at(m_index++);
    }

    void noValue(const QString &flag) const
    {
        if (m_inline)
            throw UsageError(QStringLiteral("%1 takes no value").arg(flag));
    }

private:
    QStringList m_arguments;
    qsizetype m_index = 0;
    std::optional<QString> m_inline;
};

bool readStoreOption(const QString &flag, ArgumentReader &reader, StoreOptions &store)
{
    if (flag == QLatin1String("--data-dir")) {
        store.dataDir = reader.value(flag);
        if (store.dataDir.isEmpty())
            throw UsageError(QStringLiteral("--data-dir must not be empty"));
        return true;
    }
    if (flag == QLatin1String("--database")) {
        store.database = reader.value(flag);
        return true;
    }
    return false;
}

void parseServeFlag(const QString &flag, ArgumentReader &reader, ServeOptions &serve)
{
    if (readStoreOption(flag, reader, serve.store))
        return;
    if (flag == QLatin1String("--listen")) {
        parseListen(reader.value(flag), &serve.host, &serve.port);
    } else if (flag == QLatin1String("--rate-limit")) {
        const QString text = reader.value(flag);
        bool ok = false;
        serve.rateLimit = text.toInt(&ok);
        if (!ok || serve.rateLimit < 0)
            throw UsageError(
                QStringLiteral("--rate-limit must be a whole number ≥ 0, not '%1'").arg(text));
    } else if (flag == QLatin1String("--webhook-ca-file")) {
        serve.webhookCaFile = reader.value(flag);
        if (!QFileInfo(serve.webhookCaFile).isReadable())
            throw UsageError(
                QStringLiteral("--webhook-ca-file: cannot read '%1'").arg(serve.webhookCaFile));
    } else if (flag == QLatin1String("--allow-http-webhooks")) {
        reader.noValue(flag);
        serve.allowHttpWebhooks = true;
    } else {
        throw UsageError(QStringLiteral("unknown option '%1' (see --help)").arg(flag));
    }
}

void parseInitFlag(const QString &flag, ArgumentReader &reader, InitOptions &init)
{
    if (readStoreOption(flag, reader, init.store))
        return;
    if (flag == QLatin1String("--org")) {
        init.org = reader.value(flag);
    } else if (flag == QLatin1String("--owner-email")) {
        init.ownerEmail = reader.value(flag);
    } else if (flag == QLatin1String("--owner-name")) {
        init.ownerName = reader.value(flag);
    } else if (flag == QLatin1String("--plan")) {
        init.plan = reader.value(flag).toUpper();
        if (!QStringList{QStringLiteral("ENTERPRISE"), QStringLiteral("TEAM"),
                         QStringLiteral("FREE")}
                 .contains(init.plan))
            throw UsageError(QStringLiteral("--plan must be ENTERPRISE, TEAM or FREE"));
    } else {
        throw UsageError(
            QStringLiteral("unknown option '%1' for init (see init --help)").arg(flag));
    }
}

void parseAuditFlag(const QString &flag, ArgumentReader &reader, AuditOptions &audit)
{
    if (readStoreOption(flag, reader, audit.store))
        return;
    const bool exporting = audit.action == AuditOptions::Action::Export;
    if (flag == QLatin1String("--run")) {
        audit.runId = reader.value(flag);
        if (audit.runId.isEmpty())
            throw UsageError(QStringLiteral("--run must not be empty"));
    } else if (exporting && flag == QLatin1String("--format")) {
        audit.format = reader.value(flag).toLower();
        if (audit.format != QLatin1String("csv") && audit.format != QLatin1String("json"))
            throw UsageError(QStringLiteral("--format must be csv or json"));
    } else if (exporting && flag == QLatin1String("--output")) {
        audit.output = reader.value(flag);
        if (audit.output.isEmpty())
            throw UsageError(QStringLiteral("--output must not be empty"));
    } else {
        throw UsageError(
            QStringLiteral("unknown option '%1' for audit %2 (see audit --help)")
                .arg(flag, exporting ? QStringLiteral("export") : QStringLiteral("verify")));
    }
}

} // namespace

void parseListen(const QString &text, QString *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        throw UsageError(QStringLiteral("--listen must be ADDR:PORT, not '%1'").arg(text));
    QString address = text.left(colon);
    if (address.startsWith(QLatin1Char('[')) && address.endsWith(QLatin1Char(']')))
        address = address.mid(1, address.size() - 2);
    if (address.isEmpty())
        address = QStringLiteral("127.0.0.1");
    if (address == QLatin1String("localhost"))
        address = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        throw UsageError(
            QStringLiteral("--listen: '%1' is not a port (0–65535)").arg(text.mid(colon + 1)));
    if (QHostAddress(address).isNull())
        throw UsageError(QStringLiteral("--listen: '%1' is not an IP address").arg(address));
    *host = address;
    *port = quint16(number);
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine result;
    QStringList rest = arguments.mid(1);
    if (!rest.isEmpty() && !rest.first().startsWith(QLatin1Char('-'))) {
        const QString command = rest.takeFirst();
        if (command == QLatin1String("serve"))
            result.command = Command::Serve;
        else if (command == QLatin1String("init"))
            result.command = Command::Init;
        else if (command == QLatin1String("audit"))
            result.command = Command::Audit;
        else if (command == QLatin1String("help"))
            return CommandLine{Command::Help, rest.value(0), {}, {}, {}};
        else
            throw UsageError(
                QStringLiteral("unknown command '%1' (commands: serve, init, audit; see --help)")
                    .arg(command));
    }
    const QString topic = result.command == Command::Serve   ? QStringLiteral("serve")
                          : result.command == Command::Init  ? QStringLiteral("init")
                          : result.command == Command::Audit ? QStringLiteral("audit")
                                                             : QString();
    if (rest.contains(QLatin1String("--help")) || rest.contains(QLatin1String("-h")))
        return CommandLine{Command::Help, topic, {}, {}, {}};
    if (rest.contains(QLatin1String("--version")) || rest.contains(QLatin1String("-v")))
        return CommandLine{Command::Version, {}, {}, {}, {}};

    if (result.command == Command::Audit) {
        const QString action = rest.isEmpty() ? QString() : rest.takeFirst();
        if (action == QLatin1String("verify"))
            result.audit.action = AuditOptions::Action::Verify;
        else if (action == QLatin1String("export"))
            result.audit.action = AuditOptions::Action::Export;
        else if (action.isEmpty() || action.startsWith(QLatin1Char('-')))
            throw UsageError(QStringLiteral("audit needs verify or export (see audit --help)"));
        else
            throw UsageError(
                QStringLiteral("unknown audit command '%1' (verify, export; see audit --help)")
                    .arg(action));
    }

    ArgumentReader reader(rest);
    while (!reader.atEnd()) {
        const QString flag = reader.nextFlag();
        if (result.command == Command::Init)
            parseInitFlag(flag, reader, result.init);
        else if (result.command == Command::Audit)
            parseAuditFlag(flag, reader, result.audit);
        else
            parseServeFlag(flag, reader, result.serve); // the GUI takes the server's options
    }
    if (result.command == Command::Init) {
        if (result.init.org.trimmed().isEmpty())
            throw UsageError(QStringLiteral("init needs --org NAME"));
        if (result.init.ownerEmail.trimmed().isEmpty())
            throw UsageError(QStringLiteral("init needs --owner-email EMAIL"));
    }
    if (result.command == Command::Audit && result.audit.action == AuditOptions::Action::Export) {
        if (result.audit.runId.isEmpty())
            throw UsageError(QStringLiteral("audit export needs --run ID"));
        if (result.audit.format.isEmpty())
            throw UsageError(QStringLiteral("audit export needs --format csv|json"));
    }
    return result;
}

QString CommandLine::helpText(const QString &topic)
{
    if (topic == QLatin1String("serve")) {
        return QStringLiteral(
            "Usage: cadenio-console serve [options]\n\n"
            "Runs the Cadenio API server without a window until SIGINT or SIGTERM.\n\n"
            "  --listen ADDR:PORT        address to listen on (default 127.0.0.1:8470; port 0 "
            "picks one)\n"
            "  --data-dir DIR            where the store and files live (default: the app-data "
            "folder)\n"
            "  --database URL            sqlite:PATH or postgresql://user:pass@host:port/db\n"
            "  --rate-limit N            requests per API key per minute (default 600; 0 = "
            "unlimited)\n"
            "  --webhook-ca-file PEM     extra CA certificates trusted for webhook deliveries\n"
            "  --allow-http-webhooks     accept http:// webhook URLs (testing only)\n");
    }
    if (topic == QLatin1String("init")) {
        return QStringLiteral(
            "Usage: cadenio-console init --org NAME --owner-email EMAIL [options]\n\n"
            "Creates the organization and its OWNER in an empty store. The password is read from\n"
            "CADENIO_OWNER_PASSWORD, or asked for on the terminal (at least 12 characters).\n\n"
            "  --owner-name NAME         the owner's display name\n"
            "  --plan PLAN               ENTERPRISE (default), TEAM or FREE\n"
            "  --data-dir DIR            where the store and files live\n"
            "  --database URL            sqlite:PATH or postgresql://user:pass@host:port/db\n\n"
            "Exit codes: 0 created, 1 failure, 2 usage error, 3 the store is already "
            "initialized.\n");
    }
    if (topic == QLatin1String("audit")) {
        return QStringLiteral(
            "Usage: cadenio-console audit verify [--run ID] [options]\n"
            "       cadenio-console audit export --run ID --format csv|json [--output FILE] "
            "[options]\n\n"
            "Checks and exports the hash-chained audit trail of runs. Each entry's hash covers\n"
            "the one before it, so an edited, removed or reordered entry breaks the chain.\n\n"
            "  verify                    checks every run's chain (or one run's) and names the\n"
            "                            first broken entry\n"
            "  export                    writes a run's entries as evidence; a broken chain is\n"
            "                            still written (JSON: \"verified\": false), exit code 1\n\n"
            "  --run ID                  the run (required for export)\n"
            "  --format csv|json         export format\n"
            "  --output FILE             write the export to FILE instead of stdout\n"
            "  --data-dir DIR            where the store lives\n"
            "  --database URL            sqlite:PATH or postgresql://user:pass@host:port/db\n\n"
            "Exit codes: 0 intact, 1 broken chain or failure, 2 usage error.\n");
    }
    return QStringLiteral(
        "Usage: cadenio-console [command] [options]\n\n"
        "Cadenio Console: administration console and local Cadenio API server.\n\n"
        "Commands:\n"
        "  (none)     open the desktop console; it starts the API server as configured\n"
        "  serve      run the API server without a window (see serve --help)\n"
        "  init       create the organization and its owner (see init --help)\n"
        "  audit      verify or export the audit trail of runs (see audit --help)\n\n"
        "Options:\n"
        "  --help     show this help (also: <command> --help)\n"
        "  --version  show the version\n"
        "  The console accepts the options of serve.\n");
}

} // namespace cadenio::app
