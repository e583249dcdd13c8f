#include "RunsPane.h"

#include "services/Services.h"

namespace cadenio::views {

RunsPane::RunsPane(Services &services, Actor actor, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_actor(std::move(actor))
{}

} // namespace cadenio::views
