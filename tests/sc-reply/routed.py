"""Routed records as sc-route writes them (tests/sc-reply's input):

    python3 routed.py NETWORK N [DM_EVERY] > routed.jsonl
    python3 routed.py NETWORK N DM_EVERY resolve > resolve.jsonl

N inbound messages to the brand on NETWORK (x, mastodon, bluesky), one case
and one customer each; every DM_EVERY-th is routed to DM with a follow
first (0: none). With "resolve", the
{"type":"resolve"} records sc-route writes when those DM cases are resolved.
Ids, authors and parents match what the fake servers know (a message id
the fake never saw is fine on X and Mastodon; Bluesky's parents are the
fake's own notifications, added by the test with /_ctl/add)."""
import json
import sys

net, n = sys.argv[1], int(sys.argv[2])
dm_every = int(sys.argv[3]) if len(sys.argv) > 3 else 0
resolve = len(sys.argv) > 4 and sys.argv[4] == "resolve"
langs = ["en", "it", "es"]


def ids(k):
    if net == "x":
        return "x:%d" % (1700000000000000000 + k), "x:%d" % (4200 + k), "customer_%d" % k
    if net == "mastodon":
        return "mastodon:%d" % (117020577157693549 + k * 1000), "mastodon:%d" % (109100000000000000 + k), \
            "customer_%d@example.social" % k
    did = "did:plc:customer%d0000000000000000" % (k % 5)
    return "bluesky:at://%s/app.bsky.feed.post/3l%011dxx" % (did, k), \
        "bluesky:did:plc:author%016d" % k, "customer%d.bsky.social" % k


for k in range(1, n + 1):
    mid, uid, handle = ids(k)
    dm = dm_every and k % dm_every == 0
    if resolve:
        if dm:
            print(json.dumps({"type": "resolve", "conversation_id": mid,
                              "route": {"resolved": True, "case": k, "assignee": "sam", "handover": None}}))
        continue
    lang = langs[k % 3]
    rec = {"id": mid, "source": net, "channel": "public", "direction": "in",
           "created_at": "2026-11-24T%02d:%02d:%02dZ" % (9 + k // 3600 % 8, k // 60 % 60, k % 60),
           "author": {"id": uid, "handle": handle, "name": "Customer %d" % k, "followers": 100 + k,
                      "verified": False},
           "text": "@AcmeHelp order %d never arrived" % k, "lang": lang, "in_reply_to": None, "url": None,
           "account": "AcmeHelp" if net != "bluesky" else "acme.bsky.social", "conversation_id": mid,
           "class": {"lang": lang, "intent": "complaint", "complaint": True, "sentiment": -0.5,
                     "sentiment_label": "negative", "topic": "delivery", "priority": 2, "vip": False,
                     "wrong_account": False, "why": ["test"]},
           "route": {"queue": "support-en", "assignee": "sam", "mode": "dm" if dm else "public", "priority": 2,
                     "due": "2026-11-25T12:00:00Z", "rule": "test", "case": k}}
    if dm:
        rec["route"]["follow"] = True  # sc-route asks it on X; here on Mastodon too
    print(json.dumps(rec, ensure_ascii=False))
