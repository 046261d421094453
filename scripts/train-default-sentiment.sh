#!/usr/bin/env bash
# Rebuilds the sentiment model Heard ships (Sources/HeardEngine/Models/sentiment-default.tsv)
# from data whose licences allow shipping a model trained on it: VADER's rated snippets and
# lexicon (MIT), the UCI labelled sentences (CC BY 4.0) and BANKING77 (CC BY 4.0). No airline
# data: the airline tweets stay an unseen test set.
#
#   bash scripts/train-default-sentiment.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${1:-../shared/data}"
out=bench/out
mkdir -p "$out"

if [ ! -f "$out/vader/vaderSentiment/vader_lexicon.txt" ]; then
  python3 -m pip download vaderSentiment==3.3.2 --no-deps --no-binary :all: -d "$out/vader-dist" -q
  mkdir -p "$out/vader"
  tar -xzf "$out"/vader-dist/vaderSentiment-3.3.2.tar.gz -C "$out/vader" --strip-components=1
fi
python3 scripts/make-sentiment-training-data.py --data-dir "$data_dir" --out "$out/sentiment-training.csv"

swift build -c release --product heard
.build/release/heard train sentiment --data "$out/sentiment-training.csv" --text text --label label \
  --lexicon "$out/vader/vaderSentiment/vader_lexicon.txt" \
  --name default --version "$(date +%Y.%m.%d)" \
  --provenance "Trained by scripts/train-default-sentiment.sh (heard train sentiment)." \
  --provenance "Texts: VADER human-rated snippets (Hutto & Gilbert 2014, MIT); UCI Sentiment Labelled Sentences (Kotzias et al. 2015, CC BY 4.0); BANKING77 (Casanueva et al. 2020, CC BY 4.0), labelled by intent." \
  --provenance "Lexicon: VADER lexicon 3.3.2 (MIT, (c) 2016 C.J. Hutto)." \
  --out Sources/HeardEngine/Models/sentiment-default.tsv
