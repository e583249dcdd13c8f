#include "domain/Error.h"
#include "domain/Timestamps.h"
#include "Endpoints.h"
#include "http/MultipartParser.h"
#include "http/RequestContext.h"
#include "services/Services.h"

namespace cadenio::api {

namespace {
QJsonObject fileJson(const StoredFile &file)
{
    return {
        {QStringLiteral("id"), file.id},
        {QStringLiteral("name"), file.name},
        {QStringLiteral("size"), file.size},
        {QStringLiteral("content_type"), file.contentType},
        {QStringLiteral("sha256"), file.sha256},
        {QStringLiteral("run_id"), file.runId},
        {QStringLiteral("task_id"), file.taskId},
        {QStringLiteral("created_at"), timestamps::format(file.createdAt)},
    };
}

// A text part (run_id, task_id): UTF-8 without surrounding whitespace, never a file.
QString textPart(const QList<MultipartPart> &parts, const QString &name)
{
    const MultipartPart &part = MultipartParser::require(parts, name);
    if (part.hasFileName)
        throw Error::invalid(name,
                             QStringLiteral("The part '%1' must be text, not a file.").arg(name));
    const QString text = QString::fromUtf8(part.body).trimmed();
    if (text.isEmpty())
        throw Error::invalid(name, QStringLiteral("The part '%1' is empty.").arg(name));
    return text;
}

// RFC 6266: a quoted ASCII fallback for old clients, and filename* (RFC 8187) with the exact
// UTF-8 name. The name cannot end the header early: quotes and backslashes are escaped,
// anything outside printable ASCII becomes "_" in the fallback and %XX in filename*.
QByteArray contentDisposition(const QString &name)
{
    QByteArray fallback;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u == u'"' || u == u'\\') {
            fallback += '\\';
            fallback += char(u);
        } else if (u >= 0x20 && u < 0x7f) {
            fallback += char(u);
        } else {
            fallback += '_';
        }
    }
    // attr-char of RFC 8187 beyond the unreserved set toPercentEncoding keeps anyway
    const QByteArray encoded = name.toUtf8().toPercentEncoding("!#$&+^`|");
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}
} // namespace

void addFileRoutes(Router &router)
{
    // takesBody stays false: the JSON Content-Type check does not apply, and the handler
    // checks multipart/form-data itself (the upload body limit applies either way).
    router.add(
        {"POST",
         QStringLiteral("/v1/files"),
         Access::SessionOrKey,
         QStringLiteral("files:write"),
         Roles::writers(),
         false,
         {},
         [](RequestContext &ctx) {
             const QList<MultipartPart> parts =
                 MultipartParser::parse(ctx.request.header("Content-Type"), ctx.request.body);
             MultipartParser::allowOnly(parts, {QStringLiteral("file"), QStringLiteral("run_id"),
                                                QStringLiteral("task_id")});
             const MultipartPart &file = MultipartParser::require(parts, QStringLiteral("file"));
             if (!file.hasFileName)
                 throw Error::invalid(
                     QStringLiteral("file"),
                     QStringLiteral("The part 'file' must be a file (with a filename)."));
             FileService::Upload upload;
             upload.runId = textPart(parts, QStringLiteral("run_id"));
             upload.taskId = textPart(parts, QStringLiteral("task_id"));
             upload.name = file.fileName;
             upload.contentType = QString::fromLatin1(file.contentType);
             upload.content = file.body;
             return ApiResponse::created(
                 fileJson(ctx.services.files().upload(ctx.actor(), upload)));
         }});
    router.add({"GET",
                QStringLiteral("/v1/files/:id"),
                Access::SessionOrKey,
                QStringLiteral("files:read"),
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    StoredFile file;
                    QByteArray bytes = ctx.services.files().content(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")), &file);
                    ApiResponse response =
                        ApiResponse::raw(200, std::move(bytes), file.contentType.toLatin1());
                    response.setHeader("Content-Disposition", contentDisposition(file.name));
                    // Stored content is the uploader's: a browser must not reinterpret it.
                    response.setHeader("X-Content-Type-Options", "nosniff");
                    return response;
                }});
    router.add({"GET",
                QStringLiteral("/v1/files/:id/meta"),
                Access::SessionOrKey,
                QStringLiteral("files:read"),
                Roles::all(),
                false,
                {},
                [](RequestContext &ctx) {
                    return ApiResponse::ok(fileJson(ctx.services.files().meta(
                        ctx.actor(), ctx.parameter(QStringLiteral("id")))));
                }});
}

} // namespace cadenio::api
