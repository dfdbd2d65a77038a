#!/usr/bin/env bash
# Audit installed dependencies for known advisories (needs PyPI's JSON vulnerability API or OSV).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q pip-audit
exec .venv/bin/pip-audit --skip-editable "$@"
