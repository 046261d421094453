# Sourced by the peer benchmarks: creates (once) a venv with a CPU-only torch and the given
# requirements, and sets PY to its python.
#
#   peer_venv VENV_DIR REQUIREMENTS_FILE
#
# torch goes in first so the requirements don't pull the CUDA build. TORCH_INDEX_URL picks a
# CPU-only index; otherwise a local +cpu wheel from pip's find-links is used when there is one.
peer_venv() {
  local venv="$1" requirements="$2"
  PY="$venv/bin/python"
  if [ ! -x "$PY" ]; then
    python3 -m venv "$venv"
    "$PY" -m pip install --quiet --upgrade pip
  fi
  if ! "$PY" -c "import torch" 2>/dev/null; then
    if [ -n "${TORCH_INDEX_URL:-}" ]; then
      "$PY" -m pip install --quiet torch --index-url "$TORCH_INDEX_URL"
    else
      local cpu_wheel="" dir
      for dir in ${PIP_FIND_LINKS:-}; do
        cpu_wheel="$(ls "$dir"/torch-*+cpu-cp"$("$PY" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"-*.whl 2>/dev/null | sort -V | tail -1 || true)"
        [ -n "$cpu_wheel" ] && break
      done
      "$PY" -m pip install --quiet "${cpu_wheel:-torch}"
    fi
  fi
  "$PY" -m pip install --quiet -r "$requirements"
}
