#!/usr/bin/env bash
# Set up everything the help center needs on a fresh Debian machine:
# a virtual environment with the pinned Python packages, and (for the
# browser tests) Debian's Chromium. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  else
    sudo apt-get update -q
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
fi

# Test-only JavaScript tools (axe-core for the accessibility tests), pinned in package-lock.json.
if [ "${1:-}" = "--browser" ] && ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  else
    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  fi
fi
if command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi
