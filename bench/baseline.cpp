// bench/baseline: the HTTP framework's own ceiling on this machine.
//
//   cadenio-bench-baseline --port P --threads N
//
// A bare QHttpServer per thread, sharing one port with SO_REUSEPORT as the real server's
// threads do, answering GET /<n> with n bytes of JSON-looking text and nothing else: no
// store, no authentication, no rate limiting. bench/run compares each endpoint with this
// program answering a body of the same size. Prints "Listening on http://127.0.0.1:P".

#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QTcpServer>
#include <QThread>

#include <cstdio>
#include <memory>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int sharedListeningSocket(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    sockaddr_in where{};
    where.sin_family = AF_INET;
    where.sin_port = htons(port);
    where.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&where), sizeof(where)) != 0 ||
        ::listen(fd, SOMAXCONN) != 0) {
        std::perror("cadenio-bench-baseline: bind");
        std::exit(1);
    }
    return fd;
}

class ServingThread : public QThread
{
public:
    explicit ServingThread(int socket)
        : m_socket(socket)
    {}

protected:
    void run() override
    {
        QHttpServer server;
        server.route(QStringLiteral("/<arg>"), [](int size) {
            // The same shape of bytes the API sends: a JSON object of the given size.
            QByteArray body(qMax(size, 2), 'x');
            body.front() = '{';
            body.back() = '}';
            return QHttpServerResponse(QByteArrayLiteral("application/json"), body);
        });
        auto *listener = new QTcpServer(&server);
        listener->setSocketDescriptor(m_socket);
        server.bind(listener);
        exec();
    }

private:
    int m_socket;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    quint16 port = 0;
    int threads = QThread::idealThreadCount();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--port"))
            port = quint16(args.at(i + 1).toUInt());
        else if (args.at(i) == QLatin1String("--threads"))
            threads = args.at(i + 1).toInt();
    }
    if (port == 0 || threads < 1) {
        std::fprintf(stderr, "usage: cadenio-bench-baseline --port P --threads N\n");
        return 2;
    }
    std::vector<std::unique_ptr<ServingThread>> serving;
    for (int i = 0; i < threads; ++i) {
        serving.push_back(std::make_unique<ServingThread>(sharedListeningSocket(port)));
        serving.back()->start();
    }
    std::printf("Listening on http://127.0.0.1:%u\n", port);
    std::fflush(stdout);
    return app.exec();
}
