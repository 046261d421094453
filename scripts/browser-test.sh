#!/usr/bin/env bash
# Browser test of the dashboard: builds a demo workspace, starts `heard serve` on it, signs in
# with headless Chromium (Debian's package) and loads every dashboard page, failing on any
# JavaScript error, console error, failed request or HTTP error, on any form control without a
# label, on content that scrolls sideways at 1280 px, and on any page that loses its content
# without JavaScript. Screenshots go to
# bench/out/screenshots/ (git-ignored).
#
#   bash scripts/browser-test.sh                 # demo workspace, debug build of heard
#   HEARD_BIN=.build/release/heard bash scripts/browser-test.sh
#   bash scripts/browser-test.sh --static DIR    # check saved HTML pages in DIR (no server)
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium_bin" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        echo "browser-test: installing chromium (apt-get)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
        chromium_bin="$(command -v chromium)"
    else
        echo "browser-test: Chromium is missing. Install it with:" >&2
        echo "  sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core" >&2
        exit 1
    fi
fi
command -v python3 >/dev/null || { echo "browser-test: python3 is needed (apt-get install python3)" >&2; exit 1; }

out="bench/out/screenshots"
mkdir -p "$out"
work="$(mktemp -d -t heard-browser-XXXXXX)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_for() {  # URL SECONDS
    python3 - "$1" "$2" <<'PY'
import sys, time, urllib.request
url, seconds = sys.argv[1], float(sys.argv[2])
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
PY
}

if [[ "${1:-}" == "--static" ]]; then
    dir="${2:?usage: browser-test.sh --static DIR}"
    port="$(free_port)"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >"$work/http.log" 2>&1 &
    server_pid=$!
    wait_for "http://127.0.0.1:$port/" 20 || { echo "browser-test: static server did not start" >&2; exit 1; }
    pages=()
    for file in "$dir"/*.html; do pages+=("/$(basename "$file")"); done
    exec_status=0
    python3 scripts/browser-check.py --chromium "$chromium_bin" --base "http://127.0.0.1:$port" --out "$out" "${pages[@]}" || exec_status=$?
    exit "$exec_status"
fi

heard="${HEARD_BIN:-.build/debug/heard}"
if [[ ! -x "$heard" ]]; then
    swift build --product heard
fi

echo "browser-test: building the demo workspace" >&2
"$heard" demo --no-serve --dir "$work/demo" >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
db="$work/demo/heard.sqlite"
password="browser-test-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
printf '%s\n' "$password" | "$heard" --db "$db" users add browser-admin --role admin >/dev/null

port="$(free_port)"
"$heard" --db "$db" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
if ! wait_for "http://127.0.0.1:$port/healthz" 60; then
    echo "browser-test: heard serve did not answer on port $port" >&2
    cat "$work/serve.log" >&2
    exit 1
fi

first_id() { python3 -c 'import sqlite3, sys; row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(row[0] or "")' "$db" "$1"; }
persona="$(first_id "SELECT MIN(id) FROM persona")"
comment="$(first_id "SELECT MIN(id) FROM feedback WHERE text IS NOT NULL")"
pages=(/ "/?period=week" /themes /drivers "/drivers?target=csat" /emerging "/emerging?period=month&since=2026-05-01"
       /verbatims "/verbatims?sentiment=negative&touchpoint=delivery" /personas /revenue "/revenue?value=revenue"
       /inside-out "/inside-out?target=csat" /taxonomy)
if [[ -n "$persona" ]]; then pages+=("/personas/$persona"); fi
if [[ -n "$comment" ]]; then pages+=("/verbatims/similar?row=$comment"); fi

status=0
python3 scripts/browser-check.py --chromium "$chromium_bin" --base "http://127.0.0.1:$port" --out "$out" \
    --login "browser-admin:$password" "${pages[@]}" || status=$?
if [[ $status -ne 0 ]]; then
    echo "browser-test: server log:" >&2
    tail -n 40 "$work/serve.log" >&2
fi
exit "$status"
