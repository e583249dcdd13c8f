#pragma once

#include "domain/Actor.h"
#include "domain/ApiKey.h"

#include <QAbstractTableModel>
#include <QDateTime>

class QTimer;

namespace cadenio {

class KeyService;

// The organization's API keys (not revoked) as a table for the console, newest first. Follows
// KeyService's signals, which may come from server threads: a key created or revoked over
// HTTP appears or disappears without a refresh. Statuses depend on the clock, so a timer
// re-reads the list once a minute (last use is recorded at most that often anyway).
class ApiKeysModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        PrefixColumn,
        ScopesColumn,
        ModeColumn,
        ExpiresColumn,
        LastUsedColumn,
        StatusColumn,
        ColumnCount
    };
    enum ItemRole
    {
        IdRole = Qt::UserRole + 1,
        StatusRole, // Status as int, for views that colour rows
        SortRole,   // raw values (QDateTime, names in lower case)
    };
    enum class Status
    {
        Active,
        ExpiringSoon,
        Expired,
        Revoked
    };
    // Keys expiring within this many days are flagged, so someone rotates them in time.
    static constexpr int kExpiringSoonDays = 7;

    ApiKeysModel(KeyService &keys, Actor actor, QObject *parent = nullptr);

    static Status statusAt(const ApiKey &key, const QDateTime &now);
    // "Active", "Expires in 3 days", "Expired", "Revoked": words, so the status reads
    // without its colour.
    static QString statusText(const ApiKey &key, const QDateTime &now);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const ApiKey &keyAt(int row) const { return m_rows.at(row); }
    // The row of the key with this id, or -1.
    int rowOf(const QString &keyId) const;

public slots:
    // Re-reads the list and applies the difference row by row, so views keep their
    // selection and scroll position (a reset would lose both).
    void refresh();

private:
    void replace(QList<ApiKey> rows);
    QList<ApiKey> readAll() const;
    QVariant displayText(const ApiKey &key, int column) const;
    QVariant sortValue(const ApiKey &key, int column) const;
    QString toolTip(const ApiKey &key, int column) const;

    KeyService &m_keys;
    Actor m_actor;
    QList<ApiKey> m_rows;
    QTimer *m_clock;
};

} // namespace cadenio
