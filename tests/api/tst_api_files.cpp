// Files over HTTP: multipart uploads attached to run tasks and downloads of the exact bytes,
// with the errors a client meets (malformed or incomplete forms, wrong media type, oversize
// bodies, closed runs, scopes, roles, resource limits, other organizations), content stored
// once per SHA-256, nothing left on disk by a failed insert, and file-type task values that
// must name a file of the same run; uploads are on the run's audit trail. Sizes are tried
// at a small instance limit: empty, one byte, exactly the limit and one byte over. Templates
// are seeded straight into the fixture's store.

#include "ApiFixture.h"

#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "http/ApiHandler.h"
#include "services/Services.h"
#include "store/Database.h"
#include "store/SqlQuery.h"
#include "store/TemplateRepository.h"
#include "store/Transaction.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using cadenio::Role;
using cadenio::test::Account;
using cadenio::test::ApiFixture;
using cadenio::test::ApiHeaders;
using cadenio::test::ApiReply;

namespace {
const QByteArray kBoundary = "b0UNDARY-x'(+_,./:=?)";
const QByteArray kMultipart = "multipart/form-data; boundary=\"" + kBoundary + "\"";
constexpr qint64 kMiB = 1024 * 1024;
// The instance's upload limit in this suite: small, so the boundary cases stay quick.
constexpr qint64 kUploadLimit = 64 * 1024;

ApiFixture::Options smallUploads()
{
    ApiFixture::Options options;
    options.maxUploadBody = kUploadLimit;
    return options;
}

// Binary filler of exactly `size` bytes full of what a multipart parser could trip on: NUL
// and high bytes, CRLF runs, bare CR and LF, and near misses of the delimiter.
QByteArray trickyBytes(qsizetype size)
{
    const QByteArray pattern = QByteArray("\0\xff\r\n\r\n-\r--", 11) + kBoundary.chopped(1) +
                               "\r\n\n--" + kBoundary + "\r\n\x80\r";
    QByteArray bytes;
    bytes.reserve(size);
    while (bytes.size() < size)
        bytes += pattern;
    bytes.truncate(size);
    return bytes;
}

QByteArray textPart(const QByteArray &name, const QByteArray &value)
{
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
}

// `fileName` is the raw Content-Disposition parameter text, e.g. `filename="a.txt"`.
QByteArray filePart(const QByteArray &fileName, const QByteArray &content,
                    const QByteArray &type = "application/octet-stream")
{
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; " + fileName +
           "\r\nContent-Type: " + type + "\r\n\r\n" + content + "\r\n";
}

QByteArray closed(const QByteArray &parts)
{
    return parts + "--" + kBoundary + "--\r\n";
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QStringList storedFiles(const QString &root)
{
    QStringList result;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        result << QDir(root).relativeFilePath(it.next());
    result.sort();
    return result;
}

cadenio::TaskDefinition definition(const QString &name, cadenio::FieldSpec::Type type)
{
    cadenio::TaskDefinition d;
    d.id = cadenio::ids::generate(u"tdef_");
    d.name = name;
    d.required = false;
    d.field.type = type;
    return d;
}

const QStringList kFileKeys{u"content_type"_s, u"created_at"_s, u"id"_s,   u"name"_s,
                            u"run_id"_s,       u"sha256"_s,     u"size"_s, u"task_id"_s};
} // namespace

class TestApiFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void roundTripOfBinaryContent();
    void contentDisposition_data();
    void contentDisposition();
    void malformedForms_data();
    void malformedForms();
    void uploadSizes_data();
    void uploadSizes();
    void boundaryLookalikes_data();
    void boundaryLookalikes();
    void defaultUploadLimit();
    void uploadsAreAudited();
    void runAndTaskChecks();
    void closedRunIs409();
    void scopesAndRoles();
    void selectedKeys();
    void otherOrganizationIs404();
    void sameContentStoredOnce();
    void failedInsertLeavesNoFile();
    void fileTaskValues();

private:
    QString seedTemplate(const QList<cadenio::TaskDefinition> &tasks);
    QString launch(const QString &templateId);
    QStringList taskIds(const QString &runId);
    ApiReply upload(const QByteArray &body, const QString &token = {},
                    const QByteArray &contentType = kMultipart);
    ApiReply uploadFile(const QString &runId, const QString &taskId, const QByteArray &content,
                        const QString &token = {},
                        const QByteArray &fileName = "filename=\"data.bin\"");
    QString storageRoot() { return m_fx.services().files().storageDir(); }

