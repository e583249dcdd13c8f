#!/bin/sh
# Runs one test against a real Secret Service: a throwaway, unlocked gnome-keyring on the
# session bus that dbus-run-session created for us. Nothing of the user's keyring is touched.
set -u
scratch=$(mktemp -d)
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock creates and unlocks the login keyring with the password read from stdin.
eval "$(printf 'cadenio-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
status=$?
pkill -u "$(id -u)" -f "gnome-keyring-daemon.*$scratch" 2>/dev/null
[ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null
rm -rf "$scratch"
exit $status
