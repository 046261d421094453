"""Classification and clustering scores shared by the peers (scikit-learn)."""
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.metrics import (accuracy_score, adjusted_rand_score, confusion_matrix,
                             f1_score, normalized_mutual_info_score, precision_recall_fscore_support)


def classification(gold, pred, labels):
    """Accuracy, macro-F1 over `labels`, per-class scores and the confusion matrix (rows = gold)."""
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "classes": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                          "support": int(s[i])}
                    for i, lab in enumerate(labels)},
        "confusion": {"labels": list(labels),
                      "rows": confusion_matrix(gold, pred, labels=labels).tolist()},
    }


def clustering(gold, clusters):
    """NMI (arithmetic mean, sklearn default) and ARI; every cluster id counts, -1 included."""
    return {"nmi": float(normalized_mutual_info_score(gold, clusters)),
            "ari": float(adjusted_rand_score(gold, clusters))}


def stop_words_in(words):
    """How many of `words` are English stop words (sklearn's list), case-insensitive."""
    return sum(1 for w in words if w.lower() in ENGLISH_STOP_WORDS)