    // Downloads `reply`'s file and checks it against `sent`: bytes, size and SHA-256 alike.
    void verifyRoundTrip(const ApiReply &reply, const QByteArray &sent);

    ApiFixture m_fx{smallUploads()};
    QHash<QString, Account> m_accounts;
    QString m_template; // tasks: a file, a text
    QString m_other;    // tasks: a file
    QString m_run;
    QStringList m_tasks;
};

void TestApiFiles::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(&error), qPrintable(error));
    m_accounts = m_fx.accountsOfEveryRole();
    QVERIFY2(!m_accounts.isEmpty(), qPrintable(m_fx.lastError()));
    using Type = cadenio::FieldSpec::Type;
    m_template =
        seedTemplate({definition(u"Attachment"_s, Type::File), definition(u"Notes"_s, Type::Text)});
    m_other = seedTemplate({definition(u"Scan"_s, Type::File)});
    m_run = launch(m_template);
    m_tasks = taskIds(m_run);
    QCOMPARE(m_tasks.size(), 2);
}

void TestApiFiles::cleanupTestCase()
{
    m_fx.stop();
}

QString TestApiFiles::seedTemplate(const QList<cadenio::TaskDefinition> &tasks)
{
    cadenio::Template tmpl;
    tmpl.id = cadenio::ids::generate(u"tmpl_");
    tmpl.orgId = m_fx.orgId();
    tmpl.name = u"Vendor onboarding"_s;
    tmpl.tasks = tasks;
    tmpl.createdAt = tmpl.updatedAt = cadenio::timestamps::now();
    cadenio::Transaction tx(m_fx.database());
    cadenio::TemplateRepository templates(tx.db());
    templates.insertTemplate(tmpl);
    const cadenio::TemplateVersion version{tmpl.id,          1,     tmpl.name,
                                           tmpl.description, tasks, cadenio::timestamps::now(),
                                           m_fx.owner().id};
    templates.insertVersion(version);
    tmpl.publishedVersion = 1;
    tmpl.publishedAt = version.publishedAt;
    templates.updateTemplate(tmpl);
    tx.commit();
    return tmpl.id;
}

QString TestApiFiles::launch(const QString &templateId)
{
    const ApiReply reply =
        m_fx.post(u"/v1/runs"_s, {{u"template_id"_s, templateId}}, m_fx.owner().token);
    if (reply.status != 201)
        qWarning().noquote() << reply.describe();
    return reply.json().value(u"id"_s).toString();
}

QStringList TestApiFiles::taskIds(const QString &runId)
{
    QStringList ids;
    const QJsonArray tasks =
        m_fx.get(u"/v1/runs/"_s + runId, m_fx.owner().token).json().value(u"tasks"_s).toArray();
    for (const QJsonValue &task : tasks)
        ids << task.toObject().value(u"id"_s).toString();
    return ids;
}

ApiReply TestApiFiles::upload(const QByteArray &body, const QString &token,
                              const QByteArray &contentType)
{
    ApiHeaders headers = ApiFixture::bearer(token.isEmpty() ? m_fx.owner().token : token);
    headers.append({"Content-Type", contentType});
    return m_fx.request("POST", u"/v1/files"_s, body, headers);
}

ApiReply TestApiFiles::uploadFile(const QString &runId, const QString &taskId,
                                  const QByteArray &content, const QString &token,
                                  const QByteArray &fileName)
{
    return upload(closed(textPart("run_id", runId.toUtf8()) + textPart("task_id", taskId.toUtf8()) +
                         filePart(fileName, content)),
                  token);
}

