#!/usr/bin/env python3
"""An independent computation of sc-report's per-account figures, written
from the definitions in sc-report(1), in Python's standard library only:
requests, answered, response rate, and the median first response time.

Usage: report-check.py RECORDS.jsonl  -> one JSON object per account, sorted,
with the same key names as `sc-report --format json`.

Definitions: a request starts with a customer's message in a conversation
when that customer has no earlier unanswered message there; later messages
of the same customer join it. The first human brand reply after the start
that is addressed to the customer (replies to one of the customer's messages
in the conversation, or to nothing known; in a private conversation any brand
message answers every waiting customer) answers it. A reply stamped before
the message it replies to counts from that message's time.
"""
import json
import statistics
import sys
from collections import defaultdict
from datetime import datetime


def ts(s):
    return int(datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())


def main(path):
    convs = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            r["_t"] = ts(r["created_at"])
            r["_auto"] = r.get("auto") is True or (r.get("reply") or {}).get("kind") == "ack"
            convs[r.get("conversation_id") or r["id"]].append(r)

    groups = defaultdict(lambda: {"requests": 0, "answered": 0, "frt": []})
    for msgs in convs.values():
        byid = {m["id"]: m for m in msgs}
        for m in msgs:  # clock skew: a reply counts from the message it answers
            tgt = byid.get(m.get("in_reply_to"))
            if m["direction"] == "out" and tgt is not None and tgt["_t"] > m["_t"]:
                m["_t"] = tgt["_t"]
        msgs.sort(key=lambda m: (m["_t"], m["direction"] == "out", m["id"]))
        open_req = {}  # author -> first message
        for m in msgs:
            author = m["author"].get("id") or m["author"].get("handle")
            if m["direction"] == "in":
                open_req.setdefault(author, m)
                continue
            if m["_auto"]:
                continue
            tgt = byid.get(m.get("in_reply_to"))
            to = None  # in a private conversation a brand message answers all
            if tgt is not None and tgt["direction"] == "in" and m.get("channel") != "private":
                to = tgt["author"].get("id") or tgt["author"].get("handle")
            for a in list(open_req):
                if to is not None and a != to:
                    continue
                first = open_req.pop(a)
                g = groups[first.get("account") or ""]
                g["requests"] += 1
                g["answered"] += 1
                g["frt"].append(max(0, m["_t"] - first["_t"]))
        for first in open_req.values():
            groups[first.get("account") or ""]["requests"] += 1

    for acct in sorted(groups):
        g = groups[acct]
        rate = g["answered"] / g["requests"] if g["requests"] else None
        med = statistics.median(g["frt"]) if g["frt"] else None
        print(json.dumps({"account": acct, "requests": g["requests"], "answered": g["answered"],
                          "response_rate": None if rate is None else round(rate, 4),
                          "first_response_median_s": med}, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1])
