#!/usr/bin/env python3
"""make-example.py: writes sc's bundled example inbox, inbox.csv and inbox.jsonl.

The data is fictional and written for the project: a brand "Acme" with a
support handle (@AcmeHelp) and a marketing handle (@Acme), about 65 invented
customers (not real people), four weeks of public mentions, direct messages
and brand replies (2026-10-26 to 2026-11-22 UTC) in Italian, English, Spanish
and a little French and German.  The customers and the sentence pieces live in
phrases.txt, the wording rules in textgen.py; this file plays the story: who
writes when, who answers how fast (office hours), threads, moves to DMs,
repeated complaints, an outage on Thursday 12 November, a journalist nobody
answered, spam.

Run it from the repository root:

    python3 examples/gen/make-example.py          # writes examples/inbox.*
    python3 examples/gen/make-example.py OUTDIR   # writes OUTDIR/inbox.*

It needs only the Python 3 standard library and is deterministic (fixed seed;
no clock, locale or hash-order dependence): two runs give byte-identical
files.  It then runs check-example.py on what it wrote, which verifies the
files and prints the counts that examples/README.md quotes.
"""
import csv
import importlib.util
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

sys.dont_write_bytecode = True     # leave no __pycache__ in the source tree
from textgen import (BRAND, CUST, HERE, Author, brand_text, cust_text, fill, has,  # noqa: E402
                     html, mention, new_ctx, pick, rng, topics)

UTC = timezone.utc
START = datetime(2026, 10, 26, tzinfo=UTC)           # a Monday
END = datetime(2026, 11, 23, tzinfo=UTC)             # exclusive: four weeks
OUTAGE = datetime(2026, 11, 12, 7, 35, tzinfo=UTC)   # fibre, app and site down
FIXED = datetime(2026, 11, 12, 11, 40, tzinfo=UTC)   # "restored at 12:40" (Rome)
N_CONV = 145                                         # ordinary conversations
N_OUTAGE, N_SPAM = 40, 22

LANG_W = {"it": 0.42, "en": 0.32, "es": 0.195, "fr": 0.035, "de": 0.03}
AGENTS = {"it": ["^AM", "^LR", "-Giulia", "^FC", "-Marco"], "en": ["^SK", "-Emma", "^AM"],
          "es": ["-Andrés", "^MG", "-Sergio"], "fr": ["-Claire"], "de": ["-Katrin"]}
# When customers write, by UTC hour: real nights, morning and evening peaks.
HOUR_W = [1.2, .7, .4, .3, .3, .6, 1.5, 3, 4.5, 5, 5, 4.5,
          4, 4, 4, 4, 4.2, 4.8, 5, 5, 4.5, 3.5, 2.5, 1.8]
# The VIP stories: (handle, intent, topic, account written to, reply speed, when).
SCRIPTED = [("techwithgabe", "complaint", "product", "AcmeHelp", "fast", (11, 3, 16, 21)),
            ("dj_marcello", "praise", None, "Acme", "fast", (11, 6, 20, 29)),
            ("lauraviajera", "complaint", "delivery", "AcmeHelp", "normal", (11, 16, 9, 47)),
            ("hannah_writes", "complaint", "billing", "AcmeHelp", "slow", (11, 19, 11, 5))]


@dataclass(eq=False)
class Msg:
    author: Author
    t: datetime
    text: str
    parent: "Msg" = None
    private: bool = False
    lang: str = "it"
    id: int = 0


@dataclass(eq=False)
class Conv:
    cust: Author
    intent: str                 # support complaint presale praise chatter outage spam
    topic: str
    target: str                 # the account written to: AcmeHelp or Acme
    private: bool
    start: datetime
    answer: bool = True
    speed: str = "normal"
    ctx: dict = None            # order number, product, amounts... kept across messages
    repeat: int = 0             # how many times this complaint was written before
    msgs: list = field(default_factory=list)
    agent: str = ""
    helped: bool = False        # a human brand reply has been written
    asked_dm: bool = False
    happy: bool = False         # the customer's last word was a thank-you


# --- time --------------------------------------------------------------------

def on_duty(t):
    """The care team works Mon-Fri 08-20 UTC (09-21 in Rome) and Saturday 08-13."""
    wd, h = t.weekday(), t.hour
    return (wd < 5 and 8 <= h < 20) or (wd == 5 and 8 <= h < 13)


def mins(lo, hi):
    return timedelta(seconds=int(rng.uniform(lo, hi) * 60))


SPEED = {"fast": (1, 15), "normal": (15, 120), "slow": (120, 420), "late": (300, 1800)}


