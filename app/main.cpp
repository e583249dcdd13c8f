#include "CommandLine.h"
#include "Commands.h"
#include "Instance.h"

#include <QCoreApplication>

#include <cstdio>

using namespace cadenio::app;

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Cadenio"));
    QCoreApplication::setApplicationName(QStringLiteral("cadenio-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CADENIO_VERSION));
}
} // namespace

int main(int argc, char **argv)
{
    setIdentity();
    try {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments << QString::fromLocal8Bit(argv[i]);
        const CommandLine commandLine = CommandLine::parse(arguments);
        switch (commandLine.command) {
        case CommandLine::Command::Help:
            fputs(qPrintable(CommandLine::helpText(commandLine.helpTopic)), stdout);
            return ExitOk;
        case CommandLine::Command::Version:
            printf("cadenio-console %s\n", CADENIO_VERSION);
            return ExitOk;
        case CommandLine::Command::Init: {
            QCoreApplication app(argc, argv);
            return runInit(commandLine.init);
        }
        case CommandLine::Command::Audit: {
            QCoreApplication app(argc, argv);
            return runAudit(commandLine.audit);
        }
        case CommandLine::Command::Serve: {
            QCoreApplication app(argc, argv);
            return runServe(commandLine.serve);
        }
        case CommandLine::Command::Gui:
            return runGui(argc, argv, commandLine.serve);
        }
    } catch (const UsageError &error) {
        fprintf(stderr, "cadenio-console: %s\n", qPrintable(error.message()));
        return ExitUsage;
    } catch (const StartupError &error) {
        fprintf(stderr, "cadenio-console: %s\n", qPrintable(error.message()));
        return ExitFailure;
    } catch (const std::exception &error) {
        fprintf(stderr, "cadenio-console: %s\n", error.what());
        return ExitFailure;
    }
    return ExitFailure;
}
