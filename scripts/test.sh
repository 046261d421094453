#!/usr/bin/env bash
# One command from a fresh clone to a full test run: installs what is missing, builds, and
# runs every test (unit, store conformance, import, and the kill-mid-import test, which needs
# the built `heard` binary).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build --product heard
exec swift test "$@"
