#include "TestStore.h"

#include "services/InstanceSecret.h"
#include "services/MasterKey.h"
#include "store/FileSecretStore.h"
#include "store/MemorySecretStore.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cadenio;
using namespace cadenio::testing;

namespace {
const QString kToken = QStringLiteral("sess_example");

// Every permission bit except the owner's read/write must be clear.
constexpr QFileDevice::Permissions kAllBits =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
    QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// As an int, so a failure prints the bits instead of "<unknown>".
int permissionBits(const QString &path)
{
    return (QFileInfo(path).permissions() & kAllBits).toInt();
}
} // namespace

class TestMasterKey : public QObject
{
    Q_OBJECT

private slots:
    void memoryStoreCreatesOnceAndReuses();
    void instancesHaveTheirOwnKeys();
    void fileStoreCreatesOnceAndReuses();
    void fileStoreTightensLoosePermissions();
    void tokenHash_data();
    void tokenHash();
    void tokenHashIsStable();
    void storeRecordsItsSecretOnce();
    void storeRefusesAnotherSecretLocation();
    void storeRefusesMissingOrDamagedSecret_data();
    void storeRefusesMissingOrDamagedSecret();
};

void TestMasterKey::memoryStoreCreatesOnceAndReuses()
{
    MemorySecretStore store;
    const QString name = MasterKey::secretName(QStringLiteral("inst_a"));
    QVERIFY(!store.read(name).has_value());

    const MasterKey first = MasterKey::loadOrCreate(store, QStringLiteral("inst_a"));
    const auto secret = store.read(name);
    QVERIFY(secret.has_value());
    QCOMPARE(secret->size(), 32);

    // Reusing, not regenerating: a new secret would invalidate every stored token hash.
    const MasterKey second = MasterKey::loadOrCreate(store, QStringLiteral("inst_a"));
    QCOMPARE(store.read(name), secret);
    QCOMPARE(second.tokenHash(kToken), first.tokenHash(kToken));
}

void TestMasterKey::instancesHaveTheirOwnKeys()
{
    MemorySecretStore store;
    const MasterKey a = MasterKey::loadOrCreate(store, QStringLiteral("inst_a"));
    const MasterKey b = MasterKey::loadOrCreate(store, QStringLiteral("inst_b"));
    QVERIFY(store.read(MasterKey::secretName(QStringLiteral("inst_a"))) !=
            store.read(MasterKey::secretName(QStringLiteral("inst_b"))));
    QVERIFY(a.tokenHash(kToken) != b.tokenHash(kToken));
}

void TestMasterKey::fileStoreCreatesOnceAndReuses()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("secrets.json"));

    QString firstHash;
    {
        FileSecretStore store(path);
        firstHash = MasterKey::loadOrCreate(store, QStringLiteral("inst_a")).tokenHash(kToken);
    }
    QVERIFY(QFileInfo::exists(path));
    // The headless fallback keeps the master secret in a plain file: 0600 or nothing.
    QCOMPARE(permissionBits(path), kOwnerOnly.toInt());

    // A new store object on the same file (a restart) reads the same secret.
    FileSecretStore reopened(path);
    QCOMPARE(MasterKey::loadOrCreate(reopened, QStringLiteral("inst_a")).tokenHash(kToken),
             firstHash);
    QCOMPARE(reopened.read(MasterKey::secretName(QStringLiteral("inst_a")))->size(), 32);

    // Writing a second secret rewrites the file; it must stay 0600 and keep the first.
    MasterKey::loadOrCreate(reopened, QStringLiteral("inst_b"));
    QCOMPARE(permissionBits(path), kOwnerOnly.toInt());
    QCOMPARE(MasterKey::loadOrCreate(reopened, QStringLiteral("inst_a")).tokenHash(kToken),
             firstHash);
}

void TestMasterKey::fileStoreTightensLoosePermissions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("secrets.json"));
    {
        // A file copied in by hand with the usual 0644.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                    QFileDevice::ReadGroup | QFileDevice::ReadOther));
    }
    FileSecretStore store(path);
    MasterKey::loadOrCreate(store, QStringLiteral("inst_a"));
    QCOMPARE(permissionBits(path), kOwnerOnly.toInt());
}

void TestMasterKey::tokenHash_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QByteArray>("otherSecret");
    QTest::addColumn<QString>("otherToken");
    QTest::addRow("different token")
        << QByteArray(32, 'a') << kToken << QByteArray(32, 'a') << QStringLiteral("sess_examplf");
    QTest::addRow("different key")
        << QByteArray(32, 'a') << kToken << QByteArray(32, 'b') << kToken;
    QTest::addRow("key differs in last byte")
        << QByteArray(32, 'a') << kToken << QByteArray(31, 'a') + 'b' << kToken;
}

