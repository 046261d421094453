#!/usr/bin/env bash
# Rebuilds the vector sentiment model Heard ships (Sources/HeardEngine/Models/sentiment-vectors-transformer.tsv):
# a softmax regression over all-MiniLM-L6-v2 sentence vectors whose logits the shipped lexical model's
# log-probabilities are added to (--combine summed), with three class biases fitted on 5-fold out-of-fold
# predictions (--calibrate-folds 5), trained on the same licence-clean data as the lexical model (scripts/train-default-sentiment.sh):
# VADER's rated snippets (MIT), the UCI labelled sentences and BANKING77 (both CC BY 4.0). No airline,
# SemEval or telecom data: those stay unseen test sets.
#
#   bash scripts/train-default-vector-sentiment.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${1:-../shared/data}"
out=bench/out
mkdir -p "$out"

python3 scripts/make-sentiment-training-data.py --data-dir "$data_dir" --out "$out/sentiment-training.csv"
swift build -c release --product heard
.build/release/heard models fetch
.build/release/heard train sentiment --vectors transformer --calibrate-folds 5 \
  --data "$out/sentiment-training.csv" --text text --label label \
  --name default-vectors --version "$(date +%Y.%m.%d)" \
  --provenance "Trained by scripts/train-default-vector-sentiment.sh (heard train sentiment --vectors transformer --calibrate-folds 5)." \
  --provenance "Inputs: all-MiniLM-L6-v2 sentence vectors (Apache-2.0) of each text without its @handles and links, and the class scores of the shipped lexical model (sentiment-default.tsv)." \
  --provenance "Texts: VADER human-rated snippets (Hutto & Gilbert 2014, MIT); UCI Sentiment Labelled Sentences (Kotzias et al. 2015, CC BY 4.0); BANKING77 (Casanueva et al. 2020, CC BY 4.0), labelled by intent." \
  --out Sources/HeardEngine/Models/sentiment-vectors-transformer.tsv
