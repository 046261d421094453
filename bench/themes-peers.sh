#!/usr/bin/env bash
# Themes against BERTopic: `heard eval themes` on each vector path (transformer, static, none),
# with discovery only (run twice, to check re-runs are identical) and with the starter taxonomy,
# next to BERTopic + all-MiniLM-L6-v2 on the 9,178 negative airline tweets, in one run; then
# Heard's paths on BANKING77 as a second labelled set. Writes bench/out/themes-peers.{json,md}.
#
#   bash bench/themes-peers.sh [--data-dir DIR] [--no-build] [--skip-bertopic] [--runs N]
#
# DIR defaults to ../shared/data. Uses the venv bench/peers.sh creates (bench/.venv); the
# encoder and its static table are made with `heard models fetch` and `heard models distill`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bash bench/themes-peers.sh${*:+ $*}"
DATA_DIR="$ROOT/../shared/data"
BUILD=1
PY_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --skip-bertopic) PY_ARGS+=(--skip-bertopic); shift ;;
    --runs) PY_ARGS+=(--runs "$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
DATA_DIR="$(cd "$DATA_DIR" && pwd)"

PY="$ROOT/bench/.venv/bin/python"
if [ ! -x "$PY" ] || ! "$PY" -c "import bertopic" 2>/dev/null; then
  echo "Setting up the peers' venv through bench/peers.sh's installer ..." >&2
  bash "$ROOT/bench/peers.sh" --no-build --skip-themes >/dev/null
fi

HEARD="$ROOT/.build/release/heard"
if [ "$BUILD" = 1 ]; then
  echo "Building heard (release) ..." >&2
  (cd "$ROOT" && swift build -c release --product heard >&2)
fi
"$HEARD" models fetch >&2
"$HEARD" models distill --if-missing >&2

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONDONTWRITEBYTECODE=1
cd "$ROOT/bench/peers"
exec "$PY" themes_peers.py --data-dir "$DATA_DIR" --heard "$HEARD" --out "$ROOT/bench/out" \
  --command "$COMMAND" "${PY_ARGS[@]+"${PY_ARGS[@]}"}"
