"""Sentiment peer: VADER on the airline tweets (3 classes) and the UCI sentences (binary)."""
import csv
import glob
import os
import time

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import metrics

AIRLINE_LABELS = ["negative", "neutral", "positive"]


def three_way(compound):
    """VADER's standard thresholds: >= 0.05 positive, <= -0.05 negative, else neutral."""
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"


def score_all(analyzer, texts, runs=3):
    """Compound scores and the best wall time of `runs` passes (scoring only)."""
    best, scores = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        scores = [analyzer.polarity_scores(t)["compound"] for t in texts]
        best = min(best, time.perf_counter() - start)
    return scores, best


def airline(data_dir, analyzer):
    df = pd.read_csv(os.path.join(data_dir, "airline", "Tweets.csv"))
    texts, gold = df["text"].astype(str).tolist(), df["airline_sentiment"].tolist()
    scores, seconds = score_all(analyzer, texts)
    result = metrics.classification(gold, [three_way(c) for c in scores], AIRLINE_LABELS)
    result.update(seconds=seconds, texts_per_second=len(texts) / seconds, runs=3)
    return result


def read_uci(path):
    """sentence<TAB>0/1 per line, no header, no quoting."""
    texts, gold = [], []
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 2 and row[-1].strip() in ("0", "1"):
                texts.append("\t".join(row[:-1]).strip())
                gold.append("positive" if row[-1].strip() == "1" else "negative")
    return texts, gold


def uci(data_dir, analyzer):
    """Binary: compound >= 0 counts as positive."""
    out = {}
    for path in sorted(glob.glob(os.path.join(data_dir, "uci_sentences", "*_labelled.txt"))):
        texts, gold = read_uci(path)
        pred = ["positive" if analyzer.polarity_scores(t)["compound"] >= 0 else "negative" for t in texts]
        r = metrics.classification(gold, pred, ["negative", "positive"])
        out[os.path.basename(path).replace("_labelled.txt", "")] = {
            k: r[k] for k in ("n", "accuracy", "macro_f1")}
    return out


def run(data_dir):
    analyzer = SentimentIntensityAnalyzer()
    return {"airline": airline(data_dir, analyzer), "uci": uci(data_dir, analyzer)}
