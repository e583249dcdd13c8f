#include "ApiFixture.h"

#include <QJsonArray>

#include "domain/Error.h"
#include "endpoints/Endpoints.h"
#include "http/ApiHandler.h"
#include "http/Server.h"
#include "services/OverdueScheduler.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/MemorySecretStore.h"
#include "store/StoreError.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace cadenio::test {

namespace {

// Generous: Argon2id makes sign-ins and user creation slow on purpose, more so under
// sanitizers and on a loaded CI machine.
constexpr int kRequestTimeoutMs = 30000;
constexpr int kSocketTimeoutMs = 10000;

QNetworkRequest makeRequest(const QUrl &url, const ApiHeaders &headers)
{
    QNetworkRequest request(url);
    // HTTP/1.1 with keep-alive is what QHttpServer 6.4 speaks.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    // The client must send only what the test says: no cookie jar that would silently
    // turn a "no credentials" case into a signed-in one, no cache.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setTransferTimeout(kRequestTimeoutMs);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return request;
}

} // namespace

std::unique_ptr<QNetworkAccessManager> makeManager()
{
    auto manager = std::make_unique<QNetworkAccessManager>();
    // A proxy from the environment must never see loopback test traffic.
    manager->setProxy(QNetworkProxy::NoProxy);
    manager->setAutoDeleteReplies(false);
    return manager;
}

namespace {

QNetworkReply *send(QNetworkAccessManager &manager, const QUrl &url, const ApiRequestSpec &spec)
{
    // sendCustomRequest for every verb: QNAM's post() would invent a Content-Type when the
    // test deliberately left it out.
    return manager.sendCustomRequest(makeRequest(url, spec.headers), spec.method, spec.body);
}

ApiReply collect(QNetworkReply *reply, const ApiRequestSpec &spec)
{
    ApiReply result;
    result.method = spec.method;
    result.path = spec.path;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.networkError = reply->error();
    result.errorString = reply->errorString();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    return result;
}

// Spins an event loop until every reply has finished; the server answers from its own
// threads, so this thread only has to keep the client side moving.
void waitFor(const QList<QNetworkReply *> &replies)
{
    QEventLoop loop;
    int pending = 0;
    for (QNetworkReply *reply : replies) {
        if (reply->isFinished())
            continue;
        ++pending;
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&] {
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending == 0)
        return;
    // Backstop behind the transfer timeout, so a wedged client cannot hang the suite.
    QTimer::singleShot(kRequestTimeoutMs + 5000, &loop, &QEventLoop::quit);
    loop.exec();
}

// Waits for every reply, then reads them in the order of `requests`.
QList<ApiReply> collectAll(const QList<QNetworkReply *> &replies,
                           const QList<ApiRequestSpec> &requests)
{
    waitFor(replies);
    QList<ApiReply> results;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        results.append(collect(replies.at(i), requests.at(i)));
        delete replies.at(i);
    }
    return results;
}

} // namespace

QList<ApiReply> requestAllAt(QNetworkAccessManager &manager, const QUrl &base,
                             const QList<ApiRequestSpec> &requests, const QList<int> &servers)
{
    QList<QNetworkReply *> replies;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        QUrl url = base;
        if (!servers.isEmpty())
            url.setPort(servers.at(i % servers.size()));
        replies.append(send(manager, url.resolved(QUrl(requests.at(i).path)), requests.at(i)));
    }
    return collectAll(replies, requests);
}

const QString ApiFixture::kOwnerEmail = u"owner@acme.example"_s;
const QString ApiFixture::kPassword = u"correct horse battery staple"_s;

// --- ApiReply ---------------------------------------------------------------------------

bool ApiReply::hasHeader(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray ApiReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray ApiReply::mediaType() const
{
    return header("Content-Type").split(';').first().trimmed().toLower();
}

bool ApiReply::isJsonObject() const
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && doc.isObject();
}

QJsonObject ApiReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString ApiReply::describe() const
{
    QString text = QString::fromLatin1(method) + u' ' + path + u" -> "_s;
    if (status == 0)
        return text + u"no HTTP answer (%1: %2)"_s.arg(int(networkError)).arg(errorString);
    QString shown = QString::fromUtf8(body.left(600));
    if (body.size() > 600)
        shown += u"… (%1 bytes)"_s.arg(body.size());
    return text + QString::number(status) + u' ' + shown;
}

