"""Themes side by side: BERTopic and Heard's three vector paths (transformer, static, none), each
with discovery only and with the starter taxonomy, on the negative airline tweets; then Heard's
paths on BANKING77 (77 intents) to check that the settings carry over to other data.
Writes OUT/themes-peers.{json,md}. Run it through bench/themes-peers.sh."""
import argparse
import datetime
import json
import os
import sys

import heard_runner
import main as peers_main
import report
import theme_peer

PATHS = ["transformer", "static", "none"]


def heard_runs(heard, data_dir, runs):
    tweets = os.path.join(data_dir, "airline", "Tweets.csv")
    banking = os.path.join(data_dir, "banking77_train", "train.csv")
    airline = ["eval", "themes", "--data", tweets, "--text", "text", "--label", "negativereason",
               "--where", "airline_sentiment=negative", "--format", "json"]
    out = {}
    for path in PATHS:
        for taxonomy in ["none", "starter"]:
            name = f"airline_{path}_{taxonomy}"
            print(f"Heard {name} ...", file=sys.stderr)
            out[name] = [heard_runner.run_one(heard, airline + ["--vectors", path, "--taxonomy", taxonomy])
                         for _ in range(runs if taxonomy == "none" else 1)]
    for path in PATHS:
        name = f"banking77_{path}_none"
        print(f"Heard {name} ...", file=sys.stderr)
        out[name] = [heard_runner.run_one(heard, ["eval", "themes", "--data", banking, "--text", "text",
                                                  "--label", "category", "--format", "json",
                                                  "--vectors", path, "--taxonomy", "none"])]
    return out


def first(entries):
    entry = entries[0] if entries else {}
    return entry.get("result") if entry.get("ok") else None


def identical(entries):
    results = [e.get("result") for e in entries if e.get("ok")]
    if len(results) < 2:
        return None
    strip = lambda r: {k: v for k, v in r.items() if k not in ("texts_per_second", "seconds")}
    return all(strip(r) == strip(results[0]) for r in results[1:])


def markdown(results):
    env, bt, heard = results["env"], results.get("bertopic"), results["heard"]
    bt_seconds = (bt or {}).get("total_seconds")
    header = ["metric", "BERTopic"] + [f"Heard {p}" for p in PATHS]
    cols = [first(heard[f"airline_{p}_none"]) for p in PATHS]
    starter = [first(heard[f"airline_{p}_starter"]) for p in PATHS]
    wall = [(heard[f"airline_{p}_none"][0] or {}).get("wall_seconds") for p in PATHS]
    g = report.get
    rows = [
        ["NMI, discovery only", report.num(g(bt, "nmi")), *[report.num(g(c, "nmi")) for c in cols]],
        ["ARI, discovery only", report.num(g(bt, "ari")), *[report.num(g(c, "ari")) for c in cols]],
        ["coverage (other = rest)", report.num(g(bt, "coverage")), *[report.num(g(c, "coverage")) for c in cols]],
        ["topics / themes", g(bt, "topics") or report.NA, *[g(c, "theme_count") or report.NA for c in cols]],
        ["seconds end to end (Heard: process wall time, model loading included)", report.num(bt_seconds, 1),
         *[report.num(w, 2) for w in wall]],
        ["speed ratio to BERTopic", "1.00×", *[report.ratio(bt_seconds, w) for w in wall]],
        ["identical output on re-runs", "seeded", *[str(identical(heard[f"airline_{p}_none"])) for p in PATHS]],
        ["NMI, starter taxonomy + discovery", report.NA, *[report.num(g(c, "nmi")) for c in starter]],
        ["coverage, starter taxonomy + discovery", report.NA, *[report.num(g(c, "coverage")) for c in starter]],
    ]
    banking = [first(heard[f"banking77_{p}_none"]) for p in PATHS]
    brows = [
        ["NMI", *[report.num(g(c, "nmi")) for c in banking]],
        ["coverage", *[report.num(g(c, "coverage")) for c in banking]],
        ["themes", *[g(c, "theme_count") or report.NA for c in banking]],
        ["seconds (in process)", *[report.num(g(c, "seconds"), 2) for c in banking]],
    ]
    labels = []
    for p, c in zip(PATHS, cols):
        names = [t["label"] for t in (g(c, "themes") or [])[:10]]
        labels.append(f"- Heard {p}: " + " · ".join(names))
    if bt:
        labels.append("- BERTopic: " + " · ".join(t["label"] for t in bt.get("top_topics", [])))
    return "\n".join([
        f"Run {env['date']} on {env['cpu_model']} ({env['nproc']} cores, {env['mem_gib']} GiB), "
        f"load {env['loadavg_start']} → {env.get('loadavg_end', '?')}. Command: `{env['command']}`.",
        "", "### Themes, the 9,178 negative airline tweets against `negativereason`", "",
        report.table(header, rows), "",
        "Top labels (largest 10):", "", *labels, "",
        "### Generalisation: BANKING77 training queries (10,003, 77 intents), discovery only", "",
        report.table(["metric"] + [f"Heard {p}" for p in PATHS], brows), ""])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--heard", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default=" ".join(sys.argv))
    ap.add_argument("--runs", type=int, default=2, help="runs of each discovery-only command (re-run identity)")
    ap.add_argument("--skip-bertopic", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    results = {"env": peers_main.environment(args)}
    results["heard"] = heard_runs(args.heard, args.data_dir, args.runs)
    if not args.skip_bertopic:
        print("BERTopic (embedding + fit take minutes on CPU) ...", file=sys.stderr)
        results["bertopic"] = theme_peer.run(args.data_dir)
    results["env"]["loadavg_end"] = peers_main.loadavg()
    results["env"]["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with open(os.path.join(args.out, "themes-peers.json"), "w") as f:
        json.dump(results, f, indent=2)
    md = markdown(results)
    with open(os.path.join(args.out, "themes-peers.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
