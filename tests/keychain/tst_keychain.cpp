// KeychainSecretStore against a real Secret Service (gnome-keyring, see with-keyring.sh).
#include "Instance.h"
#include "KeychainSecretStore.h"
#include "keys/NewKeyDialog.h"
#include "services/Services.h"

#include <QLabel>
#include <QPushButton>

#include <QTemporaryDir>
#include <QTest>

using cadenio::app::KeychainSecretStore;

class tst_Keychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "run under dbus-run-session");
        QVERIFY2(KeychainSecretStore::isAvailable(), "no Secret Service answered");
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::addRow("text") << QByteArray("whsec_abcdef");
        QTest::addRow("binary with zero bytes") << QByteArray::fromHex("00ff10200000deadbeef00");
        QTest::addRow("32 random-looking bytes") << QByteArray::fromHex(
            "8f3a5c2e9b7d1f4a6c0e2b4d6f8a0c2e4a6c8e0f2b4d6f8a0c2e4a6c8e0f2b4d");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, secret);
        KeychainSecretStore store(QStringLiteral("Cadenio Console Test"));
        const QString name =
            QStringLiteral("test/%1").arg(QString::fromLatin1(QTest::currentDataTag()));
        store.write(name, secret);
        QCOMPARE(store.read(name), std::optional<QByteArray>(secret));
        // A second store object reads what the first wrote: it lives in the daemon.
        QCOMPARE(KeychainSecretStore(QStringLiteral("Cadenio Console Test")).read(name),
                 std::optional<QByteArray>(secret));
        store.remove(name);
        QCOMPARE(store.read(name), std::nullopt);
    }

    void missingEntryIsEmptyNotAnError()
    {
        KeychainSecretStore store(QStringLiteral("Cadenio Console Test"));
        QCOMPARE(store.read(QStringLiteral("never/written")), std::nullopt);
        store.remove(QStringLiteral("never/written")); // must not throw
    }

    // The console's Save to Keychain button, against the real Secret Service.
    void newKeyDialogSavesTheKeyInTheKeychain()
    {
        cadenio::NewApiKey created;
        created.key.id = QStringLiteral("key_keychaintest");
        created.key.orgId = QStringLiteral("org_keychaintest");
        created.key.name = QStringLiteral("Keychain test");
        created.plainKey = QStringLiteral("sk_live_keychaintestkeychaintestkeychaintest");
        KeychainSecretStore store(QStringLiteral("Cadenio Console Test"));
        cadenio::views::NewKeyDialog dialog(created, &store);
        auto *save = dialog.findChild<QPushButton *>(QStringLiteral("saveToKeychainButton"));
        QVERIFY(save);
        save->click();
        const auto *feedback = dialog.findChild<QLabel *>(QStringLiteral("feedback"));
        QVERIFY2(feedback->text().contains(QStringLiteral("Saved")), qPrintable(feedback->text()));
        const QString name = cadenio::views::NewKeyDialog::keychainEntryName(created.key);
        QCOMPARE(KeychainSecretStore(QStringLiteral("Cadenio Console Test")).read(name),
                 std::optional<QByteArray>(created.plainKey.toUtf8()));
        store.remove(name);
    }

    void instanceKeepsItsMasterSecretInTheKeychain()
    {
        // No CADENIO_SECRET_STORE: the instance must pick the keychain by itself.
        qunsetenv("CADENIO_SECRET_STORE");
        QTemporaryDir dir;
        cadenio::app::StoreOptions options;
        options.dataDir = dir.path();
        QString instanceId;
        {
            auto instance = cadenio::app::Instance::open(options);
            QVERIFY2(instance->secretStoreDescription().contains(QStringLiteral("keychain")),
                     qPrintable(instance->secretStoreDescription()));
            instanceId = instance->services().setup().instanceId();
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("secrets.json"))));
        const auto secret =
            KeychainSecretStore().read(QStringLiteral("instance/%1/master-secret").arg(instanceId));
        QVERIFY(secret.has_value());
        QCOMPARE(secret->size(), 32);
    }
};

// Widgets for the dialog case; the keychain label runs with the offscreen platform.
QTEST_MAIN(tst_Keychain)
#include "tst_keychain.moc"
