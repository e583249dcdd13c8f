#include "DisplayNames.h"

#include <QCoreApplication>

namespace cadenio::views {

// Spelled out as QCoreApplication::translate() with a literal context in each call: free
// functions have no class for tr(), and lupdate only finds literal calls.

QString roleDisplayName(Role role)
{
    switch (role) {
    case Role::Owner:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Owner");
    case Role::Admin:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Admin");
    case Role::Member:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Member");
    case Role::Auditor:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Auditor");
    }
    return {};
}

QString roleDescription(Role role)
{
    switch (role) {
    case Role::Owner:
        return QCoreApplication::translate("cadenio::views::DisplayNames",
                                           "Every right, including changing the organization.");
    case Role::Admin:
        return QCoreApplication::translate("cadenio::views::DisplayNames",
                                           "Manages members and everything else except the "
                                           "organization itself.");
    case Role::Member:
        return QCoreApplication::translate("cadenio::views::DisplayNames",
                                           "Works on runs and templates.");
    case Role::Auditor:
        return QCoreApplication::translate("cadenio::views::DisplayNames",
                                           "Reads everything and changes nothing.");
    }
    return {};
}

QString planDisplayName(Plan plan)
{
    switch (plan) {
    case Plan::Free:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Free");
    case Plan::Team:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Team");
    case Plan::Enterprise:
        return QCoreApplication::translate("cadenio::views::DisplayNames", "Enterprise");
    }
    return {};
}

QString roleDisplayName(const QString &code)
{
    const auto role = roleFromName(code);
    return role ? roleDisplayName(*role) : code;
}

} // namespace cadenio::views