void TestApiFiles::roundTripOfBinaryContent()
{
    // NUL bytes, bare CR/LF, CRLF runs and a near-boundary line: all content, byte for byte.
    QByteArray content("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\n\r\n--", 22);
    content += "--" + kBoundary.left(5) + "\r\n\xff\xfe\0\r\n";
    const QByteArray body =
        closed(filePart("filename=\"scan.png\"", content, "image/png") +
               textPart("run_id", m_run.toUtf8()) + textPart("task_id", m_tasks.at(0).toUtf8()));

    const ApiReply created = upload(body);
    API_COMPARE_STATUS(created, 201);
    QJsonObject json = created.json();
    QStringList keys = json.keys();
    keys.sort();
    QCOMPARE(keys, kFileKeys);
    QVERIFY(json.value(u"id"_s).toString().startsWith(u"file_"_s));
    QCOMPARE(json.value(u"name"_s).toString(), u"scan.png"_s);
    QCOMPARE(json.value(u"size"_s).toInteger(), content.size());
    QCOMPARE(json.value(u"content_type"_s).toString(), u"image/png"_s);
    QCOMPARE(json.value(u"sha256"_s).toString(), sha256(content));
    QCOMPARE(json.value(u"run_id"_s).toString(), m_run);
    QCOMPARE(json.value(u"task_id"_s).toString(), m_tasks.at(0));
    QVERIFY(cadenio::test::isUtcTimestamp(json.value(u"created_at"_s).toString()));

    const QString id = json.value(u"id"_s).toString();
    const ApiReply download = m_fx.get(u"/v1/files/"_s + id, m_fx.owner().token);
    API_COMPARE_STATUS(download, 200);
    QCOMPARE(download.body, content);
    QCOMPARE(download.mediaType(), QByteArray("image/png"));
    QCOMPARE(download.header("Content-Disposition"),
             QByteArray("attachment; filename=\"scan.png\"; filename*=UTF-8''scan.png"));
    QCOMPARE(download.header("X-Content-Type-Options"), QByteArray("nosniff"));

    const ApiReply meta = m_fx.get(u"/v1/files/%1/meta"_s.arg(id), m_fx.owner().token);
    API_COMPARE_STATUS(meta, 200);
    QCOMPARE(meta.json(), json);

    // Without a Content-Type of its own, the part is application/octet-stream.
    const QByteArray untyped = closed(
        "--" + kBoundary + "\r\nContent-Disposition: form-data; name=file; filename=raw\r\n\r\n" +
        content + "\r\n" + textPart("run_id", m_run.toUtf8()) +
        textPart("task_id", m_tasks.at(0).toUtf8()));
    const ApiReply plain = upload(untyped);
    API_COMPARE_STATUS(plain, 201);
    QCOMPARE(plain.json().value(u"content_type"_s).toString(), u"application/octet-stream"_s);

    API_VERIFY_ERROR(m_fx.get(u"/v1/files/file_nope"_s, m_fx.owner().token), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/file_nope/meta"_s, m_fx.owner().token), 404,
                     u"NOT_FOUND"_s);
}

void TestApiFiles::contentDisposition_data()
{
    QTest::addColumn<QByteArray>("sent"); // the filename parameters of the upload
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("quote") << QByteArray(R"(filename="say \"hi\".txt")") << u"say \"hi\".txt"_s
                           << QByteArray(R"(attachment; filename="say \"hi\".txt"; )"
                                         R"(filename*=UTF-8''say%20%22hi%22.txt)");
    QTest::newRow("header injection attempt")
        << QByteArray(R"(filename="x.txt\"; filename*=UTF-8''evil.exe")")
        << u"x.txt\"; filename*=UTF-8''evil.exe"_s
        << QByteArray(R"(attachment; filename="x.txt\"; filename*=UTF-8''evil.exe"; )"
                      R"(filename*=UTF-8''x.txt%22%3B%20filename%2A%3DUTF-8%27%27evil.exe)");
    QTest::newRow("non-ASCII") << QByteArray("filename*=UTF-8''%E2%82%ACuro%20%C3%A9t%C3%A9.pdf")
                               << u"€uro été.pdf"_s
                               << QByteArray("attachment; filename=\"_uro _t_.pdf\"; "
                                             "filename*=UTF-8''%E2%82%ACuro%20%C3%A9t%C3%A9.pdf");
    QTest::newRow("percent and semicolon")
        << QByteArray(R"(filename="100%;a=b.txt")") << u"100%;a=b.txt"_s
        << QByteArray("attachment; filename=\"100%;a=b.txt\"; filename*=UTF-8''100%25%3Ba%3Db.txt");
}

void TestApiFiles::contentDisposition()
{
    QFETCH(QByteArray, sent);
    QFETCH(QString, name);
    QFETCH(QByteArray, header);
    const ApiReply created = uploadFile(m_run, m_tasks.at(0), "x", {}, sent);
    API_COMPARE_STATUS(created, 201);
    QCOMPARE(created.json().value(u"name"_s).toString(), name);
    const ApiReply download =
        m_fx.get(u"/v1/files/"_s + created.json().value(u"id"_s).toString(), m_fx.owner().token);
    API_COMPARE_STATUS(download, 200);
    QCOMPARE(download.header("Content-Disposition"), header);
}

