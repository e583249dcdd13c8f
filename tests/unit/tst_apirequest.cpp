#include "http/ApiRequest.h"

#include <QTest>

using namespace cadenio::api;

class TestApiRequest : public QObject
{
    Q_OBJECT

private slots:
    void header_data();
    void header();
    void cookie_data();
    void cookie();
};

void TestApiRequest::header_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QByteArray>("asked");
    QTest::addColumn<QByteArray>("expected");
    // RFC 9110: field names are case-insensitive; clients and proxies spell them freely.
    QTest::addRow("same case") << QByteArray("Content-Type") << QByteArray("Content-Type")
                               << QByteArray("application/json");
    QTest::addRow("lower sent") << QByteArray("content-type") << QByteArray("Content-Type")
                                << QByteArray("application/json");
    QTest::addRow("upper asked") << QByteArray("Content-Type") << QByteArray("CONTENT-TYPE")
                                 << QByteArray("application/json");
    QTest::addRow("mixed") << QByteArray("cOnTeNt-TyPe") << QByteArray("content-type")
                           << QByteArray("application/json");
    QTest::addRow("absent") << QByteArray("Content-Type") << QByteArray("Authorization")
                            << QByteArray();
    QTest::addRow("prefix is not a match")
        << QByteArray("Content-Type-Options") << QByteArray("Content-Type") << QByteArray();
}

void TestApiRequest::header()
{
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, asked);
    QFETCH(QByteArray, expected);
    ApiRequest request;
    request.headers = {{QByteArray("Accept"), QByteArray("*/*")},
                       {sent, QByteArray("application/json")},
                       {QByteArray("X-Other"), QByteArray("1")}};
    QCOMPARE(request.header(asked), expected);
}

void TestApiRequest::cookie_data()
{
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("cookies");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray name("Cookie");
    QTest::addRow("only cookie") << name << QByteArray("cadenio_session=sess_abc")
                                 << QByteArray("sess_abc");
    QTest::addRow("among others") << name
                                  << QByteArray("theme=dark; cadenio_session=sess_abc; lang=de")
                                  << QByteArray("sess_abc");
    QTest::addRow("no spaces") << name << QByteArray("theme=dark;cadenio_session=sess_abc")
                               << QByteArray("sess_abc");
    QTest::addRow("last") << name << QByteArray("theme=dark; cadenio_session=sess_abc")
                          << QByteArray("sess_abc");
    QTest::addRow("value with =") << name << QByteArray("cadenio_session=a=b") << QByteArray("a=b");
    QTest::addRow("lower-case header")
        << QByteArray("cookie") << QByteArray("cadenio_session=sess_abc") << QByteArray("sess_abc");
    // Names match exactly: a longer or shorter name is another cookie.
    QTest::addRow("longer name") << name << QByteArray("xcadenio_session=sess_abc") << QByteArray();
    QTest::addRow("name as prefix")
        << name << QByteArray("cadenio_session_old=sess_abc") << QByteArray();
    QTest::addRow("name as value") << name << QByteArray("other=cadenio_session") << QByteArray();
    QTest::addRow("empty header") << name << QByteArray() << QByteArray();
    QTest::addRow("no cookie header")
        << QByteArray("X-Cookie") << QByteArray("cadenio_session=sess_abc") << QByteArray();
    QTest::addRow("empty value") << name << QByteArray("cadenio_session=") << QByteArray();
}

void TestApiRequest::cookie()
{
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, cookies);
    QFETCH(QByteArray, expected);
    ApiRequest request;
    request.headers = {{headerName, cookies}};
    QCOMPARE(request.cookie("cadenio_session"), expected);
}

QTEST_GUILESS_MAIN(TestApiRequest)
#include "tst_apirequest.moc"
