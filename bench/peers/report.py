"""Turns the results dict (the content of peers.json) into the Markdown section."""
import re

import metrics

NA = "n/a"
TOP = 10


def _is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def num(x, digits=3):
    return f"{x:.{digits}f}" if _is_num(x) else NA if x is None else str(x)


def rate(x):
    return f"{x:,.0f}" if _is_num(x) else NA if x is None else str(x)


def ratio(a, b):
    return f"{a / b:.2f}×" if _is_num(a) and _is_num(b) and b else NA


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def heard_result(heard, name):
    entry = heard.get(name) or {}
    return entry.get("result") if entry.get("ok") else None


def f1(result, cls):
    c = ((result or {}).get("classes") or {}).get(cls)
    return c.get("f1") if isinstance(c, dict) else None


def get(result, key):
    return (result or {}).get(key)


def sentiment_section(vader, heard):
    shipped, cv = heard_result(heard, "sentiment_shipped"), heard_result(heard, "sentiment_cv5")
    cols = [vader, shipped, cv]
    vps = vader["texts_per_second"]
    rows = [
        ["texts", *[rate(get(c, "n")) for c in cols]],
        ["accuracy", *[num(get(c, "accuracy")) for c in cols]],
        ["macro-F1", *[num(get(c, "macro_f1")) for c in cols]],
        *[[f"F1 {cls}", *[num(f1(c, cls)) for c in cols]] for cls in ("negative", "neutral", "positive")],
        ["texts/s", *[rate(get(c, "texts_per_second")) for c in cols]],
        ["texts/s ratio Heard/VADER", "1.00×", *[ratio(get(c, "texts_per_second"), vps) for c in cols[1:]]],
        ["model", "VADER lexicon, ±0.05 thresholds", get(shipped, "model") or NA, get(cv, "model") or NA],
    ]
    out = ["### Sentiment: airline tweets (14,640; negative / neutral / positive)", "",
           table(["metric", "VADER", "Heard shipped", "Heard 5-fold CV"], rows), ""]
    for title, c in (("VADER", vader), ("Heard shipped", shipped), ("Heard 5-fold CV", cv)):
        conf = get(c, "confusion")
        if isinstance(conf, dict) and "labels" in conf and "rows" in conf:
            labels = conf["labels"]
            out += [f"Confusion, {title} (rows gold, columns predicted):", "",
                    table(["gold \\ predicted", *labels], [[g, *r] for g, r in zip(labels, conf["rows"])]), ""]
    out.append("VADER texts/s: scoring only, texts in memory, best of 3 passes. Heard texts/s: as Heard reports it.")
    return "\n".join(out)


def uci_section(uci):
    rows = [[name, r["n"], num(r["accuracy"]), num(r["macro_f1"])] for name, r in uci.items()]
    return "\n".join(["### Sentiment: UCI sentences, binary (VADER only; compound ≥ 0 → positive)", "",
                      table(["file", "texts", "accuracy", "macro-F1"], rows), "",
                      "VADER's own ground truth (vader_ground_truth/) is left out: VADER was built on it. "
                      "Heard is not run on these headerless files."])


def heard_top(result):
    themes = sorted(get(result, "themes") or [], key=lambda t: -(t.get("size") or 0))[:TOP]
    return [{"label": t.get("label", ""), "size": t.get("size")} for t in themes]


def label_stop_words(top):
    words = [w for t in top for w in re.findall(r"[A-Za-z']+", t["label"])]
    return f"{metrics.stop_words_in(words)} of {len(words)}" if top else NA


