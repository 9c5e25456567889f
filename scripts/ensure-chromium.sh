#!/usr/bin/env bash
# Installs Debian's chromium (the headless browser tests/python/test_dashboard.py drives)
# when /usr/bin/chromium is missing. Needs root or sudo; exits 1 with a message otherwise.
set -euo pipefail

CHROMIUM=${KCC_CHROMIUM:-/usr/bin/chromium}

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "ensure-chromium: $CHROMIUM is missing and this user is neither root nor allowed" \
        "to sudo without a password. Install it yourself:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: no apt-get here (not Debian/Ubuntu). Install Chromium so that" \
        "$CHROMIUM exists, or point KCC_CHROMIUM at it." >&2
    exit 1
fi

echo "ensure-chromium: installing Debian's chromium (for the dashboard test)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" apt-get update -qq \
        && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium; }; then
    echo "ensure-chromium: apt-get could not install chromium (no network or no package" \
        "source?). Install it by hand: apt-get install chromium" >&2
    exit 1
fi

if [[ ! -x "$CHROMIUM" ]]; then
    echo "ensure-chromium: chromium is installed but $CHROMIUM is missing" >&2
    exit 1
fi