def reply_time(t, speed):
    r = t + mins(*SPEED[speed])
    while not on_duty(r):                       # the night's backlog, next morning
        r = r.replace(minute=0, second=0) + timedelta(hours=1)
        if on_duty(r):
            r += mins(3, 40 if speed == "fast" else 150)
    return r


def cust_delay(t):
    x = rng.random()
    r = t + (mins(1, 20) if x < .5 else mins(20, 180) if x < .8 else mins(180, 1200))
    if r.hour < 6 and rng.random() < .6:         # most people sleep on it
        r = r.replace(hour=6) + mins(0, 180)
    return r


def sample_start():
    day = rng.choices(range(28), [0.7 if d % 7 >= 5 else 1 for d in range(28)])[0]
    hour = rng.choices(range(24), HOUR_W)[0]
    return START + timedelta(days=day, hours=hour, seconds=rng.randint(0, 3599))


def archive_time(t):
    day, mon = "Mon Tue Wed Thu Fri Sat Sun".split()[t.weekday()], \
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[t.month - 1]
    return f"{day} {mon} {t.day:02d} {t:%H:%M:%S} +0000 {t.year}"


def rome_time(t):
    """RFC 3339 in Europe/Rome: +02:00 from the last Sunday of March to the last of October."""
    def last_sunday(month):
        d = datetime(t.year, month, 31, 1, tzinfo=UTC)
        return d - timedelta(days=(d.weekday() + 1) % 7)
    off = 2 if last_sunday(3) <= t < last_sunday(10) else 1
    return f"{t + timedelta(hours=off):%Y-%m-%dT%H:%M:%S}+0{off}:00"


# --- messages ----------------------------------------------------------------

def add(c, author, t, text, parent):
    m = Msg(author, t, html(text), parent, c.private, c.cust.lang)
    c.msgs.append(m)
    return m


def customer_msg(c, kind, t, parent):
    for _ in range(10):
        pre, body = mention(c, kind, parent), cust_text(c, kind, t)
        if not pre and not c.private and kind == "first":
            body += " @" + c.target
        if len(pre + body) <= 280:
            break
    return add(c, c.cust, t, pre + body, parent)


def brand_msg(c, stage, author, t, parent):
    if stage != "ack" and c.helped and t.date() != c.msgs[-1].t.date() and rng.random() < .5:
        c.agent = rng.choice(AGENTS[c.cust.lang])            # another day, another shift
    for _ in range(10):
        text = brand_text(c, stage, author, t, parent)
        if len(text) <= 280:
            break
    c.helped = c.helped or stage != "ack"
    return add(c, author, t, text, parent)


# --- conversations -----------------------------------------------------------

def first_stage(c):
    if c.intent == "outage":
        return "outage_fixed" if c.msgs[-1].t > FIXED else "outage"
    if c.intent in ("presale", "praise", "chatter"):
        return c.intent
    if c.topic in ("store", "pickup") and c.intent == "support":
        return "info"                           # opening hours need no DM
    if c.ctx.get("via_dm"):
        return rng.choice(["info", "update", "dmask"])
    if c.private:
        return rng.choice(["dmask", "info"])
    return rng.choices(["ask", "info", "details"], [3, 5, 2])[0]


NEXT_KIND = {   # brand stage -> what the customer writes next (weights; None: nothing)
    "ask": {"dm": 3.5, "angry": 1.5, None: 5}, "details": {"info": 8, None: 2},
    "dmask": {"info": 8, None: 2}, "info": {"thanks": 3.5, "still": 3, "angry": 1.5, None: 2},
    "update": {"thanks": 5.5, "still": 2.5, None: 2}, "presale": {"thanks": 3, None: 7},
    "outage": {"still": 4, "thanks": 1, None: 5}, "outage_fixed": {"thanks": 4, None: 6}}


def next_stage(c, kind):
    if kind == "thanks":
        return "welcome" if rng.random() < .5 else None
    if kind == "angry" and not c.private and not c.asked_dm:
        return "ask"
    if c.intent == "outage":
        return "outage"
    return "update" if kind != "info" or rng.random() < .7 else "info"


