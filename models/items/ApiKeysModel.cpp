#include "ApiKeysModel.h"

#include "domain/Timestamps.h"
#include "services/KeyService.h"

#include <QLocale>
#include <QSet>
#include <QTimer>

namespace cadenio {

namespace {
constexpr int kClockIntervalMs = 60 * 1000;

// "runs: read, write · files: read": one resource per group, in the reference's order, so a
// long list of scopes stays readable in one cell.
QString compactScopes(const QStringList &scopes)
{
    QStringList groups;
    QString resource;
    QStringList actions;
    const auto flush = [&] {
        if (!resource.isEmpty())
            groups << resource + QStringLiteral(": ") + actions.join(QStringLiteral(", "));
    };
    for (const QString &scope : scopes) {
        const qsizetype colon = scope.indexOf(QLatin1Char(':'));
        const QString group = scope.left(colon);
        if (group != resource) {
            flush();
            resource = group;
            actions.clear();
        }
        actions << scope.mid(colon + 1);
    }
    flush();
    return groups.join(QStringLiteral(" · "));
}

// The locale's short date and time, without seconds: minutes are precise enough in a
// table, and the tooltip has the rest.
QString shortDateTime(const QDateTime &at)
{
    const QLocale locale;
    QString time = locale.timeFormat(QLocale::ShortFormat);
    time.remove(QLatin1String(":ss"));
    return locale.toString(at.toLocalTime(),
                           locale.dateFormat(QLocale::ShortFormat) + QLatin1Char(' ') + time);
}
} // namespace

ApiKeysModel::ApiKeysModel(KeyService &keys, Actor actor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_keys(keys)
    , m_actor(std::move(actor))
    , m_clock(new QTimer(this))
{
    // Queued: the service emits on whichever thread changed the key (a server thread for
    // the HTTP API); the rows may only change on ours.
    const auto follow = [this](const QString &orgId, const QString &) {
        if (orgId == m_actor.orgId)
            refresh();
    };
    connect(&m_keys, &KeyService::keyCreated, this, follow, Qt::QueuedConnection);
    connect(&m_keys, &KeyService::keyRevoked, this, follow, Qt::QueuedConnection);
    m_clock->setInterval(kClockIntervalMs);
    connect(m_clock, &QTimer::timeout, this, [this] {
        refresh();
        // "Expires in 3 days" changes with the clock even when no row did.
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, ExpiresColumn), index(rowCount() - 1, StatusColumn));
    });
    m_clock->start();
    m_rows = readAll();
}

ApiKeysModel::Status ApiKeysModel::statusAt(const ApiKey &key, const QDateTime &now)
{
    if (key.isRevoked())
        return Status::Revoked;
    if (key.isExpiredAt(now))
        return Status::Expired;
    if (key.expiresAt.isValid() && key.expiresAt <= now.addDays(kExpiringSoonDays))
        return Status::ExpiringSoon;
    return Status::Active;
}

QString ApiKeysModel::statusText(const ApiKey &key, const QDateTime &now)
{
    switch (statusAt(key, now)) {
    case Status::Active:
        return tr("Active");
    case Status::Expired:
        return tr("Expired");
    case Status::Revoked:
        return tr("Revoked");
    case Status::ExpiringSoon:
        break;
    }
    // Whole days as the user's calendar counts them, not 24-hour periods from now.
    const qint64 days = now.toLocalTime().date().daysTo(key.expiresAt.toLocalTime().date());
    if (days <= 0)
        return tr("Expires today");
    if (days == 1)
        return tr("Expires tomorrow");
    return tr("Expires in %1 days").arg(days);
}

QList<ApiKey> ApiKeysModel::readAll() const
{
    QList<ApiKey> rows;
    PageRequest request{100, std::nullopt};
    for (;;) {
        Page<ApiKey> page = m_keys.listActive(m_actor, request);
        rows.append(page.items);
        if (!page.next)
            break;
        request.after = page.next;
    }
    return rows;
}

void ApiKeysModel::refresh()
{
    replace(readAll());
}