void TestMasterKey::tokenHash()
{
    QFETCH(QByteArray, secret);
    QFETCH(QString, token);
    QFETCH(QByteArray, otherSecret);
    QFETCH(QString, otherToken);
    const MasterKey key = MasterKey::fromBytes(secret);
    const QString hash = key.tokenHash(token);
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    QVERIFY2(hex.match(hash).hasMatch(), qPrintable(hash));
    // Deterministic: the stored hash is looked up by recomputing it.
    QCOMPARE(MasterKey::fromBytes(secret).tokenHash(token), hash);
    QVERIFY(!hash.contains(token));
    QVERIFY(MasterKey::fromBytes(otherSecret).tokenHash(otherToken) != hash);
}

void TestMasterKey::tokenHashIsStable()
{
    // Pinned vector, computed independently (Python hmac):
    //   pepper = HMAC-SHA256(key=secret, "cadenio token pepper v1")
    //   hash   = hex(HMAC-SHA256(key=pepper, token))
    // Changing the derivation would silently sign every user out and kill every API key.
    const MasterKey key = MasterKey::fromBytes(QByteArray(32, '\x2a'));
    QCOMPARE(key.tokenHash(kToken),
             QStringLiteral("ee4546b92f14ea4d4ef477ec76868dcd283b45e11d52f30c95742a6ca8f415c3"));
}

void TestMasterKey::storeRecordsItsSecretOnce()
{
    TestStore store;
    MemorySecretStore secrets;
    QVERIFY(!recordedSecretLocation(store.db()).has_value());

    const QString first = openMasterKey(store.db(), secrets).tokenHash(kToken);
    QCOMPARE(recordedSecretLocation(store.db()), std::optional<QString>(secrets.location()));
    QCOMPARE(rowCount(store.db(), QStringLiteral("instance")), 1);

    // Every later open (this process, a restart, a second console) finds the same key.
    QCOMPARE(openMasterKey(store.db(), secrets).tokenHash(kToken), first);
    Database restarted(DatabaseUrl::sqliteFile(store.path()));
    restarted.open();
    QCOMPARE(openMasterKey(restarted, secrets).tokenHash(kToken), first);
    QCOMPARE(rowCount(store.db(), QStringLiteral("instance")), 1);
}

void TestMasterKey::storeRefusesAnotherSecretLocation()
{
    TestStore store;
    FileSecretStore original(store.folder() + QStringLiteral("/secrets.json"));
    openMasterKey(store.db(), original);

    // Opened with another secret store (a keychain-less server next to a desktop one), it
    // must say where the secret is rather than quietly mint a new one.
    FileSecretStore elsewhere(store.folder() + QStringLiteral("/other-secrets.json"));
    try {
        openMasterKey(store.db(), elsewhere);
        QFAIL("opened with a secret store other than the recorded one");
    } catch (const SecretStoreError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(original.location()), qPrintable(message));
        QVERIFY2(message.contains(elsewhere.location()), qPrintable(message));
    }
    QVERIFY(!QFileInfo::exists(store.folder() + QStringLiteral("/other-secrets.json")));
}

void TestMasterKey::storeRefusesMissingOrDamagedSecret_data()
{
    QTest::addColumn<QByteArray>("replacement"); // null: the secret is deleted
    QTest::addRow("deleted") << QByteArray();
    QTest::addRow("truncated") << QByteArray(5, 's');
    QTest::addRow("too long") << QByteArray(64, 's');
}

void TestMasterKey::storeRefusesMissingOrDamagedSecret()
{
    QFETCH(QByteArray, replacement);
    TestStore store;
    MemorySecretStore secrets;
    openMasterKey(store.db(), secrets);
    const auto instance = OrgRepository(store.db().connection()).instance();
    QVERIFY(instance.has_value());
    const QString name = MasterKey::secretName(instance->id);
    if (replacement.isNull())
        secrets.remove(name);
    else
        secrets.write(name, replacement);

    // A replacement secret would silently sign everyone out and kill every API key.
    QVERIFY_THROWS_EXCEPTION(SecretStoreError, openMasterKey(store.db(), secrets));
    QCOMPARE(secrets.read(name),
             replacement.isNull() ? std::nullopt : std::optional<QByteArray>(replacement));
}

QTEST_GUILESS_MAIN(TestMasterKey)
#include "tst_masterkey.moc"