void TestApiFiles::malformedForms_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");

    const QByteArray run = textPart("run_id", "RUN");
    const QByteArray task = textPart("task_id", "TASK");
    const QByteArray file = filePart("filename=\"a.txt\"", "hello");
    QTest::newRow("missing file") << kMultipart << closed(run + task) << 400 << u"file"_s;
    QTest::newRow("missing run_id") << kMultipart << closed(task + file) << 400 << u"run_id"_s;
    QTest::newRow("missing task_id") << kMultipart << closed(run + file) << 400 << u"task_id"_s;
    QTest::newRow("duplicate task_id")
        << kMultipart << closed(run + task + task + file) << 400 << u"task_id"_s;
    QTest::newRow("duplicate file")
        << kMultipart << closed(run + task + file + file) << 400 << u"file"_s;
    QTest::newRow("unknown part") << kMultipart << closed(run + task + file + textPart("x", "1"))
                                  << 400 << u"x"_s;
    QTest::newRow("file without filename")
        << kMultipart << closed(run + task + textPart("file", "hello")) << 400 << u"file"_s;
    QTest::newRow("run_id as a file")
        << kMultipart
        << closed(task + file + "--" + kBoundary +
                  "\r\nContent-Disposition: form-data; name=run_id; filename=r\r\n\r\nRUN\r\n")
        << 400 << u"run_id"_s;
    QTest::newRow("empty file name")
        << kMultipart << closed(run + task + filePart("filename=\"\"", "x")) << 400 << u"file"_s;
    QTest::newRow("JSON content type")
        << QByteArray("application/json") << closed(run + task + file) << 400 << u"Content-Type"_s;
    QTest::newRow("no boundary") << QByteArray("multipart/form-data") << closed(run + task + file)
                                 << 400 << u"Content-Type"_s;
    QTest::newRow("other boundary") << QByteArray("multipart/form-data; boundary=zzz")
                                    << closed(run + task + file) << 400 << u"body"_s;
    QByteArray lfOnly = closed(run + task + file);
    lfOnly.replace("\r\n", "\n");
    QTest::newRow("LF line endings") << kMultipart << lfOnly << 400 << u"body"_s;
    QTest::newRow("truncated") << kMultipart << QByteArray(run + task + file).chopped(3) << 400
                               << u"file"_s;
    QTest::newRow("control character in file name")
        << kMultipart << closed(run + task + filePart("filename*=UTF-8''a%0D%0Ab.txt", "x")) << 422
        << u"file"_s;
    QTest::newRow("part content type without a subtype")
        << kMultipart << closed(run + task + filePart("filename=a", "x", "text")) << 400
        << u"file"_s;
}

void TestApiFiles::malformedForms()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    body.replace("RUN", m_run.toUtf8());
    body.replace("TASK", m_tasks.at(0).toUtf8());
    const ApiReply reply = upload(body, {}, contentType);
    API_VERIFY_ERROR(reply, status, status == 400 ? u"INVALID_REQUEST"_s : u"UNPROCESSABLE"_s);
    QCOMPARE(reply.field(), field);
    if (field != u"body"_s && field != u"Content-Type"_s)
        QVERIFY2(reply.json().value(u"message"_s).toString().contains(field),
                 qPrintable(reply.describe()));
}

void TestApiFiles::verifyRoundTrip(const ApiReply &reply, const QByteArray &sent)
{
    API_COMPARE_STATUS(reply, 201);
    const QJsonObject json = reply.json();
    QCOMPARE(json.value(u"size"_s).toInteger(), sent.size());
    QCOMPARE(json.value(u"sha256"_s).toString(), sha256(sent));
    const ApiReply download =
        m_fx.get(u"/v1/files/"_s + json.value(u"id"_s).toString(), m_fx.owner().token);
    API_COMPARE_STATUS(download, 200);
    QCOMPARE(download.body.size(), sent.size());
    QCOMPARE(sha256(download.body), json.value(u"sha256"_s).toString());
    QVERIFY(download.body == sent);
    const ApiReply meta =
        m_fx.get(u"/v1/files/%1/meta"_s.arg(json.value(u"id"_s).toString()), m_fx.owner().token);
    QCOMPARE(meta.json(), json);
}

