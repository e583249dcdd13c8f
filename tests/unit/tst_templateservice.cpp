// TemplateService without HTTP: drafts and versions, who may write, what an API key in
// resource mode SELECTED sees, and the references a template makes (folders, assignees).

#include "TestStore.h"

#include "domain/Error.h"
#include "services/TemplateService.h"
#include "store/TemplateRepository.h"
#include "store/UserRepository.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>

Q_DECLARE_METATYPE(cadenio::Role)

using namespace Qt::StringLiterals;
using namespace cadenio;
using namespace cadenio::testing;

namespace {

struct Failure
{
    QString code; // empty: no error
    QString field;
};

Failure failureOf(const std::function<void()> &call)
{
    try {
        call();
    } catch (const Error &e) {
        return {e.codeName(), e.field()};
    }
    return {};
}

QList<TaskDefinition> oneTask(const QString &name = u"Approve"_s, const QString &assignee = {})
{
    TaskDefinition task;
    task.id = ids::generate(u"tdef_");
    task.name = name;
    task.field.type = FieldSpec::Type::Boolean;
    task.assigneeId = assignee;
    return {task};
}

} // namespace

class TestTemplateService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createsADraft();
    void publishFreezesTheDraft();
    void draftEditsKeepThePublishedVersion();
    void nothingToPublish();
    void publishNeedsTasks();
    void unchangedPatchWritesNothing();
    void writersByRole_data();
    void writersByRole();
    void invalidInput_data();
    void invalidInput();
    void assignees();
    void folders();
    void folderDepthIsBounded();
    void selectedKeySeesOnlyWhatItReaches();
    void selectedKeyWritesOnlyWhereItReaches();
    void filteredPagesStayFull();
    void otherOrganizationsAreInvisible();

private:
    Actor user(Role role) const { return Actor::user(m_memberId, m_orgId, role); }
    Actor owner() const { return user(Role::Owner); }
    Actor selectedKey(const QStringList &templates, const QStringList &folders) const
    {
        return Actor::apiKey(u"key_test"_s, m_orgId, ResourceLimit{templates, folders});
    }
    QString insertUser(const QString &orgId, const QString &email, bool active = true);
    Template draft(const QString &folderId = {}, const QString &name = u"Vendor onboarding"_s);

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<TemplateService> m_templates;
    QString m_orgId;
    QString m_memberId;
};

void TestTemplateService::init()
{
    m_store = std::make_unique<TestStore>();
    m_orgId = insertOrg(m_store->db(), u"Acme"_s).id;
    m_memberId = insertUser(m_orgId, u"ann@acme.example"_s);
    m_templates = std::make_unique<TemplateService>(m_store->db());
}

void TestTemplateService::cleanup()
{
    m_templates.reset();
    m_store.reset();
}

QString TestTemplateService::insertUser(const QString &orgId, const QString &email, bool active)
{
    const User user{ids::generate(u"usr_"), orgId,        email,
                    u"Someone"_s,           Role::Member, timestamps::now()};
    Transaction tx(m_store->db());
    UserRepository(tx.db()).insert(user, u"not a real hash"_s);
    tx.commit();
    if (!active) {
        SqlQuery(m_store->db().connection(),
                 u"UPDATE users SET deactivated_at = 1 WHERE id = :id"_s)
            .bind(u":id"_s, user.id)
            .exec();
    }
    return user.id;
}

Template TestTemplateService::draft(const QString &folderId, const QString &name)
{
    return m_templates->createTemplate(
        owner(), {name, u"From contract to first order"_s, folderId, oneTask()});
}

void TestTemplateService::createsADraft()
{
    QSignalSpy changed(m_templates.get(), &TemplateService::templateChanged);
    const Template created = m_templates->createTemplate(
        user(Role::Member), {u"  Vendor onboarding "_s, u"Steps"_s, {}, oneTask()});
    QVERIFY(created.id.startsWith(u"tmpl_"_s));
    QCOMPARE(created.name, u"Vendor onboarding"_s);
    QCOMPARE(created.status(), TemplateStatus::Draft);
    QVERIFY(!created.publishedVersion.has_value());
    QVERIFY(created.hasUnpublishedChanges);
    QVERIFY(!created.publishedAt.isValid());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), m_orgId);
    QCOMPARE(changed.at(0).at(1).toString(), created.id);

    const Template stored = m_templates->get(owner(), created.id);
    QCOMPARE(stored.tasks, created.tasks);
    QCOMPARE(stored.createdAt, created.createdAt);
    // Drafts are not listed: runs can only launch from a published version.
    QVERIFY(m_templates->listPublished(owner(), {}).items.isEmpty());
}

