#!/usr/bin/env bash
# Installs what Heard needs to build and run on a fresh Debian/Ubuntu machine: a Swift 6
# toolchain (must already be present; we say where to get it), the SQLite headers and OpenBLAS
# (the sentence encoder's matrix products).
# Safe to run again: it only installs what is missing.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
  else
    echo "bootstrap: Swift 6 is not installed. Install a Swift 6.x toolchain (https://www.swift.org/install/linux/) and run this again." >&2
    exit 1
  fi
fi

missing=()
for package in libsqlite3-dev libopenblas-dev; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bootstrap: missing system packages; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