void ApiKeysModel::replace(QList<ApiKey> rows)
{
    QSet<QString> fresh;
    for (const ApiKey &key : std::as_const(rows))
        fresh.insert(key.id);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!fresh.contains(m_rows.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    // What is left is in the new list's order (newest first, by creation), so walking both
    // together finds each newcomer's place.
    for (int row = 0; row < rows.size(); ++row) {
        const ApiKey &key = rows.at(row);
        if (row < m_rows.size() && m_rows.at(row).id == key.id) {
            const ApiKey &known = m_rows.at(row);
            const bool changed = known.name != key.name || known.lastUsedAt != key.lastUsedAt ||
                                 known.expiresAt != key.expiresAt || known.scopes != key.scopes;
            m_rows[row] = key;
            if (changed)
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            continue;
        }
        if (rowOf(key.id) >= 0) {
            // Out of order (should not happen with a stable sort): start over.
            beginResetModel();
            m_rows = std::move(rows);
            endResetModel();
            return;
        }
        beginInsertRows({}, row, row);
        m_rows.insert(row, key);
        endInsertRows();
    }
}

int ApiKeysModel::rowOf(const QString &keyId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == keyId)
            return row;
    }
    return -1;
}

int ApiKeysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApiKeysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeysModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApiKey &key = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return key.id;
    case StatusRole:
        return int(statusAt(key, timestamps::now()));
    case SortRole:
        return sortValue(key, index.column());
    case Qt::DisplayRole:
        return displayText(key, index.column());
    case Qt::ToolTipRole:
        return toolTip(key, index.column());
    case Qt::AccessibleTextRole:
        return displayText(key, index.column());
    default:
        return {};
    }
}

QVariant ApiKeysModel::sortValue(const ApiKey &key, int column) const
{
    switch (column) {
    case ExpiresColumn:
        return key.expiresAt;
    case LastUsedColumn:
        return key.lastUsedAt;
    case StatusColumn:
        return int(statusAt(key, timestamps::now()));
    default:
        return displayText(key, column).toString().toLower();
    }
}

QVariant ApiKeysModel::displayText(const ApiKey &key, int column) const
{
    switch (column) {
    case NameColumn:
        return key.name;
    case PrefixColumn:
        return key.keyPrefix;
    case ScopesColumn:
        return compactScopes(key.scopes);
    case ModeColumn:
        if (key.resourceMode == ResourceMode::All)
            return tr("All resources");
        if (key.folderIds.isEmpty())
            return tr("Templates: %1").arg(key.templateIds.size());
        if (key.templateIds.isEmpty())
            return tr("Folders: %1").arg(key.folderIds.size());
        return tr("Templates: %1, folders: %2")
            .arg(key.templateIds.size())
            .arg(key.folderIds.size());
    case ExpiresColumn:
        return key.expiresAt.isValid() ? shortDateTime(key.expiresAt) : tr("Never");
    case LastUsedColumn:
        return key.lastUsedAt.isValid() ? shortDateTime(key.lastUsedAt) : tr("Never");
    case StatusColumn:
        return statusText(key, timestamps::now());
    default:
        return {};
    }
}

QString ApiKeysModel::toolTip(const ApiKey &key, int column) const
{
    switch (column) {
    case ScopesColumn:
        return key.scopes.join(QLatin1Char('\n'));
    case ModeColumn:
        if (key.resourceMode == ResourceMode::All)
            return tr("Reaches every template, run and file of the organization.");
        return tr("Reaches only the selected templates and folders, and their runs and files.");
    case ExpiresColumn:
        return key.expiresAt.isValid()
                   ? QLocale().toString(key.expiresAt.toLocalTime(), QLocale::LongFormat)
                   : tr("This key does not expire.");
    case PrefixColumn:
        return tr("The start of the key: enough to recognise it, useless to use it.");
    case LastUsedColumn:
        return key.lastUsedAt.isValid()
                   ? QLocale().toString(key.lastUsedAt.toLocalTime(), QLocale::LongFormat)
                   : tr("Not used yet.");
    default:
        return displayText(key, column).toString();
    }
}

QVariant ApiKeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case PrefixColumn:
        return tr("Key");
    case ScopesColumn:
        return tr("Scopes");
    case ModeColumn:
        return tr("Resources");
    case ExpiresColumn:
        return tr("Expires");
    case LastUsedColumn:
        return tr("Last used");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace cadenio
