#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring — a real Secret
# Service — and an isolated HOME, so keychain tests never touch the user's own keyring.
# Needs apt packages: gnome-keyring dbus dbus-x11 (the keychain binding speaks D-Bus itself: no libsecret).
# usage: bash scripts/with-keyring.sh node --import tsx --test test/keychain/*.test.ts
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing (apt-get install gnome-keyring dbus dbus-x11)" >&2; exit 1; }
done
sandbox="$(mktemp -d "${TMPDIR:-/tmp}/thalamus-keyring.XXXXXX")"
trap 'rm -rf "$sandbox"' EXIT
export HOME="$sandbox/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CACHE_HOME="$HOME/.cache" XDG_CONFIG_HOME="$HOME/.config"
export XDG_RUNTIME_DIR="$sandbox/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# No X11: D-Bus must come from the session below, never from autolaunch.
unset DISPLAY
# The keyring daemon reads the login password on stdin and unlocks (creating) the login keyring.
dbus-run-session -- sh -c 'printf %s thalamus-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@"
