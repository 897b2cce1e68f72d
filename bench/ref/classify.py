#!/usr/bin/env python3
"""bench/ref/classify.py - the keyword classifier of classify.jq in Python's
standard library, for the benchmark: reads sc records (JSON lines) on stdin
or from FILE, adds a "class" object, writes JSON lines."""
import json
import re
import sys

NEG = {"not", "never", "still", "again", "worst", "broken", "refund", "waiting", "angry",
       "terrible", "disappointed", "ancora", "mai", "rimborso", "vergogna", "todavía",
       "nunca", "reembolso", "pésimo"}
POS = {"thanks", "thank", "great", "love", "perfect", "awesome", "grazie", "ottimo",
       "gracias", "genial", "obrigado"}
TOPICS = [("billing", {"bill", "invoice", "charged", "refund", "payment", "fattura", "factura"}),
          ("shipping", {"delivery", "order", "parcel", "package", "ordine", "pedido", "spedizione"}),
          ("technical", {"router", "wifi", "app", "login", "password", "error", "internet"})]
WORD = re.compile(r"[a-zàèéìòù]+")


def classify(rec):
    text = rec.get("text") or ""
    words = WORD.findall(text.lower())
    neg = sum(w in NEG for w in words)
    pos = sum(w in POS for w in words)
    if neg:
        intent = "complaint"
    elif pos:
        intent = "praise"
    elif "?" in text:
        intent = "question"
    else:
        intent = "support"
    topic = next((t for t, ws in TOPICS if any(w in ws for w in words)), "other")
    rec["class"] = {"lang": rec.get("lang"), "intent": intent, "complaint": neg > 0,
                    "sentiment": (pos - neg) / (len(words) + 1), "topic": topic,
                    "vip": ((rec.get("author") or {}).get("followers") or 0) >= 10000}
    return rec


def main():
    src = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    out = sys.stdout
    for line in src:
        out.write(json.dumps(classify(json.loads(line)), ensure_ascii=False,
                             separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
