#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTcpServer>

#include <optional>

class QSslSocket;

namespace cadenio::test {

// A self-signed certificate for 127.0.0.1 made by `openssl` at test time; it is its own CA,
// so the PEM file is what a dispatcher (or `serve --webhook-ca-file`) must trust.
struct TestCertificate
{
    QString certificateFile;
    QString keyFile;
    QSslCertificate certificate;
    QSslKey key;

    // Writes cert.pem and key.pem into `dir`. Empty with a reason when openssl fails.
    static std::optional<TestCertificate> create(const QString &dir, QString *error);
};

// One request as the receiver read it.
struct ReceivedRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    // The "id" of the JSON event in the body (evt_…), empty when there is none.
    QString eventId() const;
};

// A webhook subscriber over HTTPS on loopback: QTcpServer plus QSslSocket, since QSslServer
// arrived only in Qt 6.5. Speaks HTTP/1.1 with keep-alive, as real receivers do. What it
// answers is set per request path: a script of status codes (then 200), or "held", where
// requests are read and recorded but answered only on release (a slow endpoint).
//
// Recorded requests and counters are guarded, so a benchmark may run the receiver in a
// thread of its own and read them from another; behaviour is set from the receiver's thread.
class TlsReceiver : public QTcpServer
{
    Q_OBJECT
public:
    explicit TlsReceiver(TestCertificate certificate, QObject *parent = nullptr);
    ~TlsReceiver() override;

    // Answers requests for `path` with these statuses in turn, then with 200.
    void setStatuses(const QByteArray &path, const QList<int> &statuses);
    // Holding a path leaves its requests unanswered; releasing answers those waiting.
    void setHeld(const QByteArray &path, bool held);
    // Back to answering everything at once with 200: scripts cleared, held requests answered.
    void reset();
    // Stops listening and drops every connection, as a receiver that went down.
    void shutDown();
    // Keeps only counts, not the requests: for runs of many thousands (the benchmark).
    void setCountOnly(bool countOnly);

    QList<ReceivedRequest> received() const;
    QList<ReceivedRequest> receivedOn(const QByteArray &path) const;
    int count() const;
    // Requests to `path` read but not yet answered, now and at most at any moment.
    int openNow(const QByteArray &path) const;
    int maxOpen(const QByteArray &path) const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Held
    {
        QPointer<QSslSocket> socket;
        QByteArray path;
    };

    void readRequests(QSslSocket *socket, QByteArray &buffer);
    void answer(QSslSocket *socket, const QByteArray &path, int status);
    int nextStatus(const QByteArray &path);
    void forgetHeld(QSslSocket *socket);

    TestCertificate m_certificate;
    QHash<QByteArray, QList<int>> m_statuses;
    QHash<QByteArray, bool> m_held;
    QList<Held> m_waiting;
    QList<QPointer<QSslSocket>> m_sockets;
    bool m_countOnly = false;

    mutable QMutex m_mutex; // guards what follows
    QList<ReceivedRequest> m_received;
    int m_count = 0;
    QHash<QByteArray, int> m_open;
    QHash<QByteArray, int> m_maxOpen;
};

} // namespace cadenio::test
