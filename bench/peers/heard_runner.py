"""Runs Heard's `eval` commands and reads their JSON; any failure becomes an error entry, not a crash."""
import json
import os
import shlex
import subprocess
import tempfile
import time

TIMEOUT_S = 3600


def commands(data_dir):
    tweets = os.path.join(data_dir, "airline", "Tweets.csv")
    sentiment = ["eval", "sentiment", "--data", tweets, "--text", "text", "--label", "airline_sentiment"]
    themes = ["eval", "themes", "--data", tweets, "--text", "text", "--label", "negativereason",
              "--where", "airline_sentiment=negative", "--vectors", "none"]  # vector paths: bench/themes-peers.sh
    return {
        "sentiment_shipped": sentiment + ["--format", "json"],
        "sentiment_cv5": sentiment + ["--cv", "5", "--format", "json"],
        "themes_none": themes + ["--taxonomy", "none", "--format", "json"],
        "themes_starter": themes + ["--taxonomy", "starter", "--format", "json"],
    }


def run_one(binary, args):
    cmd = [binary] + args
    entry = {"command": shlex.join(cmd), "ok": False}
    if not (binary and os.path.isfile(binary) and os.access(binary, os.X_OK)):
        entry["error"] = f"no Heard binary at {binary}"
        return entry
    # Run in an empty folder so a default ./heard.sqlite can't land in the repo.
    with tempfile.TemporaryDirectory(prefix="heard-peers-") as cwd:
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            entry["error"] = f"{type(exc).__name__}: {exc}"
            return entry
    entry["wall_seconds"] = time.perf_counter() - start
    if proc.returncode != 0:
        entry["error"] = f"exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:500]}"
        return entry
    try:
        entry["result"] = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        entry["error"] = f"output is not JSON ({exc}): {proc.stdout.strip()[:300]}"
        return entry
    entry["ok"] = True
    return entry


def run(binary, data_dir):
    return {name: run_one(binary, args) for name, args in commands(data_dir).items()}
