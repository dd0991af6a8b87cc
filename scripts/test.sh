#!/usr/bin/env bash
# Set up (Python packages and Debian's Chromium), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
exec .venv/bin/python -m pytest "$@"
