#!/usr/bin/env python3
"""Builds the training file for Heard's default sentiment model from data whose licence lets
Heard ship a model trained on it:

  * VADER human-rated snippets (Hutto & Gilbert 2014, MIT): tweets, Amazon and movie reviews, NYT
    editorials. Each snippet's mean rating is in [-4, 4]; below -0.5 is negative, above 0.5
    positive, neutral between.
  * UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015, CC BY 4.0): Amazon, Yelp, IMDb
    sentences labelled 0/1.
  * BANKING77 (Casanueva et al. 2020, CC BY 4.0): customer-service queries. The label comes from
    the intent: intents that report a problem (a declined payment, a lost card, a charge nobody
    recognises, money that has not arrived) are complaints and so negative; intents that ask how
    something works are neutral. This is what teaches the model that "still waiting for my card"
    is negative and "how do I top up" is neutral.

No airline data is used, so evaluating on the airline tweets measures transfer to unseen text.

Usage: python3 scripts/make-sentiment-training-data.py [--data-dir ../shared/data] [--out FILE]
"""
import argparse
import csv
import os
import sys

PROBLEM_INTENTS = {
    "card_arrival", "card_payment_wrong_exchange_rate", "extra_charge_on_statement",
    "pending_cash_withdrawal", "card_not_working", "lost_or_stolen_card", "pin_blocked",
    "contactless_not_working", "pending_top_up", "wrong_amount_of_cash_received",
    "transfer_not_received_by_recipient", "top_up_reverted",
    "balance_not_updated_after_cheque_or_cash_deposit", "card_payment_not_recognised",
    "unable_to_verify_identity", "compromised_card", "direct_debit_payment_not_recognised",
    "declined_cash_withdrawal", "pending_card_payment", "lost_or_stolen_phone", "declined_transfer",
    "Refund_not_showing_up", "declined_card_payment", "pending_transfer", "card_swallowed",
    "transaction_charged_twice", "reverted_card_payment?", "failed_transfer",
    "virtual_card_not_working", "wrong_exchange_rate_for_cash_withdrawal", "top_up_failed",
    "balance_not_updated_after_bank_transfer", "cash_withdrawal_not_recognised",
    "beneficiary_not_allowed", "card_payment_fee_charged", "transfer_fee_charged",
}


def vader_label(score):
    if score < -0.5:
        return "negative"
    if score > 0.5:
        return "positive"
    return "neutral"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    parser.add_argument("--out", default="bench/out/sentiment-training.csv")
    args = parser.parse_args()
    rows = []

    vader = os.path.join(args.data_dir, "vader_ground_truth")
    for name in ["tweets", "amazonReviewSnippets", "movieReviewSnippets", "nytEditorialSnippets"]:
        with open(os.path.join(vader, f"{name}_GroundTruth.txt"), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.rstrip("\r\n").split("\t", 2)
                if len(parts) == 3 and parts[2].strip():
                    rows.append((parts[2], vader_label(float(parts[1])), f"vader/{name}"))

    uci = os.path.join(args.data_dir, "uci_sentences")
    for name in ["amazon_cells", "yelp", "imdb"]:
        with open(os.path.join(uci, f"{name}_labelled.txt"), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                text, _, label = line.rstrip("\r\n").rpartition("\t")
                if text.strip() and label.strip() in ("0", "1"):
                    rows.append((text.strip(), "positive" if label.strip() == "1" else "negative", f"uci/{name}"))

    with open(os.path.join(args.data_dir, "banking77_train", "train.csv"), encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            label = "negative" if record["category"] in PROBLEM_INTENTS else "neutral"
            rows.append((record["text"], label, "banking77"))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "source"])
        writer.writerows(rows)
    counts = {}
    for _, label, _ in rows:
        counts[label] = counts.get(label, 0) + 1
    print(f"wrote {len(rows)} rows to {args.out}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