void TestApiFiles::uploadSizes_data()
{
    QTest::addColumn<qint64>("contentSize"); // -1: whatever makes the body `bodyOverLimit`
    QTest::addColumn<qint64>("bodyOverLimit");
    QTest::addColumn<int>("status");
    QTest::addRow("empty file") << qint64(0) << qint64(0) << 201;
    QTest::addRow("one byte") << qint64(1) << qint64(0) << 201;
    QTest::addRow("body exactly at the limit") << qint64(-1) << qint64(0) << 201;
    QTest::addRow("body one byte over the limit") << qint64(-1) << qint64(1) << 413;
    QTest::addRow("body far over the limit") << qint64(-1) << kUploadLimit << 413;
}

void TestApiFiles::uploadSizes()
{
    QFETCH(qint64, contentSize);
    QFETCH(qint64, bodyOverLimit);
    QFETCH(int, status);
    const auto body = [&](const QByteArray &content) {
        return closed(textPart("run_id", m_run.toUtf8()) +
                      textPart("task_id", m_tasks.at(0).toUtf8()) +
                      filePart("filename=\"sized.bin\"", content));
    };
    if (contentSize < 0)
        contentSize = kUploadLimit + bodyOverLimit - body({}).size();
    const QByteArray content = trickyBytes(contentSize);
    const QByteArray sent = body(content);
    if (contentSize == 0 || contentSize == 1)
        QVERIFY(sent.size() < kUploadLimit);
    else
        QCOMPARE(sent.size(), kUploadLimit + bodyOverLimit);

    const QStringList before = storedFiles(storageRoot());
    const ApiReply reply = upload(sent);
    if (status == 413) {
        API_VERIFY_ERROR(reply, 413, u"PAYLOAD_TOO_LARGE"_s);
        QVERIFY2(
            reply.json().value(u"message"_s).toString().contains(QString::number(kUploadLimit)),
            qPrintable(reply.describe()));
        QCOMPARE(storedFiles(storageRoot()), before);
        return;
    }
    verifyRoundTrip(reply, content);
    QCOMPARE(reply.json().value(u"name"_s).toString(), u"sized.bin"_s);
}

void TestApiFiles::boundaryLookalikes_data()
{
    QTest::addColumn<QByteArray>("content");
    // QByteArray() around each: with QStringBuilder a concatenation is not yet a QByteArray,
    // and QTest's data table checks types at run time.
    const QByteArray dashes = "--" + kBoundary;
    const auto row = [](const char *tag, const QByteArray &content) {
        QTest::addRow("%s", tag) << content;
    };
    row("the boundary line right at the start", QByteArray(dashes + "\r\nafter"));
    row("the boundary as the prefix of a longer line", QByteArray("a\r\n" + dashes + "X\r\nb"));
    row("the close delimiter's prefix", QByteArray("a\r\n" + dashes + "-x\r\n"));
    row("the boundary after a bare LF", QByteArray("a\n" + dashes + "\r\nb"));
    row("the boundary after a bare CR", QByteArray("a\r" + dashes + "--\r\n"));
    row("the boundary but its last character",
        QByteArray("\r\n--" + kBoundary.chopped(1) + "\r\n"));
    row("only CRLF", QByteArray("\r\n"));
    row("ends in CRLF CRLF", QByteArray("last line\r\n\r\n"));
    row("NUL and high bytes", QByteArray("\0\xff\xfe\r\n\0\x80", 7));
    row("headers inside content",
        QByteArray("\r\nContent-Disposition: form-data; name=\"run_id\"\r\n\r\nrun_x\r\n"));
}

void TestApiFiles::boundaryLookalikes()
{
    QFETCH(QByteArray, content);
    // The file part in the middle, so that the parser has to find where it really ends.
    const QByteArray body =
        closed(textPart("run_id", m_run.toUtf8()) + filePart("filename=\"tricky.bin\"", content) +
               textPart("task_id", m_tasks.at(0).toUtf8()));
    verifyRoundTrip(upload(body), content);
}

void TestApiFiles::defaultUploadLimit()
{
    // The suite runs at a small limit; the instance default is the documented 25 MiB.
    QCOMPARE(cadenio::api::ApiHandler::Limits{}.maxUploadBody, 25 * kMiB);
    const ApiReply over = upload(QByteArray(kUploadLimit + 1, 'x'));
    API_VERIFY_ERROR(over, 413, u"PAYLOAD_TOO_LARGE"_s);
}

