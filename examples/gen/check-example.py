#!/usr/bin/env python3
"""check-example.py: verifies examples/inbox.csv and inbox.jsonl and prints their counts.

    python3 examples/gen/check-example.py [DIR]     # DIR defaults to examples/

It reads the files back as a user would (csv module, json module) and fails
with a message on the first broken promise: 13 fields a row, unique ids,
every in_response_to id present and older than its reply, every listed
response pointing back, times inside the four weeks, JSONL the same messages
in the same order.  Then it prints the figures examples/README.md quotes.
make-example.py runs it after writing.  Standard library only.
"""
import csv
import importlib.util
import json
import os
import re
import sys
from datetime import datetime

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("make_example", os.path.join(HERE, "make-example.py"))
gen = sys.modules["make_example"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)      # for the columns and the dates
import textgen  # noqa: E402       # for the phrase pools and the customers


def fail(msg):
    sys.exit("check-example: " + msg)


def parse_time(s):
    return datetime.strptime(s, "%a %b %d %H:%M:%S %z %Y")


def read(d):
    with open(os.path.join(d, "inbox.csv"), encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    with open(os.path.join(d, "inbox.jsonl"), encoding="utf-8") as f:
        recs = [json.loads(line) for line in f]
    if table[0] != gen.COLUMNS:
        fail("inbox.csv: unexpected header")
    for n, r in enumerate(table, 1):
        if len(r) != 13:
            fail(f"inbox.csv: record {n} has {len(r)} fields")
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    if len(recs) != len(rows):
        fail(f"{len(rows)} CSV rows but {len(recs)} JSON lines")
    return rows, recs


def check_pair(r, j):
    """One message, as a CSV row and as a JSON line."""
    want = {k: r[k] for k in gen.COLUMNS if k not in ("response_tweet_id", "account")}
    want.update(inbound=r["inbound"] == "True", followers=int(r["followers"]), verified=r["verified"] == "true",
                in_response_to_tweet_id=r["in_response_to_tweet_id"][:-2] or None)
    got = {k: v for k, v in j.items() if k != "account"}
    got["created_at"] = want["created_at"]
    if got != want or j.get("account") != (r["account"] or None) or "response_tweet_id" in j:
        fail(f"tweet {r['tweet_id']}: the JSON line differs from the CSV row")
    if datetime.fromisoformat(j["created_at"]) != parse_time(r["created_at"]):
        fail(f"tweet {r['tweet_id']}: created_at differs between CSV and JSONL")


def check(d):
    rows, recs = read(d)
    byid = {r["tweet_id"]: r for r in rows}
    if len(byid) != len(rows):
        fail("duplicate tweet_id")
    acks = {textgen.html(a) for L in textgen.PH.values() for a in L.get("b_ack", [])}
    for r, j in zip(rows, recs):
        check_pair(r, j)
        t, p = parse_time(r["created_at"]), r["in_response_to_tweet_id"]
        if not gen.START <= t < gen.END:
            fail(f"tweet {r['tweet_id']}: {r['created_at']} outside the four weeks")
        if p and not (p.endswith(".0") and p[:-2] in byid and parse_time(byid[p[:-2]]["created_at"]) < t):
            fail(f"tweet {r['tweet_id']}: parent {p} missing or not older")
        if any(byid[k]["in_response_to_tweet_id"] != r["tweet_id"] + ".0"
               for k in r["response_tweet_id"].split(",") if k):
            fail(f"tweet {r['tweet_id']}: response_tweet_id does not point back")
        if (r["channel"] == "private") != (r["account"] == "AcmeHelp"):
            fail(f"tweet {r['tweet_id']}: account must be filled exactly for DMs")
        r["ack"] = r["inbound"] == "False" and r["text"].split(" ", 1)[-1] in acks or r["text"] in acks
    count = {}

    def bump(what, key):
        count.setdefault(what, {}).setdefault(key, 0)
        count[what][key] += 1

    def up(r):
        p = r["in_response_to_tweet_id"]
        return byid[p[:-2]] if p else None

    threads = {}
    for r in rows:
        x = r
        while up(x):
            x = up(x)
        threads.setdefault(x["tweet_id"], []).append(r)
        bump("language", r["lang"])
        bump("direction", "inbound" if r["inbound"] == "True" else "outbound")
        bump("channel", r["channel"])
        acct, x = r["account"] or (r["author_id"] if r["inbound"] == "False" else None), r
        while not acct and up(x):               # the nearest brand up the chain...
            x = up(x)
            acct = x["author_id"] if x["inbound"] == "False" else None
        acct = acct or re.search(r"@(AcmeHelp|Acme)\b", r["text"]).group(1)   # ...else the first @brand
        bump("account", acct)
        if r["ack"]:
            bump("outbound", "automatic acknowledgements")
    spam = [h for h, c in textgen.CUST.items() if c.role == "spam"]
    for root, msgs in threads.items():
        first = byid[root]
        if first["inbound"] != "True":
            continue
        human = any(m["inbound"] == "False" and not m["ack"] for m in msgs)
        state = "answered" if human else "auto-ack only" if any(m["ack"] for m in msgs) else "unanswered"
        bump("threads started by a customer", state)
        if not human:
            why = "spam" if first["author_id"] in spam else \
                "to @Acme" if re.match(r"@Acme\b", first["text"]) else \
                "DM" if first["channel"] == "private" else "to @AcmeHelp"
            bump("not answered by a person", why)
            if int(first["followers"]) >= 15000:
                bump("not answered by a person", "VIP " + first["author_id"])
    authors = {r["author_id"] for r in rows if r["inbound"] == "True"}
    print(f"messages: {len(rows)}; customer authors: {len(authors)}")
    for what, keys in count.items():
        print(f"{what}: " + ", ".join(f"{k} {n}" for k, n in sorted(keys.items(), key=lambda kv: -kv[1])))
    print("checks passed: 13 fields a row, unique ids, parents present and older, JSONL = CSV")


if __name__ == "__main__":
    check(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(HERE))