// --- RawHttpConnection ------------------------------------------------------------------

QByteArray RawResponse::header(QByteArrayView name) const
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 &&
            QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

RawHttpConnection::RawHttpConnection()
    : m_socket(std::make_unique<QTcpSocket>())
{
    m_socket->setProxy(QNetworkProxy::NoProxy);
}

RawHttpConnection::~RawHttpConnection() = default;

bool RawHttpConnection::connectTo(quint16 port)
{
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    return m_socket->waitForConnected(kSocketTimeoutMs);
}

bool RawHttpConnection::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void RawHttpConnection::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->waitForBytesWritten(kSocketTimeoutMs);
}

bool RawHttpConnection::fill(int timeoutMs)
{
    if (timeoutMs <= 0 || !m_socket->waitForReadyRead(timeoutMs))
        return false;
    m_buffer += m_socket->readAll();
    return true;
}

std::optional<RawResponse> RawHttpConnection::readResponse(bool bodyless)
{
    QDeadlineTimer deadline(kSocketTimeoutMs);
    qsizetype headEnd;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill(int(deadline.remainingTime())))
            return std::nullopt;
    }
    RawResponse response;
    response.head = m_buffer.left(headEnd);
    response.status = response.head.left(response.head.indexOf("\r\n")).split(' ').value(1).toInt();
    qsizetype length = 0;
    if (!bodyless) {
        bool ok = false;
        length = response.header("Content-Length").toLongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    while (m_buffer.size() < headEnd + 4 + length) {
        if (!fill(int(deadline.remainingTime())))
            return std::nullopt;
    }
    response.body = m_buffer.mid(headEnd + 4, length);
    m_buffer.remove(0, headEnd + 4 + length);
    return response;
}

QByteArray RawHttpConnection::request(const QByteArray &method, const QString &path,
                                      const QString &token)
{
    QByteArray bytes = method + ' ' + path.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        bytes += "Authorization: Bearer " + token.toLatin1() + "\r\n";
    return bytes + "\r\n";
}

// --- helpers ----------------------------------------------------------------------------

QString errorMismatch(const ApiReply &reply, int status, const QString &code)
{
    if (reply.status != status)
        return u"expected HTTP %1 %2, got %3"_s.arg(status).arg(code, reply.describe());
    if (reply.mediaType() != "application/json")
        return u"error without a JSON Content-Type: %1"_s.arg(reply.describe());
    if (!reply.isJsonObject())
        return u"error body is not a JSON object: %1"_s.arg(reply.describe());
    const QJsonObject body = reply.json();
    if (body.value(QLatin1String("code")).toString() != code)
        return u"expected code %1, got %2"_s.arg(code, reply.describe());
    if (!body.value(QLatin1String("message")).isString() ||
        body.value(QLatin1String("message")).toString().trimmed().isEmpty())
        return u"error without a message: %1"_s.arg(reply.describe());
    if (reply.header("X-Request-Id").isEmpty())
        return u"error without X-Request-Id: %1"_s.arg(reply.describe());
    return {};
}

