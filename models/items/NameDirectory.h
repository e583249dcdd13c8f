#pragma once

#include "domain/Actor.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>

namespace cadenio {

class TemplateService;
class UserService;

// Display names for the ids runs carry (templates, users), read once and kept current from
// the services' signals, so the run, task and audit tables can show "Vendor onboarding"
// and "Olivia Owner" instead of ids without a query per cell.
class NameDirectory : public QObject
{
    Q_OBJECT
public:
    using Entry = QPair<QString, QString>; // id, name

    NameDirectory(TemplateService &templates, UserService &users, Actor actor,
                  QObject *parent = nullptr);

    // The name, or the id itself when it is not known (a template the actor does not
    // reach, a user removed since).
    QString templateName(const QString &id) const;
    QString userName(const QString &id) const;
    // Sorted by name, for pickers.
    QList<Entry> templates() const;
    QList<Entry> users() const;

public slots:
    void reload();

signals:
    void changed();

private:
    static QList<Entry> sorted(const QHash<QString, QString> &names);

    TemplateService &m_templates;
    UserService &m_users;
    Actor m_actor;
    QHash<QString, QString> m_templateNames;
    QHash<QString, QString> m_userNames;
};

} // namespace cadenio