def run(c, queue):
    """Play one conversation: the customer's first message(s), then replies and follow-ups."""
    c.ctx = c.ctx or new_ctx(c.cust)
    c.agent = rng.choice(AGENTS[c.cust.lang])
    t, last = c.start, None
    n_first = 1 + (c.intent in ("support", "complaint")) * ((rng.random() < .22) + (rng.random() < .08))
    for i in range(n_first):                     # "hello??" before anyone answers
        if t < END:
            alone = i and not c.private and c.cust.role != "vip" and rng.random() < .1
            last = customer_msg(c, "first" if i == 0 else "nudge", t, None if alone else last)
            t = cust_delay(t + mins(10, 400))
    if not c.answer:
        return spawn_repeat(c, queue)
    author = BRAND["Acme" if c.intent in ("praise", "chatter") and c.target == "Acme" else "AcmeHelp"]
    stage, acked = first_stage(c), False
    for _ in range(4):
        if not acked and c.target == "AcmeHelp" and not on_duty(last.t) and \
                rng.random() < (.6 if c.private else .12) and last.t + timedelta(minutes=2) < END:
            brand_msg(c, "ack", author, last.t + mins(.3, 1.5), last)
            acked = True
        rt = reply_time(last.t, c.speed)
        if rt >= END:
            return
        if stage == "outage" and rt > FIXED:
            stage = "outage_fixed"
        b = brand_msg(c, stage, author, rt, last)
        c.asked_dm = c.asked_dm or stage == "ask"
        nxt = NEXT_KIND.get(stage, {None: 1})
        kind = rng.choices(list(nxt), list(nxt.values()))[0]
        ct = b.t + mins(3, 90) if c.intent == "outage" else cust_delay(b.t)
        if kind is None or ct >= END:
            break
        last = customer_msg(c, kind, ct, b)
        c.happy = kind == "thanks"
        if kind == "dm":                         # the case moves to direct messages
            queue.append(Conv(c.cust, c.intent, c.topic, "AcmeHelp", True, ct + mins(1, 20),
                              c.cust.role == "vip" or rng.random() < .95, c.speed, dict(c.ctx, via_dm=True)))
            return
        stage = next_stage(c, kind)
        if stage is None or rng.random() < .12:  # the brand drops the ball
            break
    if c.intent == "outage" and c.msgs[-1].t < FIXED and rng.random() < .4:
        brand_msg(c, "outage_fixed", author, FIXED + mins(5, 90), c.msgs[0])
    spawn_repeat(c, queue)


def spawn_repeat(c, queue):
    """Unanswered or unhappy complainers write again, hours or a day later."""
    if c.intent != "complaint" or c.private or c.repeat >= 2 or c.cust.role == "vip" \
            or c.msgs[-1].author.role == "brand" or c.happy:
        return
    if rng.random() < (.75 if c.cust.role == "angry" else .3):
        again = Conv(c.cust, c.intent, c.topic, rng.choice(["AcmeHelp", "AcmeHelp", "Acme"]), False,
                     c.msgs[-1].t + mins(300, 1800), rng.random() < .7,
                     rng.choice(["normal", "slow"]), c.ctx, c.repeat + 1)
        if again.start < END:
            queue.append(again)


def plan():
    convs = [Conv(CUST[h], i, tp, to, False, datetime(2026, *when, rng.randint(0, 59), tzinfo=UTC), True, sp)
             for h, i, tp, to, sp, when in SCRIPTED]
    people = [p for p in CUST.values() if p.role in ("", "angry")]
    for _ in range(N_CONV):
        lang = rng.choices(list(LANG_W), list(LANG_W.values()))[0]
        pool = [p for p in people if p.lang == lang]
        cust = rng.choices(pool, [p.weight for p in pool])[0]
        intent = rng.choices(["support", "complaint", "presale", "praise", "chatter"],
                             [38, 26 + 20 * (cust.role == "angry"), 12, 9, 7])[0]
        tops = topics(lang, intent)
        if not tops and not has(lang, intent):  # no chatter in French or German
            intent, tops = "support", topics(lang, "support")
        topic = rng.choice(tops) if tops else None
        target = "Acme" if rng.random() < {"praise": .7, "chatter": .9, "presale": .5}.get(intent, .15) \
            else "AcmeHelp"
        dm = {"support": .24, "complaint": .15, "presale": .05}.get(intent, 0)
        private = target == "AcmeHelp" and rng.random() < dm
        if private:
            p = .92
        elif target == "Acme":                   # the wrong account: late or never
            p = {"praise": .7, "chatter": .45}.get(intent, .65)
        else:
            p = {"praise": .6}.get(intent, .94)
        speed = "late" if target == "Acme" and intent not in ("praise", "chatter") else \
            rng.choices(["fast", "normal", "slow"], [35, 40, 25])[0]
        convs.append(Conv(cust, intent, topic, target, private, sample_start(), rng.random() < p, speed))
    for i in range(N_OUTAGE):                    # Thursday 12 November, from 08:35 in Rome
        lang = rng.choices(["it", "en", "es"], [62, 22, 16])[0]
        cust = CUST["chiara_valli"] if i == 0 else rng.choice([p for p in people if p.lang == lang])
        start = OUTAGE + (mins(120, 140) if i == 0 else timedelta(minutes=rng.triangular(0, 250, 40)))
        convs.append(Conv(cust, "outage", "tech", rng.choice(["AcmeHelp"] * 3 + ["Acme"]), False, start,
                          i > 0 and rng.random() < .7))
    return convs


