#!/usr/bin/env bash
# Build the staff-only support handbook (mkdocs.staff.yml) into site-staff/.
# Never deploy site-staff/ to the public host. Extra arguments go to mkdocs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
exec .venv/bin/python -m mkdocs build --strict --config-file mkdocs.staff.yml "$@"
