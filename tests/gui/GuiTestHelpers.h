#pragma once

// What every GUI test does around the widget it tests: find a child by object name, make a
// window active, and keep QSettings away from the developer's own.

#include <QCoreApplication>
#include <QObject>
#include <QStandardPaths>
#include <QString>
#include <QTest>
#include <QWidget>

namespace cadenio::test {

// A child the test cannot go on without: a missing one ends the run with its name, instead of
// a crash on a null pointer somewhere later.
template<typename T>
T *child(QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

// Shortcuts only reach the active window, and Xvfb has no window manager to activate one:
// ask for it ourselves.
inline bool activate(QWidget &window, int timeoutMs = 5000)
{
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window, timeoutMs);
}

// Test mode sends QSettings (and the other standard paths) to a test folder, and the names
// make the file this test's own.
inline void useTestSettings(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("cadenio-tests"));
    QCoreApplication::setApplicationName(applicationName);
}

} // namespace cadenio::test
