#include "Commands.h"
#include "domain/Error.h"
#include "Instance.h"
#include "services/Services.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace cadenio::app {

namespace {

// Reads one line from the terminal without echoing it.
QString promptHidden(const QString &prompt)
{
    QTextStream err(stderr);
    err << prompt << Qt::flush;
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    QTextStream in(stdin);
    const QString line = in.readLine();
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << Qt::endl;
    return line;
}

QString ownerPassword()
{
    if (qEnvironmentVariableIsSet("CADENIO_OWNER_PASSWORD"))
        return qEnvironmentVariable("CADENIO_OWNER_PASSWORD");
    if (!isatty(STDIN_FILENO))
        throw UsageError(
            QStringLiteral("no password: set CADENIO_OWNER_PASSWORD or run init in a terminal"));
    const QString first = promptHidden(QStringLiteral("Owner password (at least 12 characters): "));
    const QString second = promptHidden(QStringLiteral("Repeat the password: "));
    if (first != second)
        throw UsageError(QStringLiteral("the passwords do not match"));
    return first;
}

} // namespace

int runInit(const InitOptions &options)
{
    QCoreApplication *app = QCoreApplication::instance();
    Q_UNUSED(app);
    const auto plan = planFromName(options.plan);
    const QString password = ownerPassword();
    auto instance = Instance::open(options.store);
    SetupService &setup = instance->services().setup();
    if (setup.isInitialized()) {
        fprintf(stderr, "cadenio-console: the store in %s is already initialized\n",
                qPrintable(instance->dataDir()));
        return ExitAlreadyInitialized;
    }
    try {
        const auto result = setup.initialize({options.org, plan.value_or(Plan::Enterprise),
                                              options.ownerEmail, options.ownerName, password});
        QTextStream out(stdout);
        out << "Created organization \"" << result.org.name << "\" (" << result.org.id << ", "
            << planName(result.org.plan) << ") with owner " << result.owner.email << " ("
            << result.owner.id << ") in " << instance->dataDir() << Qt::endl;
        return ExitOk;
    } catch (const Error &error) {
        if (error.code() == Error::Code::Conflict) {
            fprintf(stderr, "cadenio-console: the store in %s is already initialized\n",
                    qPrintable(instance->dataDir()));
            return ExitAlreadyInitialized;
        }
        const QString flag =
            error.field() == QLatin1String("org")           ? QStringLiteral("--org")
            : error.field() == QLatin1String("owner_email") ? QStringLiteral("--owner-email")
            : error.field() == QLatin1String("owner_name")  ? QStringLiteral("--owner-name")
                                                            : QStringLiteral("password");
        throw UsageError(flag + QStringLiteral(": ") + error.message());
    }
}

} // namespace cadenio::app
