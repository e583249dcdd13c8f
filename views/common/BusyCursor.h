#pragma once

#include <QGuiApplication>

namespace cadenio::views {

// Shows the wait cursor for the lifetime of the object. Password hashing is slow on purpose
// (Argon2id), so every call that hashes blocks the GUI thread for a moment; the cursor tells
// the user the click was taken. RAII so an exception cannot leave the cursor stuck.
class BusyCursor
{
public:
    BusyCursor() { QGuiApplication::setOverrideCursor(Qt::WaitCursor); }
    ~BusyCursor() { QGuiApplication::restoreOverrideCursor(); }
    BusyCursor(const BusyCursor &) = delete;
    BusyCursor &operator=(const BusyCursor &) = delete;
};

} // namespace cadenio::views