void TestTemplateService::publishFreezesTheDraft()
{
    const Template created = draft();
    QSignalSpy changed(m_templates.get(), &TemplateService::templateChanged);
    const Template published = m_templates->publish(user(Role::Member), created.id);
    QCOMPARE(published.status(), TemplateStatus::Published);
    QCOMPARE(published.publishedVersion, std::optional<int>(1));
    QVERIFY(!published.hasUnpublishedChanges);
    QVERIFY(published.publishedAt.isValid());
    QCOMPARE(changed.count(), 1);

    const TemplateVersion v1 = m_templates->version(owner(), created.id, 1);
    QCOMPARE(v1.tasks, created.tasks);
    QCOMPARE(v1.name, created.name);
    QCOMPARE(v1.publishedBy, m_memberId);
    QCOMPARE(m_templates->listPublished(owner(), {}).items.size(), 1);
    QCOMPARE(failureOf([&] { m_templates->version(owner(), created.id, 2); }).code, u"NOT_FOUND"_s);
}

void TestTemplateService::draftEditsKeepThePublishedVersion()
{
    const Template created = draft();
    m_templates->publish(owner(), created.id);

    TemplateService::Changes changes;
    changes.tasks = oneTask(u"Sign contract"_s);
    const Template edited = m_templates->updateDraft(owner(), created.id, changes);
    QCOMPARE(edited.publishedVersion, std::optional<int>(1));
    QCOMPARE(edited.status(), TemplateStatus::Published);
    QVERIFY(edited.hasUnpublishedChanges);
    QCOMPARE(edited.tasks.at(0).name, u"Sign contract"_s);
    // Version 1 is what it was.
    QCOMPARE(m_templates->version(owner(), created.id, 1).tasks, created.tasks);

    // Back to exactly the published content: nothing left to publish.
    changes.tasks = created.tasks;
    QVERIFY(!m_templates->updateDraft(owner(), created.id, changes).hasUnpublishedChanges);
    // A rename differs again; renaming back does not.
    TemplateService::Changes rename;
    rename.name = u"Supplier onboarding"_s;
    QVERIFY(m_templates->updateDraft(owner(), created.id, rename).hasUnpublishedChanges);
    rename.name = created.name;
    QVERIFY(!m_templates->updateDraft(owner(), created.id, rename).hasUnpublishedChanges);

    changes.tasks = oneTask(u"Sign contract"_s);
    m_templates->updateDraft(owner(), created.id, changes);
    const Template v2 = m_templates->publish(owner(), created.id);
    QCOMPARE(v2.publishedVersion, std::optional<int>(2));
    QCOMPARE(m_templates->version(owner(), created.id, 2).tasks.at(0).name, u"Sign contract"_s);
    QCOMPARE(m_templates->version(owner(), created.id, 1).tasks, created.tasks);
}

