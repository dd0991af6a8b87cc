#!/usr/bin/env bash
# Set up, then serve the help center with the demo store at http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
