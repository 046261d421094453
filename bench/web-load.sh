#!/usr/bin/env bash
# Load benchmark of `heard serve` with wrk on loopback (wrk and the server share the machine):
#   1. survey submissions: POST /s/bench, one response each (targets: >= 5,000 requests/s, p99 < 50 ms);
#   2. the dashboard's overview API, GET /api/v1/overview, on a 1M-comment workspace (target: p99 < 100 ms).
#
#   bash bench/web-load.sh [--comments N] [--duration 30s] [--connections 64] [--threads 2] [--port 8181]
#                          [--dir DIR] [--no-build]
#
# The workspace is generated once into DIR (default bench/out/web-load) by `heard bench analytics
# --generate-only` and reused. Survey submissions come from 50,000 client addresses (X-Forwarded-For,
# with --trust-forwarded-for), so the per-client rate limit runs on every request without refusing
# any; every response is enriched in the background as in production. Prints wrk's output and a
# summary against the targets; the server is stopped at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMENTS=1000000
DURATION=30s
CONNECTIONS=64
THREADS=2
PORT=8181
DIR="$ROOT/bench/out/web-load"
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --comments) COMMENTS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; fi
fi
cd "$ROOT"
[ "$BUILD" = 1 ] && swift build -c release --product heard
HEARD="$ROOT/.build/release/heard"
mkdir -p "$DIR"
DB="$DIR/web-load-$COMMENTS.sqlite"

"$HEARD" bench analytics --db "$DB" --comments "$COMMENTS" --generate-only
"$HEARD" --db "$DB" surveys add bench --scale nps --touchpoint bench >/dev/null
"$HEARD" --db "$DB" api-keys revoke web-load >/dev/null 2>&1 || true
KEY="$("$HEARD" --db "$DB" api-keys create web-load --role viewer 2>/dev/null)"

LOG="$DIR/serve.log"
"$HEARD" --db "$DB" serve --port "$PORT" --trust-forwarded-for >"$LOG" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; "$HEARD" --db "$DB" api-keys revoke web-load >/dev/null 2>&1 || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$LOG"; echo "the server did not start" >&2; exit 1; }

SCRIPT="$DIR/survey.lua"
cat >"$SCRIPT" <<'LUA'
-- One survey response per request: a fresh response id, a score, a comment, a customer, and one of
-- 50,000 client addresses. Response ids carry the start time, so every run inserts new responses.
math.randomseed(os.time())
local run = tostring(os.time())
local counter = 0
local comments = { "The+app+was+slow+to+load+today", "Great+support%2C+quick+refund", "Billing+charged+me+twice",
                   "Easy+setup+but+the+invoice+was+confusing", "Delivery+was+late+again" }
setup = function(thread) thread:set("id", tostring(math.random(100000, 999999))) end
init = function() math.randomseed(os.time() + tonumber(id)) end
request = function()
  counter = counter + 1
  local client = math.random(0, 49999)
  local address = "10." .. (client % 200) .. "." .. math.floor(client / 200) % 250 .. "." .. (client % 250 + 1)
  local body = "response=wrk" .. run .. "t" .. id .. "x" .. counter .. "&score=" .. math.random(0, 10) ..
               "&comment=" .. comments[math.random(1, #comments)] .. "&customer=C" .. math.random(1, 100000)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = address }, body)
end
LUA

summary() {  # name, wrk output file, p99 target in ms, rate target
  local rate p99 unit value
  rate="$(awk '/Requests\/sec/ {print $2}' "$2")"
  p99="$(awk '$1 == "99%" {print $2}' "$2")"
  unit="${p99//[0-9.]/}"; value="${p99%%[a-z]*}"
  case "$unit" in us) p99ms="$(awk "BEGIN {print $value / 1000}")" ;; ms) p99ms="$value" ;; s) p99ms="$(awk "BEGIN {print $value * 1000}")" ;; *) p99ms="?" ;; esac
  local errors; errors="$(awk '/Non-2xx|Socket errors/ {print}' "$2" | tr '\n' ' ')"
  printf '%-28s %10s req/s   p99 %8s ms   (targets: p99 < %s ms%s) %s\n' "$1" "$rate" "$p99ms" "$3" "${4:+, >= $4 req/s}" "$errors"
}

echo "== survey submissions: wrk -t$THREADS -c$CONNECTIONS -d$DURATION POST /s/bench"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SCRIPT" "http://127.0.0.1:$PORT/s/bench" | tee "$DIR/survey.txt"
echo "== overview API: wrk -t$THREADS -c$CONNECTIONS -d$DURATION GET /api/v1/overview"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $KEY" \
  "http://127.0.0.1:$PORT/api/v1/overview" | tee "$DIR/overview.txt"

echo
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem/ {print $2}') GiB"
echo "workspace: $("$HEARD" --db "$DB" status | awk '/feedback:/ {print $2}') feedback"
summary "survey submissions" "$DIR/survey.txt" 50 5000
summary "overview API (GET)" "$DIR/overview.txt" 100