bool isUtcTimestamp(const QString &text)
{
    static const QRegularExpression shape(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"_s);
    return shape.match(text).hasMatch() && QDateTime::fromString(text, Qt::ISODate).isValid();
}

// --- ApiFixture -------------------------------------------------------------------------

TestDatabase::~TestDatabase()
{
    if (!m_server)
        return;
    // FORCE: a connection some thread left open must not keep the database alive.
    QString error;
    if (!administer(*m_server,
                    u"DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)"_s.arg(m_url.databaseName()),
                    &error))
        qWarning("test database %s left behind: %s", qPrintable(m_url.databaseName()),
                 qPrintable(error));
}

bool TestDatabase::usesPostgres()
{
    return !qEnvironmentVariableIsEmpty(kServerVariable);
}

bool TestDatabase::create(const QString &sqliteFolder, QString *error)
{
    if (!usesPostgres()) {
        m_url = DatabaseUrl::sqliteFile(sqliteFolder + u"/cadenio.db"_s);
        return true;
    }
    const QString text = qEnvironmentVariable(kServerVariable);
    const auto server = DatabaseUrl::parse(text, error);
    if (!server || server->engine() != DatabaseUrl::Engine::Postgres) {
        *error = u"%1 must be a postgresql:// URL, not \"%2\""_s.arg(
            QString::fromLatin1(kServerVariable), text);
        return false;
    }
    // Lower case letters and digits: a name PostgreSQL keeps as written.
    const QString name = u"cadenio_test_%1"_s.arg(
        QString::fromLatin1(QUuid::createUuid().toRfc4122().toHex().left(20)));
    if (!administer(*server, u"CREATE DATABASE %1"_s.arg(name), error))
        return false;
    m_server = server;
    m_url = server->withDatabaseName(name);
    return true;
}

bool TestDatabase::administer(const DatabaseUrl &server, const QString &statement, QString *error)
{
    static QAtomicInt s_serial;
    const QString connection = u"cadenio-test-admin-%1"_s.arg(s_serial.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(server.host());
        db.setPort(server.port());
        db.setDatabaseName(server.databaseName());
        db.setUserName(server.userName());
        db.setPassword(server.password());
        if (!db.open()) {
            *error = u"cannot reach %1: %2"_s.arg(server.redacted(), db.lastError().text());
        } else {
            QSqlQuery query(db);
            ok = query.exec(statement);
            if (!ok)
                *error = u"%1: %2"_s.arg(statement, query.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

ApiFixture::ApiFixture()
    : ApiFixture(Options{})
{}

ApiFixture::ApiFixture(Options options)
    : m_options(std::move(options))
{}

ApiFixture::~ApiFixture()
{
    stop();
}

bool ApiFixture::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = u"no temporary directory: %1"_s.arg(m_dir.errorString());
        return false;
    }
    try {
        if (!m_store.create(m_dir.path(), error))
            return false;
        m_database = std::make_unique<Database>(m_store.url());
        m_database->open();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_services = std::make_unique<Services>(*m_database, *m_secrets);
        // Where serve keeps them, beside the store; a PostgreSQL store has no folder of its own.
        m_services->files().setStorageDir(m_dir.filePath(u"files"_s));
        SetupService::Request setup;
        setup.orgName = m_options.orgName;
        setup.plan = m_options.plan;
        setup.ownerEmail = kOwnerEmail;
        setup.ownerName = u"Olivia Owner"_s;
        setup.ownerPassword = kPassword;
        const SetupService::Result result = m_services->setup().initialize(setup);
        m_orgId = result.org.id;
        m_owner = Account{result.owner.id, kOwnerEmail, kPassword, Role::Owner, {}};
    } catch (const Error &e) {
        *error = u"setup failed: %1 %2"_s.arg(e.codeName(), e.message());
        return false;
    } catch (const StoreError &e) {
        *error = u"store failed: %1"_s.arg(e.message());
        return false;
    } catch (const std::exception &e) {
        *error = u"setup failed: %1"_s.arg(QString::fromLocal8Bit(e.what()));
        return false;
    }

    if (m_options.overdueScheduler) {
        m_overdue = std::make_unique<OverdueScheduler>(m_services->runs(), *m_database);
        m_overdue->start();
    }

    api::ApiHandler::Limits limits;
    limits.requestsPerKeyPerWindow = m_options.rateLimit;
    limits.maxUploadBody = m_options.maxUploadBody.value_or(limits.maxUploadBody);
    m_handler = std::make_unique<api::ApiHandler>(*m_services, api::allRoutes(), limits);
    m_server = std::make_unique<api::Server>(*m_handler, *m_database);
    QString why;
    if (!m_server->listen(QHostAddress::LocalHost, 0, m_options.serverThreads, &why)) {
        *error = u"listen failed: %1"_s.arg(why);
        return false;
    }
    m_network = makeManager();

    const ApiReply session = signIn(kOwnerEmail, kPassword);
    if (session.status != 201) {
        *error = u"owner sign-in failed: %1"_s.arg(session.describe());
        return false;
    }
    m_owner.token = session.json().value(QLatin1String("token")).toString();
    return true;
}

void ApiFixture::stop()
{
    // Client first: its keep-alive connections would otherwise hold the drain open.
    m_network.reset();
    if (m_server)
        m_server->stop();
    m_overdue.reset();
}

QUrl ApiFixture::url(const QString &pathAndQuery) const
{
    return QUrl(m_server->url() + pathAndQuery);
}

ApiReply ApiFixture::request(const QByteArray &method, const QString &pathAndQuery,
                             const QByteArray &body, const ApiHeaders &headers)
{
    return requestAll({ApiRequestSpec{method, pathAndQuery, body, headers}}).first();
}

QList<ApiReply> ApiFixture::requestAll(const QList<ApiRequestSpec> &requests,
                                       Connections connections)
{
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    for (const ApiRequestSpec &spec : requests) {
        QNetworkAccessManager *manager = m_network.get();
        if (connections == Connections::PerRequest) {
            managers.push_back(makeManager());
            manager = managers.back().get();
        }
        replies.append(send(*manager, url(spec.path), spec));
    }
    return collectAll(replies, requests);
}

ApiHeaders ApiFixture::bearer(const QString &token)
{
    if (token.isEmpty())
        return {};
    return {{"Authorization", "Bearer " + token.toLatin1()}};
}

ApiHeaders ApiFixture::jsonBearer(const QString &token)
{
    return ApiHeaders{{"Content-Type", "application/json"}} + bearer(token);
}

ApiReply ApiFixture::get(const QString &pathAndQuery, const QString &token)
{
    return request("GET", pathAndQuery, {}, bearer(token));
}

ApiReply ApiFixture::post(const QString &path, const QJsonObject &body, const QString &token)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                   jsonBearer(token));
}

ApiReply ApiFixture::patch(const QString &path, const QJsonObject &body, const QString &token)
{
    return request("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                   jsonBearer(token));
}

ApiReply ApiFixture::del(const QString &path, const QString &token)
{
    return request("DELETE", path, {}, bearer(token));
}

ApiReply ApiFixture::signIn(const QString &email, const QString &password)
{
    return post(u"/v1/sessions"_s, {{u"email"_s, email}, {u"password"_s, password}});
}

QString ApiFixture::uniqueEmail(const QString &hint)
{
    return u"%1-%2@acme.example"_s.arg(hint).arg(++m_emailCounter);
}

Account ApiFixture::createAccount(Role role, const QString &email)
{
    m_lastError.clear();
    Account account;
    account.email = email.isEmpty() ? uniqueEmail(roleName(role).toLower()) : email;
    account.password = kPassword;
    account.role = role;
    const ApiReply created = post(u"/v1/users"_s,
                                  {{u"email"_s, account.email},
                                   {u"name"_s, u"Test %1"_s.arg(roleName(role))},
                                   {u"role"_s, roleName(role)},
                                   {u"password"_s, account.password}},
                                  m_owner.token);
    if (created.status != 201) {
        m_lastError = u"creating the %1 failed: %2"_s.arg(roleName(role), created.describe());
        return {};
    }
    account.id = created.json().value(QLatin1String("id")).toString();
    const ApiReply session = signIn(account.email, account.password);
    if (session.status != 201) {
        m_lastError = u"signing the %1 in failed: %2"_s.arg(roleName(role), session.describe());
        return {};
    }
    account.token = session.json().value(QLatin1String("token")).toString();
    return account;
}

QHash<QString, Account> ApiFixture::accountsOfEveryRole()
{
    QHash<QString, Account> accounts{{roleName(Role::Owner), m_owner}};
    for (Role role : {Role::Admin, Role::Member, Role::Auditor}) {
        const Account account = createAccount(role);
        if (!account.isValid())
            return {};
        accounts.insert(roleName(role), account);
    }
    return accounts;
}

QString ApiFixture::createApiKey(const QStringList &scopes, const QJsonObject &extra)
{
    QJsonObject body{{QStringLiteral("name"), QStringLiteral("Integration")},
                     {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    const ApiReply reply = post(QStringLiteral("/v1/api-keys"), body, m_owner.token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json().value(QStringLiteral("plain_key")).toString();
}

} // namespace cadenio::test
