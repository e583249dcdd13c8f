#pragma once

#include <QObject>

class QSocketNotifier;

namespace cadenio::app {

// Turns SIGINT and SIGTERM into a Qt signal in the main thread (self-pipe: a signal
// handler may only write a byte).
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace cadenio::app