void TestTemplateService::nothingToPublish()
{
    const Template created = draft();
    m_templates->publish(owner(), created.id);
    const Failure failure = failureOf([&] { m_templates->publish(owner(), created.id); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(rowCount(m_store->db(), u"template_versions"_s), 1);
    // Moving it to a folder is not a change of the version either.
    const Folder folder = m_templates->createFolder(owner(), u"Procurement"_s);
    TemplateService::Changes move;
    move.folderId = folder.id;
    const Template moved = m_templates->updateDraft(owner(), created.id, move);
    QCOMPARE(moved.folderId, folder.id);
    QVERIFY(!moved.hasUnpublishedChanges);
}

void TestTemplateService::publishNeedsTasks()
{
    const Template empty = m_templates->createTemplate(owner(), {u"Empty"_s, {}, {}, {}});
    const Failure failure = failureOf([&] { m_templates->publish(owner(), empty.id); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"tasks"_s);
    QCOMPARE(rowCount(m_store->db(), u"template_versions"_s), 0);
    QVERIFY(!m_templates->get(owner(), empty.id).publishedVersion.has_value());
}

void TestTemplateService::unchangedPatchWritesNothing()
{
    const Template created = draft();
    QSignalSpy changed(m_templates.get(), &TemplateService::templateChanged);
    QTest::qWait(5); // a write would move updated_at
    TemplateService::Changes same;
    same.name = created.name;
    same.tasks = created.tasks;
    const Template result = m_templates->updateDraft(owner(), created.id, same);
    QCOMPARE(result.updatedAt, created.updatedAt);
    QCOMPARE(m_templates->get(owner(), created.id).updatedAt, created.updatedAt);
    QCOMPARE(changed.count(), 0);
}

void TestTemplateService::writersByRole_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<bool>("allowed");
    QTest::addRow("owner") << Role::Owner << true;
    QTest::addRow("admin") << Role::Admin << true;
    QTest::addRow("member") << Role::Member << true;
    QTest::addRow("auditor") << Role::Auditor << false;
}

void TestTemplateService::writersByRole()
{
    QFETCH(Role, role);
    QFETCH(bool, allowed);
    const Actor actor = user(role);
    const Template existing = draft();
    const QList<std::function<void()>> writes{
        [&] { m_templates->createFolder(actor, u"Finance"_s); },
        [&] {
            m_templates->createTemplate(actor, {u"T"_s, {}, {}, oneTask()});
        },
        [&] {
            TemplateService::Changes changes;
            changes.name = u"Renamed"_s;
            m_templates->updateDraft(actor, existing.id, changes);
        },
        [&] { m_templates->publish(actor, existing.id); },
    };
    for (const auto &write : writes)
        QCOMPARE(failureOf(write).code, allowed ? QString() : u"FORBIDDEN"_s);
    // Everyone reads.
    QCOMPARE(m_templates->get(actor, existing.id).id, existing.id);
    QVERIFY(failureOf([&] { m_templates->listFolders(actor, {}); }).code.isEmpty());
    if (!allowed) {
        QCOMPARE(rowCount(m_store->db(), u"folders"_s), 0);
        QCOMPARE(rowCount(m_store->db(), u"templates"_s), 1);
        QCOMPARE(rowCount(m_store->db(), u"template_versions"_s), 0);
    }
}

void TestTemplateService::invalidInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QString>("folderId");
    QTest::addColumn<QString>("field");
    QTest::addRow("empty name") << QString() << QString() << QString() << u"name"_s;
    QTest::addRow("blank name") << u"   "_s << QString() << QString() << u"name"_s;
    QTest::addRow("name of 201 characters")
        << QString(201, u'n') << QString() << QString() << u"name"_s;
    QTest::addRow("description of 10001 characters")
        << u"T"_s << QString(10001, u'd') << QString() << u"description"_s;
    QTest::addRow("unknown folder") << u"T"_s << QString() << u"fld_nope"_s << u"folder_id"_s;
}

void TestTemplateService::invalidInput()
{
    QFETCH(QString, name);
    QFETCH(QString, description);
    QFETCH(QString, folderId);
    QFETCH(QString, field);
    const Failure created = failureOf([&] {
        m_templates->createTemplate(owner(), {name, description, folderId, oneTask()});
    });
    QCOMPARE(created.code, u"UNPROCESSABLE"_s);
    QCOMPARE(created.field, field);
    QCOMPARE(rowCount(m_store->db(), u"templates"_s), 0);

    // The same rules for an edit, which leaves the draft as it was.
    const Template existing = draft();
    TemplateService::Changes changes;
    if (field == u"name"_s)
        changes.name = name;
    if (field == u"description"_s)
        changes.description = description;
    if (field == u"folder_id"_s)
        changes.folderId = folderId;
    const Failure edited =
        failureOf([&] { m_templates->updateDraft(owner(), existing.id, changes); });
    QCOMPARE(edited.code, u"UNPROCESSABLE"_s);
    QCOMPARE(edited.field, field);
    const Template stored = m_templates->get(owner(), existing.id);
    QCOMPARE(stored.name, existing.name);
    QCOMPARE(stored.description, existing.description);
    QCOMPARE(stored.folderId, existing.folderId);
    QCOMPARE(failureOf([&] { m_templates->updateDraft(owner(), u"tmpl_nope"_s, changes); }).code,
             u"NOT_FOUND"_s);
}

void TestTemplateService::assignees()
{
    const QString active = insertUser(m_orgId, u"bob@acme.example"_s);
    const QString gone = insertUser(m_orgId, u"eve@acme.example"_s, false);
    const QString stranger =
        insertUser(insertOrg(m_store->db(), u"Other"_s).id, u"zed@other.example"_s);

    QList<TaskDefinition> list = oneTask(u"First"_s, active) + oneTask(u"Second"_s, gone);
    Failure failure = failureOf([&] {
        m_templates->createTemplate(owner(), {u"T"_s, {}, {}, list});
    });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"tasks[1].assignee_id"_s);

    list[1].assigneeId = stranger;
    failure = failureOf([&] { m_templates->createTemplate(owner(), {u"T"_s, {}, {}, list}); });
    QCOMPARE(failure.field, u"tasks[1].assignee_id"_s);

    list[1].assigneeId = u"usr_nobody"_s;
    failure = failureOf([&] { m_templates->createTemplate(owner(), {u"T"_s, {}, {}, list}); });
    QCOMPARE(failure.field, u"tasks[1].assignee_id"_s);

    list[1].assigneeId = active;
    const Template created = m_templates->createTemplate(owner(), {u"T"_s, {}, {}, list});
    QCOMPARE(created.tasks.at(1).assigneeId, active);

    TemplateService::Changes changes;
    changes.tasks = oneTask(u"Only"_s, gone);
    failure = failureOf([&] { m_templates->updateDraft(owner(), created.id, changes); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"tasks[0].assignee_id"_s);

    // Someone who leaves after the draft was saved blocks the next publish, by path.
    SqlQuery(m_store->db().connection(), u"UPDATE users SET deactivated_at = 1 WHERE id = :id"_s)
        .bind(u":id"_s, active)
        .exec();
    failure = failureOf([&] { m_templates->publish(owner(), created.id); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"tasks[0].assignee_id"_s);
    // …but not an unrelated rename.
    TemplateService::Changes rename;
    rename.name = u"Renamed"_s;
    QCOMPARE(m_templates->updateDraft(owner(), created.id, rename).name, u"Renamed"_s);
}

void TestTemplateService::folders()
{
    QSignalSpy created(m_templates.get(), &TemplateService::folderCreated);
    const Folder top = m_templates->createFolder(user(Role::Member), u" Finance "_s);
    QVERIFY(top.id.startsWith(u"fld_"_s));
    QCOMPARE(top.name, u"Finance"_s);
    QVERIFY(top.parentId.isEmpty());
    const Folder sub = m_templates->createFolder(owner(), u"Payables"_s, top.id);
    QCOMPARE(sub.parentId, top.id);
    QCOMPARE(created.count(), 2);
    QCOMPARE(created.at(1).at(1).toString(), sub.id);

    const Page<Folder> page = m_templates->listFolders(owner(), {});
    QCOMPARE(page.items.size(), 2);
    QVERIFY(page.items.at(0).id == sub.id || page.items.at(1).id == sub.id);
    QVERIFY(!page.next.has_value());
    const Page<Folder> first = m_templates->listFolders(owner(), {1, std::nullopt});
    QCOMPARE(first.items.size(), 1);
    QVERIFY(first.next.has_value());

    Failure failure = failureOf([&] { m_templates->createFolder(owner(), u"X"_s, u"fld_no"_s); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"parent_id"_s);
    failure = failureOf([&] { m_templates->createFolder(owner(), u""_s); });
    QCOMPARE(failure.field, u"name"_s);
    QCOMPARE(created.count(), 2);

    // Templates move between folders and back to the top level.
    const Template tmpl = draft(sub.id);
    QCOMPARE(tmpl.folderId, sub.id);
    TemplateService::Changes move;
    move.folderId = QString();
    QVERIFY(m_templates->updateDraft(owner(), tmpl.id, move).folderId.isEmpty());
    QVERIFY(m_templates->get(owner(), tmpl.id).folderId.isEmpty());
}

void TestTemplateService::folderDepthIsBounded()
{
    QString parent;
    QString root;
    for (int depth = 1; depth <= 32; ++depth) {
        parent = m_templates->createFolder(owner(), u"Level %1"_s.arg(depth), parent).id;
        if (root.isEmpty())
            root = parent;
    }
    const Failure failure =
        failureOf([&] { m_templates->createFolder(owner(), u"Too deep"_s, parent); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"parent_id"_s);
    // The deepest folder still resolves to its whole path, so reach stays exact there.
    const Template deep = draft(parent);
    QCOMPARE(m_templates->get(selectedKey({}, {root}), deep.id).id, deep.id);
}

void TestTemplateService::selectedKeySeesOnlyWhatItReaches()
{
    const Folder a = m_templates->createFolder(owner(), u"A"_s);
    const Folder b = m_templates->createFolder(owner(), u"B under A"_s, a.id);
    const Folder c = m_templates->createFolder(owner(), u"C"_s);
    const Template inA = draft(a.id, u"in A"_s);
    const Template inB = draft(b.id, u"in B"_s);
    const Template inC = draft(c.id, u"in C"_s);
    const Template listed = draft(c.id, u"listed"_s);
    const Template top = draft({}, u"top"_s);
    for (const Template &t : {inA, inB, inC, listed, top})
        m_templates->publish(owner(), t.id);

    const Actor key = selectedKey({listed.id}, {a.id});
    for (const Template &t : {inA, inB, listed})
        QCOMPARE(m_templates->get(key, t.id).id, t.id);
    for (const Template &t : {inC, top}) {
        QCOMPARE(failureOf([&] { m_templates->get(key, t.id); }).code, u"NOT_FOUND"_s);
        TemplateService::Changes changes;
        changes.name = u"Hijacked"_s;
        QCOMPARE(failureOf([&] { m_templates->updateDraft(key, t.id, changes); }).code,
                 u"NOT_FOUND"_s);
        QCOMPARE(failureOf([&] { m_templates->publish(key, t.id); }).code, u"NOT_FOUND"_s);
        QCOMPARE(failureOf([&] { m_templates->version(key, t.id, 1); }).code, u"NOT_FOUND"_s);
    }
    QCOMPARE(m_templates->get(owner(), top.id).name, u"top"_s);

    QStringList seen;
    for (const Template &t : m_templates->listPublished(key, {}).items)
        seen << t.id;
    seen.sort();
    QStringList expected{listed.id, inB.id, inA.id};
    expected.sort();
    QCOMPARE(seen, expected);

    QStringList folders;
    for (const Folder &f : m_templates->listFolders(key, {}).items)
        folders << f.id;
    // A selected folder and its subfolders; a listed template does not reveal its folder.
    folders.sort();
    QStringList expectedFolders{a.id, b.id};
    expectedFolders.sort();
    QCOMPARE(folders, expectedFolders);

    // A key without a limit sees everything.
    const Actor all = Actor::apiKey(u"key_all"_s, m_orgId, std::nullopt);
    QCOMPARE(m_templates->listPublished(all, {}).items.size(), 5);
    QCOMPARE(m_templates->listFolders(all, {}).items.size(), 3);
}

void TestTemplateService::selectedKeyWritesOnlyWhereItReaches()
{
    const Folder a = m_templates->createFolder(owner(), u"A"_s);
    const Folder c = m_templates->createFolder(owner(), u"C"_s);
    const Template listedAtTop = draft({}, u"listed"_s);
    const Actor key = selectedKey({listedAtTop.id}, {a.id});

    // Folders: only under a reached folder; an unreached one answers like a missing one.
    QCOMPARE(failureOf([&] { m_templates->createFolder(key, u"Top"_s); }).code, u"FORBIDDEN"_s);
    Failure failure = failureOf([&] { m_templates->createFolder(key, u"In C"_s, c.id); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"parent_id"_s);
    const Folder sub = m_templates->createFolder(key, u"Sub of A"_s, a.id);
    QCOMPARE(sub.parentId, a.id);

    // Templates: likewise.
    QCOMPARE(failureOf([&] {
                 m_templates->createTemplate(key, {u"T"_s, {}, {}, oneTask()});
             }).code,
             u"FORBIDDEN"_s);
    failure = failureOf([&] { m_templates->createTemplate(key, {u"T"_s, {}, c.id, oneTask()}); });
    QCOMPARE(failure.code, u"UNPROCESSABLE"_s);
    QCOMPARE(failure.field, u"folder_id"_s);
    const Template mine = m_templates->createTemplate(key, {u"Mine"_s, {}, sub.id, oneTask()});
    QCOMPARE(m_templates->get(key, mine.id).folderId, sub.id);
    QCOMPARE(m_templates->publish(key, mine.id).publishedVersion, std::optional<int>(1));

    // Moves: never out of reach.
    TemplateService::Changes move;
    move.folderId = c.id;
    failure = failureOf([&] { m_templates->updateDraft(key, mine.id, move); });
    QCOMPARE(failure.field, u"folder_id"_s);
    move.folderId = QString();
    QCOMPARE(failureOf([&] { m_templates->updateDraft(key, mine.id, move); }).code, u"FORBIDDEN"_s);
    QCOMPARE(m_templates->get(owner(), mine.id).folderId, sub.id);
    // A template listed by id stays reached wherever it goes.
    move.folderId = a.id;
    QCOMPARE(m_templates->updateDraft(key, listedAtTop.id, move).folderId, a.id);
    move.folderId = QString();
    QVERIFY(m_templates->updateDraft(key, listedAtTop.id, move).folderId.isEmpty());
}

void TestTemplateService::filteredPagesStayFull()
{
    const Folder reached = m_templates->createFolder(owner(), u"Reached"_s);
    const Folder other = m_templates->createFolder(owner(), u"Other"_s);
    for (int i = 0; i < 23; ++i) {
        // Every third one reached, and long unreached runs so a page must read on.
        const Template t = draft(i % 3 == 0 ? reached.id : other.id, u"T%1"_s.arg(i));
        m_templates->publish(owner(), t.id);
    }
    const Actor key = selectedKey({}, {reached.id});
    QStringList expected;
    for (const Template &t : m_templates->listPublished(owner(), {100, std::nullopt}).items) {
        if (t.folderId == reached.id)
            expected << t.id;
    }
    QCOMPARE(expected.size(), 8);

    for (int limit : {1, 2, 3, 7, 8, 9}) {
        QStringList walked;
        PageRequest request{limit, std::nullopt};
        for (int pages = 0; pages < 20; ++pages) {
            const Page<Template> page = m_templates->listPublished(key, request);
            for (const Template &t : page.items)
                walked << t.id;
            if (!page.next) {
                QVERIFY(page.items.size() <= limit);
                break;
            }
            QCOMPARE(page.items.size(), limit); // full whenever there is more
            request.after = page.next;
        }
        QCOMPARE(walked, expected);
    }
}

void TestTemplateService::otherOrganizationsAreInvisible()
{
    const Template mine = draft();
    const Folder folder = m_templates->createFolder(owner(), u"Mine"_s);
    const QString otherOrg = insertOrg(m_store->db(), u"Other"_s).id;
    const Actor stranger =
        Actor::user(insertUser(otherOrg, u"x@other.example"_s), otherOrg, Role::Owner);
    QCOMPARE(failureOf([&] { m_templates->get(stranger, mine.id); }).code, u"NOT_FOUND"_s);
    QCOMPARE(failureOf([&] { m_templates->publish(stranger, mine.id); }).code, u"NOT_FOUND"_s);
    QVERIFY(m_templates->listFolders(stranger, {}).items.isEmpty());
    const Failure failure = failureOf([&] {
        m_templates->createTemplate(stranger, {u"T"_s, {}, folder.id, oneTask()});
    });
    QCOMPARE(failure.field, u"folder_id"_s);
}

QTEST_GUILESS_MAIN(TestTemplateService)
#include "tst_templateservice.moc"
