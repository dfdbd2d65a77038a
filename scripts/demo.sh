#!/usr/bin/env bash
# Set up, then run the demo: local demo stores -> crawl (v1, v2) -> SQLite -> dashboard.
# Extra arguments go to `rivalwatch demo` (e.g. --no-dashboard).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/rivalwatch demo "$@"
