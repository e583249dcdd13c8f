#pragma once

#include "domain/Actor.h"

#include <QWidget>

namespace cadenio {
class Services;
}

namespace cadenio::views {

class ApiKeysPane : public QWidget
{
    Q_OBJECT
public:
    ApiKeysPane(cadenio::Services &services, cadenio::Actor actor, QWidget *parent = nullptr);

private:
    cadenio::Services &m_services;
    cadenio::Actor m_actor;
};

} // namespace cadenio::views
