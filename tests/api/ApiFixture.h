#pragma once

#include "domain/Plan.h"
#include "domain/Role.h"
#include "store/DatabaseUrl.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QTcpSocket;

namespace cadenio {
class Database;
class MemorySecretStore;
class OverdueScheduler;
class Services;
namespace api {
class ApiHandler;
class Server;
} // namespace api
} // namespace cadenio

namespace cadenio::test {

using ApiHeaders = QList<QPair<QByteArray, QByteArray>>;

// One HTTP exchange as a test sees it: everything needed to assert on, and to explain a
// failure without rerunning under a debugger.
struct ApiReply
{
    QByteArray method;
    QString path;
    int status = 0; // 0: no HTTP answer at all, see networkError
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray body;

    bool hasHeader(QByteArrayView name) const;
    QByteArray header(QByteArrayView name) const;
    // The media type without parameters, lower case ("application/json").
    QByteArray mediaType() const;

    bool isJsonObject() const;
    QJsonObject json() const; // empty unless the body is one JSON object
    QString code() const { return json().value(QLatin1String("code")).toString(); }
    QString field() const { return json().value(QLatin1String("field")).toString(); }

    // "POST /v1/users -> 403 {…}" for failure messages.
    QString describe() const;
};

// The store a test runs on: a SQLite file in a temporary folder, or, when the environment
// variable CADENIO_TEST_DATABASE_URL names a PostgreSQL server (tests/postgres/cluster.sh
// sets it for the tests labelled `postgres`), a new database of its own on that server, so
// tests never see each other's rows. The destructor drops that database again.
class TestDatabase
{
public:
    static constexpr const char *kServerVariable = "CADENIO_TEST_DATABASE_URL";

    TestDatabase() = default;
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    // Whether this process runs its tests on PostgreSQL.
    static bool usesPostgres();

    // False with a reason when the server refuses. `sqliteFolder` holds the SQLite file.
    bool create(const QString &sqliteFolder, QString *error);
    const DatabaseUrl &url() const { return m_url; }

private:
    // Runs one statement on the server's maintenance database.
    static bool administer(const DatabaseUrl &server, const QString &statement, QString *error);

    DatabaseUrl m_url;
    std::optional<DatabaseUrl> m_server; // set once a database of our own exists
};

// One request for ApiFixture::requestAll().
struct ApiRequestSpec
{
    QByteArray method;
    QString path;
    QByteArray body;
    ApiHeaders headers;
};

// A client for test traffic: no proxy, replies deleted by whoever collects them.
std::unique_ptr<QNetworkAccessManager> makeManager();

// Sends every request at once to the server at `base` ("http://127.0.0.1:PORT"), or, with
// `servers`, spread round-robin over the servers on those ports of the same host, and
// waits for every answer; answers come back in the order of `requests`.
QList<ApiReply> requestAllAt(QNetworkAccessManager &manager, const QUrl &base,
                             const QList<ApiRequestSpec> &requests, const QList<int> &servers = {});

// A console user the fixture created and signed in.
struct Account
{
    QString id;
    QString email;
    QString password;
    Role role = Role::Member;
    QString token;

    bool isValid() const { return !id.isEmpty() && !token.isEmpty(); }
};

// A real store, services and API server on a free loopback port, plus a client that talks
// to it over HTTP/1.1 exactly as an outside client would. The owner is signed in once
// start() has returned true.
class ApiFixture
{
public:
    struct Options
    {
        QString orgName = QStringLiteral("Acme Logistics");
        Plan plan = Plan::Enterprise;
        int serverThreads = 2;
        int rateLimit = 600; // requests per API key per window; 0: off
        // Body limit of uploads (multipart/form-data); unset: the server's default.
        std::optional<qint64> maxUploadBody;
        // The deadline check of serve and the console, on its own thread as there.
        bool overdueScheduler = true;
    };

    static const QString kOwnerEmail;
    static const QString kPassword; // every account the fixture makes uses it

    ApiFixture();
    explicit ApiFixture(Options options);
    ~ApiFixture();
    ApiFixture(const ApiFixture &) = delete;
    ApiFixture &operator=(const ApiFixture &) = delete;

    // False with a reason when anything on the way fails; tests QVERIFY2 on it.
    bool start(QString *error);
    void stop();

