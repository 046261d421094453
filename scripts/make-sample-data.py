#!/usr/bin/env python3
"""Builds the demo's bundled sample (Sources/HeardEngine/Sample/) from public data sets whose
licences allow redistribution. Run once by a maintainer with the source data next to the repo
(../shared/data); the output is committed, so neither users nor tests need the sources.

- reviews.tsv  <- UCI "Sentiment Labelled Sentences", amazon_cells_labelled.txt (CC BY 4.0)
- survey.tsv   <- VADER ground truth, amazonReviewSnippets_GroundTruth.txt (MIT)
- support.tsv  <- BANKING77 train.csv (CC BY 4.0)
"""
import csv
import random
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
out = Path(__file__).resolve().parent.parent / "Sources/HeardEngine/Sample"
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(20261123)


def clean(text):
    return " ".join(text.replace("\t", " ").split())


with open(out / "reviews.tsv", "w", encoding="utf-8") as f:
    f.write("text\tlabel\n")
    for line in open(root / "uci_sentences/amazon_cells_labelled.txt", encoding="utf-8"):
        text, label = line.rstrip("\n").rsplit("\t", 1)
        f.write(f"{clean(text)}\t{label.strip()}\n")

rows = []
for line in open(root / "vader_ground_truth/amazonReviewSnippets_GroundTruth.txt", encoding="utf-8"):
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) != 3:
        continue
    text = clean(parts[2])
    if 30 <= len(text) <= 220:
        rows.append((text, float(parts[1])))
rng.shuffle(rows)
with open(out / "survey.tsv", "w", encoding="utf-8") as f:
    f.write("text\tmean_rating\n")
    for text, score in rows[:2000]:
        f.write(f"{text}\t{score:.2f}\n")

rows = list(csv.reader(open(root / "banking77_train/train.csv", encoding="utf-8")))[1:]
rng.shuffle(rows)
with open(out / "support.tsv", "w", encoding="utf-8") as f:
    f.write("text\tintent\n")
    for text, intent in rows[:2600]:
        f.write(f"{clean(text)}\t{intent}\n")
print("wrote", *sorted(p.name for p in out.iterdir()))