def same_here(convs):
    """Other customers answer an outage tweet: '@them @AcmeHelp same here'."""
    for c in rng.sample([c for c in convs if c.intent == "outage"], 8):
        root = c.msgs[0]
        who = rng.choice([p for p in CUST.values() if p.lang == root.lang and not p.role and p != c.cust])
        t = root.t + mins(2, 40)
        text = f"@{root.author.handle} @AcmeHelp " + fill(pick(root.lang, "outage_same"), c, t)
        c.msgs.append(Msg(who, t, html(text), root, False, root.lang))


def spam(convs):
    bots = [p for p in CUST.values() if p.role == "spam"]
    replies = [m for c in convs for m in c.msgs if m.author.role == "brand" and not m.private]
    out = []
    for _ in range(N_SPAM):
        bot = rng.choice(bots)
        c = Conv(bot, "spam", None, "Acme", False, START + mins(0, 28 * 24 * 60), False)
        c.ctx = new_ctx(bot)
        if rng.random() < .35:                   # reply-spam under a brand reply
            under = rng.choice(replies)
            t = under.t + mins(1, 120)
            owner = next(o for o in convs if under in o.msgs)
            text = f"@{under.author.handle} @{under.parent.author.handle} " + fill(pick(bot.lang, "spam"), c, t)
            if t < END:
                owner.msgs.append(Msg(bot, t, html(text), under, False, bot.lang))
            continue
        pre = rng.choice(["@Acme ", "@AcmeHelp ", "@Acme @AcmeHelp ", f"@Acme @{c.ctx['user']} "])
        text = pre + fill(pick(bot.lang, "spam"), c, c.start)
        c.msgs.append(Msg(bot, c.start, html(text), None, False, bot.lang))
        out.append(c)
    return out


def build():
    queue, done = plan(), []
    while queue:
        c = queue.pop(0)
        run(c, queue)
        if c.msgs:
            done.append(c)
    same_here(done)
    return done + spam(done)


# --- output ------------------------------------------------------------------

def archive_order(c):
    """Newest brand reply first, then what came after it, then back in time (as in TWCS)."""
    msgs = sorted(c.msgs, key=lambda m: m.t)
    brand = [m for m in msgs if m.author.role == "brand"]
    i = msgs.index(brand[-1] if brand else msgs[-1])
    return [msgs[i]] + msgs[i + 1:] + msgs[:i][::-1]


COLUMNS = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
           "in_response_to_tweet_id", "channel", "account", "author_name", "followers", "verified", "lang"]


def write(convs, outdir):
    rows, next_id = [], 1000000 + rng.randint(1, 99)
    for c in sorted(convs, key=lambda c: c.msgs[0].t + mins(0, 36 * 60)):   # by start, roughly
        for m in archive_order(c):
            m.id = next_id
            next_id += 1 + (rng.random() < .15) * rng.randint(1, 3)
            rows.append(m)
        next_id += rng.randint(0, 4)
    kids = {}
    for m in sorted(rows, key=lambda m: m.t):
        if m.parent:
            kids.setdefault(m.parent.id, []).append(str(m.id))
    with open(os.path.join(outdir, "inbox.csv"), "w", encoding="utf-8", newline="") as fc, \
            open(os.path.join(outdir, "inbox.jsonl"), "w", encoding="utf-8", newline="") as fj:
        w = csv.writer(fc, lineterminator="\n")
        w.writerow(COLUMNS)
        for m in rows:
            a, inbound, chan = m.author, m.author.role != "brand", "private" if m.private else "public"
            w.writerow([m.id, a.handle, inbound, archive_time(m.t), m.text, ",".join(kids.get(m.id, [])),
                        f"{m.parent.id}.0" if m.parent else "", chan, "AcmeHelp" if m.private else "",
                        a.name, a.followers, str(a.verified).lower(), m.lang])
            rec = {"tweet_id": str(m.id), "author_id": a.handle, "inbound": inbound,
                   "created_at": rome_time(m.t), "text": m.text,
                   "in_response_to_tweet_id": str(m.parent.id) if m.parent else None, "channel": chan}
            if m.private:
                rec["account"] = "AcmeHelp"
            rec.update(author_name=a.name, followers=a.followers, verified=a.verified, lang=m.lang)
            fj.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(HERE)
    os.makedirs(outdir, exist_ok=True)
    write(build(), outdir)
    spec = importlib.util.spec_from_file_location("check_example", os.path.join(HERE, "check-example.py"))
    checker = sys.modules["check_example"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    checker.check(outdir)


if __name__ == "__main__":
    main()