def themes_section(bt, heard):
    none, starter = heard_result(heard, "themes_none"), heard_result(heard, "themes_starter")
    bt = bt or {}
    hcols = [none, starter]
    unassigned = [None if get(c, "coverage") is None else 1 - c["coverage"] for c in hcols]
    tops = [bt.get("top_topics") or [], *[heard_top(c) for c in hcols]]
    bps = bt.get("texts_per_second")
    wall = [heard.get(k, {}).get("wall_seconds") if heard.get(k, {}).get("ok") else None
            for k in ("themes_none", "themes_starter")]
    rows = [
        ["texts", rate(bt.get("n")), *[rate(get(c, "n")) for c in hcols]],
        ["unassigned share", num(bt.get("unassigned_share")), *[num(u) for u in unassigned]],
        ["topics / themes", bt.get("topics", NA), *[get(c, "theme_count") or NA for c in hcols]],
        ["NMI vs negativereason", num(bt.get("nmi")), *[num(get(c, "nmi")) for c in hcols]],
        ["ARI vs negativereason", num(bt.get("ari")), *[num(get(c, "ari")) for c in hcols]],
        ["stop words in top-10 labels", *[label_stop_words(t) for t in tops]],
        ["texts/s, end to end", rate(bps), *[rate(get(c, "texts_per_second")) for c in hcols]],
        ["texts/s ratio Heard/BERTopic", "1.00×" if bps else NA,
         *[ratio(get(c, "texts_per_second"), bps) for c in hcols]],
        ["embedding texts/s (MiniLM)", rate(bt.get("embed_texts_per_second")), "–", "–"],
        ["time, s", f"{num(bt.get('total_seconds'), 1)} (embed {num(bt.get('embed_seconds'), 1)} + fit "
                    f"{num(bt.get('fit_seconds'), 1)})" if bt else NA,
         *[f"{num(w, 1)} (whole command)" if w is not None else NA for w in wall]],
    ]
    label_rows = [[i + 1, *[f"{t[i]['label']} ({t[i]['size']})" if i < len(t) else "" for t in tops]]
                  for i in range(max(TOP, 1)) if any(i < len(t) for t in tops)]
    out = ["### Themes: negative airline tweets (9,178) against negativereason", "",
           table(["metric", "BERTopic", "Heard discovery only", "Heard starter+discovery"], rows), "",
           "Unassigned = BERTopic topic -1 (counted as its own cluster in NMI/ARI); for Heard 1 − coverage. "
           "BERTopic label = its default topic name (top 4 c-TF-IDF words); stop words from "
           "sklearn's ENGLISH_STOP_WORDS. " + (bt["settings"] + "." if bt else "BERTopic was skipped (--skip-themes)."), ""]
    if label_rows:
        out += ["Top-10 labels (size):", "",
                table(["#", "BERTopic", "Heard discovery only", "Heard starter+discovery"], label_rows)]
    return "\n".join(out)


def heard_errors(heard):
    bad = [(k, e) for k, e in heard.items() if not e.get("ok")]
    if not bad:
        return ""
    lines = ["Heard columns marked n/a failed:", ""]
    lines += [f"- `{k}`: `{e['command']}` → {' '.join(e.get('error', '').split())[:200]}" for k, e in bad]
    return "\n".join(lines)


def machine_section(env):
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items())
    return "\n".join([
        f"Date: {env['date']}. Command: `{env['command']}`",
        f"Machine: {env['nproc']} cores ({env['cpu_model']}), {env['mem_gib']} GiB RAM, "
        f"load average at start {env['loadavg_start']}, at end {env.get('loadavg_end', NA)}; "
        f"Python {env['python']}, torch threads {env['torch_threads']}.",
        f"Peer packages: {versions}.",
        f"Heard: {env['heard_binary']} ({env['heard_version']}).",
    ])


def markdown(results):
    parts = ["## Peer comparison: VADER and BERTopic vs Heard", "", machine_section(results["env"]), "",
             sentiment_section(results["vader"]["airline"], results["heard"]), "",
             uci_section(results["vader"]["uci"]), "",
             themes_section(results.get("bertopic"), results["heard"])]
    errors = heard_errors(results["heard"])
    if errors:
        parts += ["", errors]
    return "\n".join(parts) + "\n"
