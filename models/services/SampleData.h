#pragma once

#include "domain/Actor.h"

#include <QString>

namespace cadenio {

class Services;

// Realistic example content for a new organization, so a first look at the console shows
// what it is for: a few colleagues, two published templates ("Vendor onboarding",
// "Quarterly access review") and runs of them in every status, with completed tasks and the
// audit entries that go with them. Everything goes through the services, exactly as a user
// would create it, so the audit chains verify and webhooks see the same events.
class SampleData
{
public:
    struct Summary
    {
        int members = 0;
        int templates = 0;
        int runs = 0;
    };

    explicit SampleData(Services &services);

    // Adds the examples to `owner`'s organization. The sample colleagues get random
    // passwords nobody knows: they appear as assignees and in audit trails, and an owner can
    // remove them or reset their passwords later. Throws Error like the services it calls.
    Summary populate(const Actor &owner);

private:
    Services &m_services;
};

} // namespace cadenio
