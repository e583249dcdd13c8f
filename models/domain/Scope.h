#pragma once

#include <QStringList>

namespace cadenio::scopes {

// The twelve scopes of the public API reference, in its order.
const QStringList &all();
bool isKnown(QStringView scope);

} // namespace cadenio::scopes
