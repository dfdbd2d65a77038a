#!/usr/bin/env bash
# Set up (venv, packages, Chromium), then run the whole test suite. Extra arguments go to pytest.
# PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) tests skip when those are absent, but fail
# under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "test,postgres,distributed"
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