    ApiReply request(const QByteArray &method, const QString &pathAndQuery,
                     const QByteArray &body = {}, const ApiHeaders &headers = {});
    ApiReply get(const QString &pathAndQuery, const QString &token = {});
    ApiReply post(const QString &path, const QJsonObject &body, const QString &token = {});
    ApiReply patch(const QString &path, const QJsonObject &body, const QString &token = {});
    ApiReply del(const QString &path, const QString &token = {});

    enum class Connections
    {
        Shared,     // one client: a handful of keep-alive connections, requests queue on them
        PerRequest, // one client per request: every request on its own connection at once
    };
    // Sends every request before waiting for any answer; answers come back in the order
    // of `requests`.
    QList<ApiReply> requestAll(const QList<ApiRequestSpec> &requests,
                               Connections connections = Connections::Shared);

    ApiReply signIn(const QString &email, const QString &password);
    // POST /v1/users as the owner, then signs the new user in. Invalid on any failure;
    // lastError() says why.
    Account createAccount(Role role, const QString &email = {});
    // The owner and one signed-in account of every other role, keyed by role name
    // ("OWNER", "ADMIN", …). Empty on any failure; lastError() says why.
    QHash<QString, Account> accountsOfEveryRole();
    // Creates an API key as the owner (scopes plus any further request fields) and returns
    // its plain key; empty on failure, with the exchange in the test log.
    QString createApiKey(const QStringList &scopes, const QJsonObject &extra = {});
    QString lastError() const { return m_lastError; }

    // A fresh address every call, so tests never collide on the unique email.
    QString uniqueEmail(const QString &hint = QStringLiteral("user"));

    static ApiHeaders bearer(const QString &token);
    static ApiHeaders jsonBearer(const QString &token);

    QUrl url(const QString &pathAndQuery) const;
    const Account &owner() const { return m_owner; }
    const QString &orgId() const { return m_orgId; }
    Services &services() { return *m_services; }
    api::Server &server() { return *m_server; }
    Database &database() { return *m_database; }
    QNetworkAccessManager &network() { return *m_network; }

private:
    Options m_options;
    QTemporaryDir m_dir;
    // Declared in construction order; destroyed server first, store last.
    TestDatabase m_store;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<OverdueScheduler> m_overdue;
    std::unique_ptr<api::ApiHandler> m_handler;
    std::unique_ptr<api::Server> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    Account m_owner;
    QString m_orgId;
    QString m_lastError;
    int m_emailCounter = 0;
};

// One HTTP/1.1 response read off a raw connection.
struct RawResponse
{
    int status = 0;
    QByteArray head; // status line and headers
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
};

// One connection driven by hand, for what a client library hides or refuses to do: several
// requests on one connection, pipelining, HEAD framing, declared lengths.
class RawHttpConnection
{
public:
    RawHttpConnection();
    ~RawHttpConnection();
    RawHttpConnection(const RawHttpConnection &) = delete;
    RawHttpConnection &operator=(const RawHttpConnection &) = delete;

    bool connectTo(quint16 port);
    bool isConnected() const;
    void send(const QByteArray &bytes);
    // The next response. With `bodyless` (answers to HEAD), only the head is read: whatever
    // follows belongs to the next response. Empty on timeout or a response without
    // Content-Length.
    std::optional<RawResponse> readResponse(bool bodyless = false);
    // Bytes received but not yet consumed by readResponse().
    QByteArray unread() const { return m_buffer; }

    static QByteArray request(const QByteArray &method, const QString &path,
                              const QString &token = {});

private:
    bool fill(int timeoutMs);

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

// An empty string when `reply` is the error `status`/`code` with the shape every error
// has (JSON object, non-empty message, X-Request-Id); otherwise what differs.
QString errorMismatch(const ApiReply &reply, int status, const QString &code);

// Whether `text` is an RFC 3339 UTC timestamp at second precision, as every output is.
bool isUtcTimestamp(const QString &text);

} // namespace cadenio::test

// Compares the status and, on a mismatch, shows the whole exchange: a bare QCOMPARE of two
// numbers would hide the error body that says what went wrong.
#define API_COMPARE_STATUS(reply, expected)                                                        \
    QVERIFY2(                                                                                      \
        (reply).status == (expected),                                                              \
        qPrintable(                                                                                \
            QStringLiteral("expected HTTP %1, got %2").arg(expected).arg((reply).describe())))

#define API_VERIFY_ERROR(reply, status, code)                                                      \
    do {                                                                                           \
        const QString apiMismatch_ = cadenio::test::errorMismatch((reply), (status), (code));      \
        QVERIFY2(apiMismatch_.isEmpty(), qPrintable(apiMismatch_));                                \
    } while (false)
