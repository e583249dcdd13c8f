#include "Server.h"

#include "ConnectionBudget.h"
#include "ServerThread.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cadenio::api {

namespace {

struct SocketAddress
{
    sockaddr_storage storage{};
    socklen_t length = 0;
};

SocketAddress toSocketAddress(const QHostAddress &address, quint16 port)
{
    SocketAddress result;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&result.storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof(bytes.c));
        result.length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&result.storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        result.length = sizeof(sockaddr_in);
    }
    return result;
}

// A listening socket; with `shared`, one of a SO_REUSEPORT group. Returns -1 and sets
// `error` on failure.
int openListener(const QHostAddress &address, quint16 port, bool shared, QString *error)
{
    const SocketAddress where = toSocketAddress(address, port);
    const int fd = ::socket(where.storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (shared)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&where.storage), where.length) != 0 ||
        (shared && ::listen(fd, SOMAXCONN) != 0)) {
        *error = errno == EADDRINUSE ? QStringLiteral("address already in use")
                                     : QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return -1;
    }
    return fd;
}

quint16 boundPort(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof(storage);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length);
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

} // namespace

Server::Server(const ApiHandler &handler, const Database &database, QObject *parent)
    : QObject(parent)
    , m_handler(handler)
    , m_database(database)
    , m_budget(std::make_shared<ConnectionBudget>())
{}

Server::~Server()
{
    stop();
}

void Server::setConnectionLimits(const ConnectionLimits &limits)
{
    m_budget->setLimits(limits);
}

ConnectionLimits Server::connectionLimits() const
{
    return m_budget->limits();
}

int Server::openConnections() const
{
    return m_budget->openConnections();
}

QString Server::url() const
{
    const QString host = m_address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + m_address.toString() + QLatin1Char(']')
                             : m_address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

bool Server::listen(const QHostAddress &address, quint16 port, int threads, QString *error)
{
    stop();
    QString why;
    // SO_REUSEPORT would let a second instance silently share a busy port, so first
    // probe it with a plain socket: a port someone else listens on fails here.
    if (port != 0) {
        const int probe = openListener(address, port, false, &why);
        if (probe < 0) {
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(why);
            return false;
        }
        ::close(probe);
    }
    QList<int> sockets;
    for (int i = 0; i < std::max(1, threads); ++i) {
        const int fd = openListener(address, port, true, &why);
        if (fd < 0) {
            for (int open : sockets)
                ::close(open);
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(why);
            return false;
        }
        port = boundPort(fd); // port 0: the others join the port the kernel chose
        sockets.append(fd);
    }
    m_address = address;
    m_port = port;
    for (int fd : sockets) {
        auto *thread = new ServerThread(fd, m_handler, m_database, m_budget, this);
        thread->setObjectName(QStringLiteral("cadenio-http"));
        thread->start();
        m_threads.append(thread);
    }
    emit listeningChanged(true);
    return true;
}

void Server::stop()
{
    if (m_threads.isEmpty())
        return;
    for (ServerThread *thread : m_threads)
        thread->drain();
    for (ServerThread *thread : m_threads) {
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    emit listeningChanged(false);
}

} // namespace cadenio::api
