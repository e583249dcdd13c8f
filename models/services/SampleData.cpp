#include "SampleData.h"

#include "domain/Ids.h"
#include "domain/Timestamps.h"
#include "Services.h"

#include <QJsonArray>

namespace cadenio {

namespace {

TaskDefinition task(const QString &name, FieldSpec::Type type, bool required = true)
{
    TaskDefinition definition;
    definition.id = ids::generate(u"tdef_");
    definition.name = name;
    definition.required = required;
    definition.field.type = type;
    return definition;
}

TaskDefinition choice(const QString &name, FieldSpec::Type type, const QStringList &options)
{
    TaskDefinition definition = task(name, type);
    definition.field.options = options;
    return definition;
}

TaskDefinition assigned(TaskDefinition definition, const QString &assigneeId, int dueHours)
{
    definition.assigneeId = assigneeId;
    definition.dueOffsetHours = dueHours;
    return definition;
}

// Works through the first `count` tasks of a run in order as `actor`: completes each pending
// one with the value given for it, skips optional ones without a value, and stops once the
// run has completed (its last required task done).
void work(RunService &runs, const Actor &actor, const QString &runId,
          const QList<QJsonValue> &values, qsizetype count)
{
    const QList<Task> tasks = runs.get(actor, runId).tasks;
    for (qsizetype i = 0; i < count && i < tasks.size(); ++i) {
        const Task &task = tasks.at(i);
        if (runs.get(actor, runId).isClosed())
            return;
        if (!task.visible || task.status != TaskStatus::Pending)
            continue;
        RunService::TaskChanges changes;
        const QJsonValue value = i < values.size() ? values.at(i) : QJsonValue();
        if (value.isNull() && !task.required) {
            changes.status = TaskStatus::Skipped;
        } else {
            changes.status = TaskStatus::Completed;
            if (!value.isNull())
                changes.value = value;
        }
        runs.updateTask(actor, runId, task.id, changes);
    }
}

} // namespace

SampleData::SampleData(Services &services)
    : m_services(services)
{}

SampleData::Summary SampleData::populate(const Actor &owner)
{
    Summary summary;
    const auto colleague = [&](const QString &email, const QString &name, Role role) {
        UserService::NewUser request;
        request.email = email;
        request.name = name;
        request.role = role;
        request.password = ids::generate(u"sample_"); // random; nobody signs in with it
        ++summary.members;
        const User user = m_services.users().create(owner, request);
        return Actor::user(user.id, user.orgId, role);
    };
    const Actor priya = colleague(QStringLiteral("priya.patel@example.com"),
                                  QStringLiteral("Priya Patel"), Role::Admin);
    const Actor marcus = colleague(QStringLiteral("marcus.chen@example.com"),
                                   QStringLiteral("Marcus Chen"), Role::Member);
    const Actor sofia = colleague(QStringLiteral("sofia.garcia@example.com"),
                                  QStringLiteral("Sofia García"), Role::Member);
    colleague(QStringLiteral("elena.novak@example.com"), QStringLiteral("Elena Novak"),
              Role::Auditor);

    TemplateService &templates = m_services.templates();
    const Folder procurement = templates.createFolder(owner, QStringLiteral("Procurement"));
    const Folder security = templates.createFolder(owner, QStringLiteral("Security & compliance"));

    using Type = FieldSpec::Type;
    TemplateService::NewTemplate vendor;
    vendor.name = QStringLiteral("Vendor onboarding");
    vendor.description = QStringLiteral("Due diligence before a new supplier gets access to our "
                                        "systems or data.");
    vendor.folderId = procurement.id;
    vendor.tasks = {
        assigned(task(QStringLiteral("Vendor legal name"), Type::Text), marcus.id, 24),
        assigned(task(QStringLiteral("Vendor contact email"), Type::Email), marcus.id, 24),
        assigned(choice(QStringLiteral("Risk tier"), Type::Select,
                        {QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")}),
                 priya.id, 72),
        assigned(choice(QStringLiteral("Data categories processed"), Type::MultiSelect,
                        {QStringLiteral("Personal data"), QStringLiteral("Financial data"),
                         QStringLiteral("Health data"), QStringLiteral("None")}),
                 priya.id, 72),
        assigned(task(QStringLiteral("Security questionnaire received"), Type::Boolean), sofia.id,
                 120),
        assigned(task(QStringLiteral("Annual contract value (EUR)"), Type::Number), marcus.id, 120),
        assigned(task(QStringLiteral("Contract start date"), Type::Date), marcus.id, 168),
        task(QStringLiteral("Signed contract"), Type::File, false),
        task(QStringLiteral("Reviewer notes"), Type::LongText, false),
    };
    const Template vendorTemplate = templates.createTemplate(owner, vendor);
    templates.publish(owner, vendorTemplate.id);

    TemplateService::NewTemplate review;
    review.name = QStringLiteral("Quarterly access review");
    review.description = QStringLiteral("Every quarter, each system owner confirms who still "
                                        "needs access (SOC 2 CC6.2, ISO 27001 A.5.18).");
    review.folderId = security.id;
    review.tasks = {
        assigned(choice(QStringLiteral("Systems in scope"), Type::MultiSelect,
                        {QStringLiteral("HR system"), QStringLiteral("Payroll"),
                         QStringLiteral("CRM"), QStringLiteral("Production database")}),
                 priya.id, 24),
        task(QStringLiteral("Current access export"), Type::File, false),
        assigned(task(QStringLiteral("Accounts reviewed"), Type::Number), sofia.id, 96),
        assigned(task(QStringLiteral("Accounts removed and why"), Type::LongText), sofia.id, 96),
        assigned(task(QStringLiteral("Evidence link"), Type::Url), sofia.id, 120),
        assigned(task(QStringLiteral("System owner sign-off"), Type::Boolean), priya.id, 168),
        assigned(task(QStringLiteral("Review completed on"), Type::Date), priya.id, 168),
    };
    const Template reviewTemplate = templates.createTemplate(owner, review);
    templates.publish(owner, reviewTemplate.id);
    summary.templates = 2;

    RunService &runs = m_services.runs();
    const QDateTime now = timestamps::now();
    const auto launch = [&](const Template &tmpl, const QString &name, const Actor &assignee,
                            const QDateTime &due) {
        RunService::LaunchRequest request;
        request.templateId = tmpl.id;
        request.name = name;
        request.assigneeId = assignee.id;
        request.dueDate = due;
        ++summary.runs;
        return runs.launch(owner, request).id;
    };
    const QString today = now.toLocalTime().date().toString(Qt::ISODate);
    const QList<QJsonValue> vendorValues{
        QStringLiteral("Globex Cloud Services GmbH"),
        QStringLiteral("compliance@globex.example"),
        QStringLiteral("Medium"),
        QJsonArray{QStringLiteral("Personal data"), QStringLiteral("Financial data")},
        true,
        48000,
        today,
        QJsonValue(),
        QStringLiteral("SOC 2 Type II report reviewed; no exceptions."),
    };
    const QList<QJsonValue> reviewValues{
        QJsonArray{QStringLiteral("HR system"), QStringLiteral("Payroll")},
        QJsonValue(),
        142,
        QStringLiteral("3 leavers still had access to Payroll; removed on the day."),
        QStringLiteral("https://wiki.example.com/access-reviews/q1"),
        true,
        today,
    };

    // Completed: every task done, by the people they are assigned to.
    const QString globex = launch(vendorTemplate, QStringLiteral("Vendor onboarding: Globex Cloud"),
                                  marcus, now.addDays(5));
    work(runs, marcus, globex, vendorValues, 2);
    work(runs, priya, globex, vendorValues, vendorValues.size());
    const QString q1 = launch(reviewTemplate, QStringLiteral("Access review Q1: HR and payroll"),
                              sofia, now.addDays(3));
    work(runs, sofia, q1, reviewValues, reviewValues.size());

    // In progress: some tasks done.
    const QString northwind =
        launch(vendorTemplate, QStringLiteral("Vendor onboarding: Northwind Traders"), marcus,
               now.addDays(10));
    work(runs, marcus, northwind, vendorValues, 3);
    const QString q2 =
        launch(reviewTemplate, QStringLiteral("Access review Q2: CRM"), sofia, now.addDays(21));
    work(runs, priya, q2, reviewValues, 1);
    launch(vendorTemplate, QStringLiteral("Vendor onboarding: Contoso Analytics"), sofia, {});

    // Cancelled: the vendor was dropped after the first steps.
    const QString initech = launch(vendorTemplate, QStringLiteral("Vendor onboarding: Initech"),
                                   marcus, now.addDays(7));
    work(runs, marcus, initech, vendorValues, 2);
    RunService::RunChanges cancel;
    cancel.cancel = true;
    runs.update(owner, initech, cancel);

    // Overdue: their deadlines passed with work left; the deadline check marks them.
    const QString umbrella =
        launch(vendorTemplate, QStringLiteral("Vendor onboarding: Umbrella Logistics"), marcus,
               now.addDays(-2));
    work(runs, marcus, umbrella, vendorValues, 1);
    launch(reviewTemplate, QStringLiteral("Access review Q4: production database"), priya,
           now.addDays(-1));
    runs.markOverdue(timestamps::now());
    return summary;
}

} // namespace cadenio
