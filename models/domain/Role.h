#pragma once

#include <QString>

#include <optional>

namespace cadenio {

// What a console user may do. OWNER and ADMIN manage the organization; MEMBER works on
// runs and templates; AUDITOR reads everything and writes nothing.
enum class Role
{
    Owner,
    Admin,
    Member,
    Auditor
};

QString roleName(Role role);
std::optional<Role> roleFromName(QStringView name);

// Set of roles a rule admits, as a bit mask so route tables stay one line per entry.
class Roles
{
public:
    constexpr Roles() = default;
    constexpr Roles(std::initializer_list<Role> roles)
    {
        for (Role r : roles)
            m_bits |= bit(r);
    }
    static constexpr Roles all() { return {Role::Owner, Role::Admin, Role::Member, Role::Auditor}; }
    static constexpr Roles writers() { return {Role::Owner, Role::Admin, Role::Member}; }
    static constexpr Roles admins() { return {Role::Owner, Role::Admin}; }
    static constexpr Roles owner() { return {Role::Owner}; }

    constexpr bool contains(Role r) const { return m_bits & bit(r); }

private:
    static constexpr unsigned bit(Role r) { return 1u << static_cast<unsigned>(r); }
    unsigned m_bits = 0;
};

} // namespace cadenio