void TestApiFiles::uploadsAreAudited()
{
    const QString run = launch(m_template);
    const QString task = taskIds(run).at(0);
    const QString key = m_fx.createApiKey({u"files:write"_s});
    const ApiReply byOwner = uploadFile(run, task, "audited", {}, "filename=\"evidence.pdf\"");
    const ApiReply byKey = uploadFile(run, task, "by a key", key, "filename=\"key.txt\"");
    API_COMPARE_STATUS(byOwner, 201);
    API_COMPARE_STATUS(byKey, 201);

    const ApiReply audit = m_fx.get(u"/v1/runs/%1/audit"_s.arg(run), m_fx.owner().token);
    API_COMPARE_STATUS(audit, 200);
    QList<QJsonObject> attached;
    for (const QJsonValue &entry : audit.json().value(u"data"_s).toArray()) {
        if (entry.toObject().value(u"action"_s).toString() == u"file.attached"_s)
            attached << entry.toObject();
    }
    QCOMPARE(attached.size(), 2);
    const QJsonObject first = attached.at(0);
    QCOMPARE(first.value(u"actor"_s).toObject(),
             (QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, m_fx.owner().id}}));
    const QString prefix = u"tasks.%1.files."_s.arg(task);
    const QJsonObject changes = first.value(u"changes"_s).toObject();
    const QString fileId = byOwner.json().value(u"id"_s).toString();
    QCOMPARE(changes.value(prefix + fileId).toObject(),
             (QJsonObject{{u"from"_s, QJsonValue()},
                          {u"to"_s, QJsonObject{{u"name"_s, u"evidence.pdf"_s},
                                                {u"size"_s, 7},
                                                {u"sha256"_s, sha256("audited")}}}}));
    QCOMPARE(attached.at(1).value(u"actor"_s).toObject().value(u"type"_s).toString(), u"api_key"_s);

    // A refused upload leaves no entry.
    API_VERIFY_ERROR(uploadFile(run, m_tasks.at(0), "wrong task"), 422, u"UNPROCESSABLE"_s);
    const ApiReply again = m_fx.get(u"/v1/runs/%1/audit"_s.arg(run), m_fx.owner().token);
    QCOMPARE(again.json().value(u"data"_s).toArray().size(),
             audit.json().value(u"data"_s).toArray().size());
}

