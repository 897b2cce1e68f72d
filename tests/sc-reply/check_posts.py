"""Checks a fake server's post log against the routed messages sent:

    python3 check_posts.py NETWORK ROUTED.jsonl POSTS.jsonl [RESOLVE.jsonl]

Exactly one reply per public message and, per DM message, one invitation,
one DM and a follow of that customer before the DM; one unfollow per
resolved case, after its DM; no post twice; nothing else. On X a follow or
unfollow may be sent again (X has no cheap look-up for them, and both are
idempotent there): repeats are counted, not refused. Prints what is wrong
and exits 1, else prints the counts."""
import collections
import json
import sys

net, routed, posts = sys.argv[1], sys.argv[2], sys.argv[3]
resolved = set()
if len(sys.argv) > 4:
    resolved = {json.loads(l)["conversation_id"] for l in open(sys.argv[4]) if l.strip()}
bare = lambda s: s.split(":", 1)[1]
log = [json.loads(l) for l in open(posts) if l.strip()]
bad = []

idempotent = {"follow", "unfollow"} if net == "x" else set()
seen = collections.Counter(json.dumps({k: v for k, v in p.items() if k not in ("time", "id")}, sort_keys=True)
                           for p in log)
bad += ["posted %d times: %s" % (n, p) for p, n in seen.items()
        if n > 1 and json.loads(p)["endpoint"] not in idempotent]
repeats = sum(n - 1 for p, n in seen.items() if n > 1 and json.loads(p)["endpoint"] in idempotent)

pos = collections.defaultdict(list)  # (kind, target) -> positions in the log
for i, p in enumerate(log):
    e = p["endpoint"]
    if e in ("tweets", "statuses", "post"):
        kind = "direct" if p.get("visibility") == "direct" else "public"
        pos[(kind, p.get("in_reply_to"))].append(i)
    elif e == "dm":
        pos[("direct", p["user"])].append(i)
    elif not (e in idempotent and pos[(e, p.get("user"))]):
        pos[(e, p.get("user"))].append(i)

want = collections.Counter()
for line in open(routed):
    r = json.loads(line)
    mid, uid, dm = bare(r["id"]), bare(r["author"]["id"]), r["route"]["mode"] == "dm"
    pub = pos[("public", mid)]  # the reply, or the invitation to DM
    want["public"] += 1
    if len(pub) != 1:
        bad.append("%s: %d public posts, want 1" % (r["id"], len(pub)))
    if not dm:
        continue
    direct = pos[("direct", mid if net == "mastodon" else uid)]
    fol = pos[("follow", uid)]
    want["direct"] += 1
    want["follow"] += 1
    if len(direct) != 1 or len(fol) != 1:
        bad.append("%s: %d DMs and %d follows, want 1 and 1" % (r["id"], len(direct), len(fol)))
    elif fol[0] > direct[0]:
        bad.append("%s: the follow came after the DM" % r["id"])
    if r["id"] in resolved:
        unf = pos[("unfollow", uid)]
        want["unfollow"] += 1
        if len(unf) != 1:
            bad.append("%s: %d unfollows, want 1" % (r["id"], len(unf)))
        elif direct and unf[0] < direct[0]:
            bad.append("%s: the unfollow came before the DM" % r["id"])
got = collections.Counter(k[0] for k, v in pos.items() for _ in v)
if got != want:
    bad.append("posts by kind %s, want %s" % (dict(got), dict(want)))
for b in bad[:20]:
    print(b)
print("%d posts: %s%s" % (len(log), ", ".join("%s %d" % kv for kv in sorted(got.items())),
                         ", %d follows or unfollows sent again" % repeats if repeats else ""))
sys.exit(1 if bad else 0)
