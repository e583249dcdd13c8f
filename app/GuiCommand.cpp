#include "Commands.h"
#include "common/Icons.h"
#include "ConsoleController.h"
#include "Instance.h"

#include <QApplication>
#include <QMessageBox>

namespace cadenio::app {

int runGui(int &argc, char **argv, const ServeOptions &options)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Cadenio Console"));
    QApplication::setWindowIcon(views::consoleIcon(QStringLiteral("cadenio")));
    QApplication::setQuitOnLastWindowClosed(true);
    std::unique_ptr<Instance> instance;
    try {
        instance = Instance::open(options.store);
    } catch (const StartupError &error) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Cadenio Console"),
                              QApplication::translate("main", "The store could not be opened:\n%1")
                                  .arg(error.message()));
        throw;
    }
    ConsoleController controller(*instance, options);
    if (!controller.start())
        return ExitOk;
    return QApplication::exec();
}

} // namespace cadenio::app