void TestApiFiles::runAndTaskChecks()
{
    const QString otherRun = launch(m_other);
    API_VERIFY_ERROR(uploadFile(u"run_nope"_s, m_tasks.at(0), "x"), 404, u"NOT_FOUND"_s);
    // A task of another run, a task that does not exist, a task that takes no files.
    const ApiReply foreign = uploadFile(m_run, taskIds(otherRun).at(0), "x");
    API_VERIFY_ERROR(foreign, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(foreign.field(), u"task_id"_s);
    API_VERIFY_ERROR(uploadFile(m_run, u"task_nope"_s, "x"), 422, u"UNPROCESSABLE"_s);
    const ApiReply text = uploadFile(m_run, m_tasks.at(1), "x");
    API_VERIFY_ERROR(text, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(text.field(), u"task_id"_s);
}

void TestApiFiles::closedRunIs409()
{
    const QString run = launch(m_other);
    const QString task = taskIds(run).at(0);
    API_COMPARE_STATUS(uploadFile(run, task, "before"), 201);
    API_COMPARE_STATUS(
        m_fx.patch(u"/v1/runs/"_s + run, {{u"status"_s, u"CANCELLED"_s}}, m_fx.owner().token), 200);
    const QStringList before = storedFiles(storageRoot());
    API_VERIFY_ERROR(uploadFile(run, task, "after the run closed"), 409, u"CONFLICT"_s);
    QCOMPARE(storedFiles(storageRoot()), before);
}

void TestApiFiles::scopesAndRoles()
{
    const ApiReply created = uploadFile(m_run, m_tasks.at(0), "scoped");
    API_COMPARE_STATUS(created, 201);
    const QString id = created.json().value(u"id"_s).toString();

    for (const QString &role : {u"ADMIN"_s, u"MEMBER"_s})
        API_COMPARE_STATUS(uploadFile(m_run, m_tasks.at(0), "by role", m_accounts[role].token),
                           201);
    const Account auditor = m_accounts[u"AUDITOR"_s];
    API_VERIFY_ERROR(uploadFile(m_run, m_tasks.at(0), "x", auditor.token), 403, u"FORBIDDEN"_s);
    API_COMPARE_STATUS(m_fx.get(u"/v1/files/"_s + id, auditor.token), 200);
    API_COMPARE_STATUS(m_fx.get(u"/v1/files/%1/meta"_s.arg(id), auditor.token), 200);

    const QString reader = m_fx.createApiKey({u"files:read"_s});
    const QString writer = m_fx.createApiKey({u"files:write"_s});
    const QString runsOnly = m_fx.createApiKey({u"runs:read"_s, u"runs:write"_s});
    API_VERIFY_ERROR(uploadFile(m_run, m_tasks.at(0), "x", reader), 403, u"MISSING_SCOPE"_s);
    API_COMPARE_STATUS(uploadFile(m_run, m_tasks.at(0), "by key", writer), 201);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/"_s + id, writer), 403, u"MISSING_SCOPE"_s);
    API_COMPARE_STATUS(m_fx.get(u"/v1/files/"_s + id, reader), 200);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/%1/meta"_s.arg(id), runsOnly), 403, u"MISSING_SCOPE"_s);
    API_VERIFY_ERROR(uploadFile(m_run, m_tasks.at(0), "x", runsOnly), 403, u"MISSING_SCOPE"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/"_s + id), 401, u"UNAUTHORIZED"_s);
}

void TestApiFiles::selectedKeys()
{
    const ApiReply created = uploadFile(m_run, m_tasks.at(0), "selected");
    API_COMPARE_STATUS(created, 201);
    const QString id = created.json().value(u"id"_s).toString();
    const QStringList scopes{u"files:read"_s, u"files:write"_s};
    const QString reaching = m_fx.createApiKey(
        scopes, {{u"resource_mode"_s, u"SELECTED"_s}, {u"template_ids"_s, QJsonArray{m_template}}});
    const QString elsewhere = m_fx.createApiKey(
        scopes, {{u"resource_mode"_s, u"SELECTED"_s}, {u"template_ids"_s, QJsonArray{m_other}}});

    API_COMPARE_STATUS(m_fx.get(u"/v1/files/"_s + id, reaching), 200);
    API_COMPARE_STATUS(uploadFile(m_run, m_tasks.at(0), "reached", reaching), 201);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/"_s + id, elsewhere), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/%1/meta"_s.arg(id), elsewhere), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(uploadFile(m_run, m_tasks.at(0), "x", elsewhere), 404, u"NOT_FOUND"_s);
}

void TestApiFiles::otherOrganizationIs404()
{
    const ApiReply created = uploadFile(m_run, m_tasks.at(0), "other org");
    API_COMPARE_STATUS(created, 201);
    // The same row, content and run, but owned by another organization.
    const QString foreign = cadenio::ids::generate(u"file_");
    {
        cadenio::Transaction tx(m_fx.database());
        cadenio::SqlQuery(tx.db(), u"INSERT INTO orgs (id, name, plan, created_at) VALUES "
                                   "('org_elsewhere', 'Elsewhere', 'TEAM', 0)"_s)
            .exec();
        cadenio::SqlQuery(tx.db(),
                          u"INSERT INTO files SELECT :id, 'org_elsewhere', run_id, task_id, name, "
                          "size, content_type, sha256, storage_key, created_at, created_by FROM "
                          "files WHERE id = :source"_s)
            .bind(u":id"_s, foreign)
            .bind(u":source"_s, created.json().value(u"id"_s).toString())
            .exec();
        tx.commit();
    }
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/"_s + foreign, m_fx.owner().token), 404, u"NOT_FOUND"_s);
    API_VERIFY_ERROR(m_fx.get(u"/v1/files/%1/meta"_s.arg(foreign), m_fx.owner().token), 404,
                     u"NOT_FOUND"_s);
}

void TestApiFiles::sameContentStoredOnce()
{
    const QByteArray content = "identical bytes " + cadenio::ids::generate(u"x_").toUtf8();
    const QString sha = sha256(content);
    const ApiReply first = uploadFile(m_run, m_tasks.at(0), content, {}, "filename=one.txt");
    const ApiReply second = uploadFile(m_run, m_tasks.at(0), content, {}, "filename=two.txt");
    API_COMPARE_STATUS(first, 201);
    API_COMPARE_STATUS(second, 201);
    QVERIFY(first.json().value(u"id"_s) != second.json().value(u"id"_s));
    QCOMPARE(second.json().value(u"sha256"_s).toString(), sha);

    const QStringList stored = storedFiles(storageRoot());
    QCOMPARE(stored.filter(sha.mid(2)), QStringList{sha.left(2) + u'/' + sha.mid(2)});
    QVERIFY2(stored.filter(u".upload-"_s).isEmpty(), qPrintable(stored.join(u' ')));
    for (const ApiReply &reply : {first, second}) {
        const ApiReply download =
            m_fx.get(u"/v1/files/"_s + reply.json().value(u"id"_s).toString(), m_fx.owner().token);
        QCOMPARE(download.body, content);
    }
}

void TestApiFiles::failedInsertLeavesNoFile()
{
    // The store refuses the row: by a trigger on SQLite, by a check constraint on PostgreSQL
    // (SQLite cannot add one to an existing table).
    const bool postgres = cadenio::test::TestDatabase::usesPostgres();
    {
        cadenio::Transaction tx(m_fx.database());
        cadenio::SqlQuery::run(tx.db(),
                               postgres ? u"ALTER TABLE files ADD CONSTRAINT files_refuse CHECK "
                                          "(name <> 'refused.bin')"_s
                                        : u"CREATE TRIGGER files_refuse BEFORE INSERT ON files "
                                          "WHEN NEW.name = 'refused.bin' BEGIN SELECT "
                                          "RAISE(ABORT, 'refused by the test'); END"_s);
        tx.commit();
    }
    const QByteArray content = "never stored " + cadenio::ids::generate(u"x_").toUtf8();
    const QStringList before = storedFiles(storageRoot());
    const ApiReply reply =
        uploadFile(m_run, m_tasks.at(0), content, {}, "filename=\"refused.bin\"");
    API_VERIFY_ERROR(reply, 500, u"INTERNAL_ERROR"_s);
    QCOMPARE(storedFiles(storageRoot()), before);
    QVERIFY(!QFileInfo::exists(
        QDir(storageRoot()).filePath(sha256(content).left(2) + u'/' + sha256(content).mid(2))));
    {
        cadenio::Transaction tx(m_fx.database());
        cadenio::SqlQuery::run(tx.db(), postgres
                                            ? u"ALTER TABLE files DROP CONSTRAINT files_refuse"_s
                                            : u"DROP TRIGGER files_refuse"_s);
        tx.commit();
    }
    API_COMPARE_STATUS(uploadFile(m_run, m_tasks.at(0), content, {}, "filename=\"refused.bin\""),
                       201);
}

void TestApiFiles::fileTaskValues()
{
    const ApiReply own = uploadFile(m_run, m_tasks.at(0), "attached");
    API_COMPARE_STATUS(own, 201);
    const QString ownId = own.json().value(u"id"_s).toString();
    const QString otherRun = launch(m_other);
    const ApiReply foreign = uploadFile(otherRun, taskIds(otherRun).at(0), "elsewhere");
    API_COMPARE_STATUS(foreign, 201);

    const QString path = u"/v1/runs/%1/tasks/%2"_s.arg(m_run, m_tasks.at(0));
    for (const QString &bad : {foreign.json().value(u"id"_s).toString(), u"file_nope"_s}) {
        const ApiReply reply = m_fx.patch(path, {{u"value"_s, bad}}, m_fx.owner().token);
        API_VERIFY_ERROR(reply, 422, u"UNPROCESSABLE"_s);
        QCOMPARE(reply.field(), u"value"_s);
    }
    const ApiReply set = m_fx.patch(path, {{u"value"_s, ownId}}, m_fx.owner().token);
    API_COMPARE_STATUS(set, 200);
    QCOMPARE(set.json().value(u"value"_s).toString(), ownId);

    // A new run has no files yet: form_data cannot name one.
    const QString definitionId = [&] {
        cadenio::TemplateRepository templates(m_fx.database().connection());
        return templates.findTemplate(m_fx.orgId(), m_template)->tasks.at(0).id;
    }();
    const ApiReply launched = m_fx.post(
        u"/v1/runs"_s,
        {{u"template_id"_s, m_template}, {u"form_data"_s, QJsonObject{{definitionId, ownId}}}},
        m_fx.owner().token);
    API_VERIFY_ERROR(launched, 422, u"UNPROCESSABLE"_s);
    QCOMPARE(launched.field(), u"form_data."_s + definitionId);
}

QTEST_GUILESS_MAIN(TestApiFiles)
#include "tst_api_files.moc"
