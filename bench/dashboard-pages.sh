#!/usr/bin/env bash
# Times every dashboard page through `heard serve` on a generated workspace (`heard bench
# analytics`: planted drivers, a spike, 50 themes by default): the first request of each page
# (nothing cached) and the second (heavy results cached per data version).
#
#   bash bench/dashboard-pages.sh [COMMENTS] [DB]      # defaults: 1000000 /tmp/heard-dashboard-bench.sqlite
#   HEARD_BIN=.build/release/heard bash bench/dashboard-pages.sh 300000
# The workspace is generated once and reused while DB exists.
set -euo pipefail
cd "$(dirname "$0")/.."
comments="${1:-1000000}"
db="${2:-/tmp/heard-dashboard-bench.sqlite}"
heard="${HEARD_BIN:-.build/release/heard}"
[[ -x "$heard" ]] || { echo "dashboard-pages: build first: swift build -c release --product heard (or set HEARD_BIN)" >&2; exit 1; }

if [[ ! -f "$db" ]]; then
    echo "dashboard-pages: generating $comments comments into $db" >&2
    "$heard" bench analytics --comments "$comments" --db "$db" --runs 1 >/dev/null
fi
password="bench-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
printf '%s\n' "$password" | "$heard" --db "$db" users add dashboard-bench --role admin >/dev/null

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
log="$(mktemp)"
"$heard" --db "$db" serve --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

python3 - "$port" "$password" <<'PY'
import http.cookiejar, re, sys, time, urllib.parse, urllib.request
port, password = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
for _ in range(300):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
login = opener.open(base + "/login").read().decode()
token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
opener.open(base + "/login", data=urllib.parse.urlencode({"name": "dashboard-bench", "password": password, "csrf": token}).encode())
pages = ["/", "/?period=week", "/themes", "/drivers", "/emerging", "/verbatims", "/verbatims?theme=planted.t05&sentiment=negative",
         "/personas", "/taxonomy"]
print(f"{'page':<52} {'first (s)':>10} {'again (s)':>10} {'bytes':>9}")
for page in pages:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        with opener.open(base + page, timeout=600) as response:
            body = response.read()
            if response.status != 200 or b"<main" not in body:
                sys.exit(f"{page}: status {response.status}")
        times.append(time.perf_counter() - start)
    print(f"{page:<52} {times[0]:>10.3f} {times[1]:>10.3f} {len(body):>9,}")
PY
