#!/usr/bin/env bash
# One command from a fresh clone to a running demo: installs what is missing, builds Heard in
# release mode and builds the demo workspace in ./heard-demo (SQLite, bundled sample data).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release --product heard
exec .build/release/heard demo --dir heard-demo "$@"
