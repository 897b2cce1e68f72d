#!/usr/bin/env python3
"""make-example.py: writes sc's bundled example inbox, inbox.csv and inbox.jsonl.

The data is fictional and written for the project: a brand "Acme" with a
support handle (@AcmeHelp) and a marketing handle (@Acme), about 65 invented
customers (not real people), four weeks of public mentions, direct messages
and brand replies (2026-10-26 to 2026-11-22 UTC) in Italian, English, Spanish
and a little French and German.  The sentence pieces live in phrases.txt next
to this script; the customers and the story (an outage on Thu 12 Nov, repeated
complaints, a missed journalist) are below.

Run it from the repository root:

    python3 examples/gen/make-example.py          # writes examples/inbox.*
    python3 examples/gen/make-example.py OUTDIR   # writes OUTDIR/inbox.*

It needs only the Python 3 standard library and is deterministic (fixed seed;
no clock, locale or hash-order dependence): two runs give byte-identical
files.  After writing, it reads the CSV back, checks it and prints the counts
that examples/README.md quotes.
"""
import csv
import json
import math
import os
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

SEED = 20261026
UTC = timezone.utc
START = datetime(2026, 10, 26, tzinfo=UTC)           # a Monday
END = datetime(2026, 11, 23, tzinfo=UTC)             # exclusive: 4 weeks
OUTAGE = datetime(2026, 11, 12, 7, 35, tzinfo=UTC)   # fibre, app and site down
FIXED = datetime(2026, 11, 12, 11, 40, tzinfo=UTC)   # "restored at 12:40" Rome
N_CONV = 172                                         # ordinary conversations
HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

BRANDS = {"AcmeHelp": ("Acme Help", 48210), "Acme": ("Acme", 312870)}
AGENTS = {"it": ["^AM", "^LR", "-Giulia", "^FC", "-Marco"], "en": ["^SK", "-Emma", "^AM"],
          "es": ["-Pablo", "^MG", "-Lucía"], "fr": ["-Claire"], "de": ["-Jonas"]}
LANG_W = {"it": 0.43, "en": 0.31, "es": 0.21, "fr": 0.025, "de": 0.025}
TOPICS = ["delivery", "billing", "returns", "account", "tech", "product", "store"]
# Customers' activity by UTC hour: real nights, evening and morning peaks.
HOUR_W = [1.2, .7, .4, .3, .3, .6, 1.5, 3, 4.5, 5, 5, 4.5,
          4, 4, 4, 4, 4.2, 4.8, 5, 5, 4.5, 3.5, 2.5, 1.8]

# handle|display name|lang|followers (empty: random 10-3000)|v=verified|role
CUSTOMERS = """
mario_rossi|Mario Rossi|it|||angry
giulia_b|Giulia B.|it
luca_ferri88|Luca Ferri|it
fra_esposito|Francesca Esposito|it
ale_conti|Alessandro Conti|it
sara_romano_|Sara Romano|it
paolo_gallo|Paolo Gallo|it
chiaraverdi|Chiara Verdi|it
dav1de_m|Davide M|it
marta_ricci|Marta Ricci 🌻|it
gianni_colombo57|Gianni Colombo|it|||angry
elena_moretti|Elena Moretti|it
simo_barbieri|Simone Barbieri|it
vale_fontana|Valentina Fontana|it
peppe_napoli|Peppe 🇮🇹|it
robertamarino|Roberta Marino|it
ilmatte|Matteo|it
anto_greco|Antonio Greco|it|||angry
federica_lombardi|Federica Lombardi|it
nonna_pina_social|Giuseppina|it
lorenzo_bianchi_|Lorenzo Bianchi|it
ste_rizzo|Stefania Rizzo|it
tommy_caruso|Tommaso Caruso|it
cri_deluca|Cristina De Luca|it
giorgio_mancini|Giorgio Mancini|it
ale_pagano|Alessio Pagano|it|240|v
chiara_valli|Chiara Valli|it|184300|v|vip
dj_marcello|Marcello DJ|it|912000|v|vip
jake_turner|Jake Turner|en
emily_w|Emily Watson|en
sam_okafor|Sam Okafor|en
rachel_hughes|Rachel Hughes|en
tom_pritchard|Tom Pritchard|en
liz_nguyen|Liz Nguyen|en
mikeyharris|Mikey Harris|en|||angry
anna_k_milan|Anna K|en
dan_oconnor|Dan O'Connor|en
priya_shah|Priya Shah|en
chris_lambert|Chris Lambert|en
nora_fitz|Nora Fitzgerald|en
ben_adeyemi|Ben Adeyemi|en
katie_mills|Katie Mills|en
oliver_j|Oliver J.|en
techwithgabe|Gabe Tech Reviews|en|426000|v|vip
hannah_writes|Hannah Price|en|38500||vip
lucia_fdez|Lucía Fernández|es
javi_moreno|Javi Moreno|es
carmen_ruiz_|Carmen Ruiz|es
pablo_garcia_m|Pablo García|es
sofia_ortega|Sofía Ortega|es
diego_navarro|Diego Navarro|es
marta_jimenez|Marta Jiménez|es
alex_vidal|Álex Vidal|es
nuria_sanz|Núria Sanz|es
carlos_romero77|Carlos Romero|es|||angry
ivan_torres|Iván Torres|es|1130|v
lauraviajera|Laura Viajera ✈️|es|87200||vip
camille_durand|Camille Durand|fr
julien_m|Julien Martin|fr
lena_schmidt|Lena Schmidt|de
jonas_weber|Jonas Weber|de
cryptoqueen_88|Crypto Queen 💎|en|||spam
btc_signals_pro|BTC Signals PRO 🚀|en|||spam
giveaway_daily7|Daily Giveaways 🎁|en|||spam
followback_ita|Follow Back Italia|it|||spam
gana_dinero_ya|Gana Dinero Ya 💸|es|||spam
"""
# (handle, intent, topic, target account, private, answer?, speed): the VIPs.
SCRIPTED = [("techwithgabe", "complaint", "product", "AcmeHelp", False, True, "fast"),
            ("dj_marcello", "praise", None, "Acme", False, True, "fast"),
            ("lauraviajera", "complaint", "delivery", "AcmeHelp", False, True, "normal"),
            ("hannah_writes", "complaint", "billing", "AcmeHelp", False, True, "slow")]


@dataclass
class Author:
    handle: str
    name: str
    lang: str
    followers: int
    verified: bool
    role: str = ""
    weight: int = 1


@dataclass
class Msg:
    author: Author
    t: datetime
    text: str
    parent: "Msg" = None
    private: bool = False
    lang: str = "it"
    ack: bool = False
    id: int = 0


@dataclass
class Conv:
    cust: Author
    intent: str
    topic: str
    target: str
    private: bool
    start: datetime
    answer: bool = True
    speed: str = "normal"
    ctx: dict = field(default_factory=dict)
    repeat: int = 0
    msgs: list = field(default_factory=list)
    agent: str = ""
    helped: bool = False        # a brand reply has been written


def load_phrases(path):
    pools, lang, key = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("["):
                lang = line.strip("[] ")
                pools[lang] = {}
            elif line[0] == " ":
                pools[lang][key] += [p.strip() for p in line.split(" | ")]
            else:
                key, _, rest = line.partition(":")
                pools[lang][key] = [p.strip() for p in rest.split(" | ") if p.strip()]
    return pools


PH = load_phrases(os.path.join(HERE, "phrases.txt"))
BRAND = {h: Author(h, n, "", f, True, "brand") for h, (n, f) in BRANDS.items()}


def load_customers():
    out = []
    for line in CUSTOMERS.strip().splitlines():
        handle, name, lang, fol, ver, role = (line.split("|") + [""] * 5)[:6]
        if not fol:
            lo, hi = (50, 5000) if role == "spam" else (10, 3000)
            fol = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        weight = 1 if role in ("vip", "spam") else rng.choice([1, 1, 1, 2, 2, 3, 5])
        out.append(Author(handle, name, lang, int(fol), ver == "v", role, weight))
    return out


CUST = load_customers()
BY_HANDLE = {c.handle: c for c in CUST}


# --- small helpers ----------------------------------------------------------

def pick(lang, key):
    return rng.choice(PH[lang][key])


def has(lang, key):
    return key in PH[lang]


def tco():
    abc = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "https://t.co/" + "".join(rng.choice(abc) for _ in range(10))


def mins(lo, hi):
    return timedelta(seconds=int(rng.uniform(lo, hi) * 60))


def cap(s):
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
    return s


MONTHS = {"it": ("ottobre", "novembre"), "en": ("Oct", "Nov"), "es": ("octubre", "noviembre"),
          "fr": ("octobre", "novembre"), "de": ("Oktober", "November")}


def date_words(lang, d):
    m = MONTHS[lang][d.month - 10]
    return {"en": f"{m} {d.day}", "es": f"{d.day} de {m}", "de": f"{d.day}. {m}"}.get(
        lang, f"{d.day} {m}")


def money(lang, v):
    s = f"{v:.2f}"
    if lang == "en":
        return "€" + s
    s = s.replace(".", ",")
    if lang == "it":
        return rng.choice(["€" + s, s + "€", s + " euro"])
    return rng.choice([s + " €", s + "€"])


def new_ctx(cust, lang):
    amounts = rng.sample([9.99, 19.90, 29.90, 34.99, 49.90, 59.00, 89.99, 129.00, 249.90], 2)
    first = cust.name.split()[0] if cust.name.split()[0].isalpha() else ""
    others = [c.handle for c in CUST if c.lang == lang and c.role != "spam" and c is not cust]
    return {"order": f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            "product": pick("all", "product"), "ticket": str(rng.randint(40000, 99999)),
            "code": f"AC{rng.randint(1000000, 9999999)}", "name": first,
            "amount": money(lang, max(amounts)), "amount2": money(lang, min(amounts)),
            "user": rng.choice(others)}


def fill(s, c, t):
    def slot(m):
        k = m.group(1)
        if k in c.ctx:
            return c.ctx[k]
        if k in ("when", "city", "store", "courier"):
            return pick(c.cust.lang if c.cust.lang in PH else "en", k)
        if k == "date":
            return date_words(c.cust.lang, t - timedelta(days=rng.randint(2, 12)))
        if k == "days":
            return str(rng.randint(3, 9))
        if k == "late":
            return str(rng.randint(17, 30))
        if k == "url":
            return tco()
        raise KeyError(k)
    for _ in range(3):
        s = re.sub(r"\{(\w+)\}", slot, s)
    return s.replace(" {name}", "")


def html(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- time ---------------------------------------------------------------------

def on_duty(t):
    """The care team: Mon-Fri 08-20 UTC (09-21 Rome), Saturday 08-13 UTC."""
    wd, h = t.weekday(), t.hour
    return (wd < 5 and 8 <= h < 20) or (wd == 5 and 8 <= h < 13)


def next_open(t):
    t = t.replace(minute=0, second=0) + timedelta(hours=1)
    while not on_duty(t):
        t += timedelta(hours=1)
    return t


SPEED = {"fast": (1, 15), "normal": (15, 120), "slow": (120, 420), "late": (300, 1800)}


def reply_time(t, speed):
    r = t + mins(*SPEED[speed])
    while not on_duty(r):
        r = next_open(r) + mins(3, 150 if speed != "fast" else 40)
    return r


def cust_delay(t):
    x = rng.random()
    r = t + (mins(1, 20) if x < .5 else mins(20, 180) if x < .8 else mins(180, 1200))
    if r.hour < 6 and rng.random() < .6:       # most people sleep on it
        r = r.replace(hour=6) + mins(0, 180)
    return r


def sample_start():
    day = rng.choices(range(28), [0.7 if d % 7 >= 5 else 1 for d in range(28)])[0]
    hour = rng.choices(range(24), HOUR_W)[0]
    return START + timedelta(days=day, hours=hour, seconds=rng.randint(0, 3599))


def archive_time(t):
    days, months = "Mon Tue Wed Thu Fri Sat Sun".split(), "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{days[t.weekday()]} {months[t.month - 1]} {t.day:02d} {t:%H:%M:%S} +0000 {t.year}"


def rome_time(t):
    """RFC 3339 in Europe/Rome: +02:00 from the last Sunday of March to the last of October."""
    def last_sunday(month):
        d = datetime(t.year, month, 31, 1, tzinfo=UTC)
        return d - timedelta(days=(d.weekday() + 1) % 7)
    off = 2 if last_sunday(3) <= t < last_sunday(10) else 1
    return f"{t + timedelta(hours=off):%Y-%m-%dT%H:%M:%S}+0{off}:00"


# --- customer text ------------------------------------------------------------

MOOD = {"complaint": "angry", "outage": "angry", "support": "sad", "praise": "happy",
        "chatter": "laugh", "presale": "happy", "spam": "happy"}
ENDS = {"angry": ["!", "!!!", ".", "!!", ""], "sad": ["", ".", ".", "..."],
        "happy": ["!", "!!", "", "."], "laugh": ["", "!", " 😂"]}
STRIP = str.maketrans("àèéìòùáíóúÀÈÉ¿¡", "aeeiouaiouAEE  ")


def punct(p, mood):
    return p if p[-1] in ".?!…)\"" or not p[-1].isalnum() else p + rng.choice(ENDS[mood])


def typo(s):
    words = [m for m in re.finditer(r"[^\W\d_]{5,}", s)]
    if not words:
        return s
    w = rng.choice(words)
    i = rng.randint(w.start() + 1, w.end() - 2)
    how = rng.randint(0, 2)
    if how == 0:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i + 1:] if how == 1 else s[:i] + s[i] + s[i:]


def join(parts, brand=False):
    out = ""
    for p in parts:
        if out:
            if out[-1] in ".!?" and (brand or rng.random() < .7) or brand and out[-1] != ",":
                p = cap(p)
            out += "\n" if not brand and rng.random() < .03 else " "
        out += p
    return out


def cust_text(c, kind, t):
    L, mood, angry = c.cust.lang, MOOD[c.intent], c.cust.role == "angry"
    parts = []
    if kind == "first":
        if c.intent in ("support", "complaint", "presale") and rng.random() < .3:
            parts.append(pick(L, "hi") + rng.choice([",", "", "!"]))
        pool = f"{c.intent}.{c.topic}" if c.topic and c.intent != "outage" else c.intent
        if c.cust.role == "vip" and c.intent == "outage" and has(L, "outage_press"):
            pool = "outage_press"
        core = punct(fill(pick(L, pool), c, t), mood)
        if c.intent == "complaint" and (angry or rng.random() < .15):
            core = core.upper()
        parts.append(core)
        if c.intent in ("support", "complaint") and rng.random() < .45:
            parts.append(punct(fill(pick(L, "detail"), c, t), mood))
        if c.repeat:
            parts.insert(rng.choice([0, len(parts)]), punct(fill(pick(L, "repeat"), c, t), mood))
        end = {"support": ("ask", .4), "complaint": ("angry_end", .5)}.get(c.intent)
        if end and rng.random() < end[1]:
            parts.append(punct(pick(L, end[0]), mood))
    else:
        key = "nudge" if kind == "nudge" else "follow." + kind
        if kind in ("still", "angry") and c.intent == "complaint" and rng.random() < .3:
            parts.append(punct(fill(pick(L, "repeat"), c, t), mood))
        parts.append(punct(fill(pick(L, key), c, t), "angry" if kind == "angry" else mood))
        if kind in ("still", "info") and rng.random() < .25:
            parts.append(punct(fill(pick(L, "detail"), c, t), mood))
    text = join(parts)
    if rng.random() < .6:
        text = cap(text)
    if rng.random() < .1 and not text.isupper():
        text = text.lower()
    if L != "en" and rng.random() < (.3 if L == "es" else .2):
        text = text.translate(STRIP).replace("  ", " ").strip()
    if rng.random() < (.35 if angry else .2):
        text = typo(text)
    emo = {"praise": .6, "chatter": .4, "complaint": .35, "outage": .3}.get(c.intent, .15)
    if kind == "thanks":
        emo = .4
    if rng.random() < emo and not text[-1] in "😂😩👍🙏":
        text += rng.choice(["", " "]) + pick("all", "emoji." + ("happy" if kind == "thanks" else mood))
    tag = {"complaint": .18, "outage": .45, "praise": .1}.get(c.intent, .04) if kind == "first" else .03
    if rng.random() < tag:
        text += " " + ("#AcmeDown" if c.intent == "outage" and rng.random() < .6 else pick(L, "tags"))
    if rng.random() < (.1 if c.intent == "outage" else .05) and kind in ("first", "still", "angry"):
        text += " " + tco()
    if kind == "first" and c.intent == "complaint" and rng.random() < .04:
        text += " cc @" + ("chiara_valli" if L == "it" else "hannah_writes")
    return text


def mention(c, kind, parent):
    """Leading @mentions the way X writes them; nothing for DMs."""
    if c.private:
        return ""
    if kind != "first":
        brand = parent.author.handle if parent and parent.author.role == "brand" else c.target
        return "@" + brand + " "
    x = rng.random()
    if c.target == "Acme":
        return "" if x < .1 else "@Acme "                  # "... @Acme" added by caller
    if c.cust.role == "vip" and c.intent == "outage":
        return "@AcmeHelp @Acme "
    if x < .06:
        return "@AcmeHelp @Acme "
    if x < .09:
        return "@Acme @AcmeHelp "
    if x < .12:
        return f"@{c.ctx['user']} @AcmeHelp "
    return "" if x < .15 else "@AcmeHelp "


def add(c, author, t, text, parent, ack=False):
    m = Msg(author, t, html(text), parent, c.private, c.cust.lang if author.role != "spam" else author.lang, ack)
    c.msgs.append(m)
    return m


def customer_msg(c, kind, t, parent):
    for _ in range(10):
        body = cust_text(c, kind, t)
        pre = mention(c, kind, parent)
        if not pre and not c.private and kind == "first":
            body += " @" + c.target                        # mention at the end
        if len(pre + body) <= 280:
            break
    return add(c, c.cust, t, pre + body, parent)


# --- brand text ----------------------------------------------------------------

def brand_text(c, stage, author, t, parent):
    L, parts = c.cust.lang, []
    if stage == "ack":
        text = pick(L, "b_ack") if has(L, "b_ack") else pick("en", "b_ack")
    else:
        if rng.random() < .75 and stage not in ("chatter",):
            parts.append(fill(pick(L, "b_hi"), c, t))
        if stage in ("info", "ask", "update", "outage", "details") and (
                c.intent in ("complaint", "outage") or rng.random() < .25):
            parts.append(pick(L, "b_sorry"))
        if c.target == "Acme" and author.handle == "AcmeHelp" and not c.helped:
            parts.append(pick(L, "b_wrong"))
        key = {"info": f"b.{c.topic}", "ask": "b_ask", "details": "b_details",
               "dmask": "b_dmask"}.get(stage, "b_" + stage)
        if not has(L, key):
            key = "b_details"
        parts.append(fill(pick(L, key), c, t))
        if stage in ("info", "update", "presale") and rng.random() < .35:
            parts.append(pick(L, "b_close"))
        text = cap(join(parts, brand=True))
        if author.handle == "AcmeHelp" and rng.random() < .8:
            if c.helped and t.date() != c.msgs[-1].t.date() and rng.random() < .5:
                c.agent = rng.choice(AGENTS[L])             # another shift
            text += " " + c.agent
    pre = "" if c.private else "@" + parent.author.handle + " "
    return pre + text


def brand_msg(c, stage, author, t, parent):
    for _ in range(10):
        text = brand_text(c, stage, author, t, parent)
        if len(text) <= 280:
            break
    c.helped = c.helped or stage != "ack"
    return add(c, author, t, text, parent, ack=stage == "ack")


# --- conversations ---------------------------------------------------------------

def first_stage(c):
    if c.intent in ("presale", "praise", "chatter", "outage"):
        return "outage_fixed" if c.intent == "outage" and c.msgs[-1].t > FIXED else c.intent
    if c.ctx.get("via_dm"):
        return rng.choice(["info", "update", "dmask"])
    if c.private:
        return rng.choice(["dmask", "info"])
    return rng.choices(["ask", "info", "details"], [4, 4, 2])[0]


NEXT_KIND = {   # brand stage -> what the customer may write next (weights)
    "ask": {"dm": 6, "angry": 1.5, None: 2.5}, "details": {"info": 8, None: 2},
    "dmask": {"info": 8, None: 2}, "info": {"thanks": 3.5, "still": 3, "angry": 1.5, None: 2},
    "update": {"thanks": 5.5, "still": 2.5, None: 2}, "presale": {"thanks": 3, None: 7},
    "outage": {"still": 3, "angry": 1.5, "thanks": 1, None: 4.5},
    "outage_fixed": {"thanks": 4, None: 6}}


def next_stage(c, kind):
    if kind == "thanks":
        return "welcome" if rng.random() < .5 else None
    if kind == "angry" and not c.private and not c.asked_dm:
        return "ask"
    if c.intent == "outage":
        return "outage_fixed" if c.msgs[-1].t > FIXED else "outage"
    return "update" if kind != "info" or rng.random() < .7 else "info"


def run(c, queue):
    t, last = c.start, None
    c.ctx = c.ctx or new_ctx(c.cust, c.cust.lang)
    c.agent = rng.choice(AGENTS[c.cust.lang])
    c.asked_dm = False
    n_pre = 1
    if c.intent in ("support", "complaint"):
        n_pre += (rng.random() < .22) + (rng.random() < .08)
    for i in range(n_pre):
        if t >= END:
            break
        parent = last if i and (c.private or rng.random() < .6) else None
        last = customer_msg(c, "first" if i == 0 else "nudge", t, parent)
        t = cust_delay(t + mins(10, 400))
    if not c.answer:
        return spawn_repeat(c, queue)
    author = BRAND["Acme"] if c.intent in ("praise", "chatter") and c.target == "Acme" else BRAND["AcmeHelp"]
    stage, acked = first_stage(c), False
    for _ in range(4):
        if not acked and author.handle == "AcmeHelp" and not on_duty(last.t) and \
                rng.random() < (.6 if c.private else .12):
            brand_msg(c, "ack", author, last.t + mins(.3, 1.5), last)
            acked = True
        rt = reply_time(last.t, c.speed)
        if rt >= END:
            return
        if c.intent == "outage" and rt > FIXED and stage == "outage":
            stage = "outage_fixed"
        b = brand_msg(c, stage, author, rt, last)
        c.asked_dm = c.asked_dm or stage == "ask"
        weights = NEXT_KIND.get(stage, {None: 1})
        kind = rng.choices(list(weights), list(weights.values()))[0]
        if kind is None or (c.private and kind == "dm"):
            break
        ct = cust_delay(b.t)
        if ct >= END:
            return
        last = customer_msg(c, kind, ct, b)
        if kind == "dm":                                # the case moves to DMs
            dm = Conv(c.cust, c.intent, c.topic, "AcmeHelp", True, ct + mins(1, 20),
                      answer=rng.random() < .95, speed=c.speed, ctx=dict(c.ctx, via_dm=True))
            queue.append(dm)
            return
        stage = next_stage(c, kind)
        if stage is None or rng.random() < .12:         # left unanswered
            break
    if c.intent == "outage" and c.msgs[-1].t < FIXED and rng.random() < .4:
        brand_msg(c, "outage_fixed", author, FIXED + mins(5, 90), c.msgs[0])
    spawn_repeat(c, queue)


def spawn_repeat(c, queue):
    """Unanswered or unhappy complainers write again, hours or a day later."""
    if c.intent != "complaint" or c.private or c.repeat >= 2 or c.msgs[-1].author.role == "brand":
        return
    if rng.random() < (.75 if c.cust.role == "angry" else .3):
        again = Conv(c.cust, c.intent, c.topic, rng.choice(["AcmeHelp", "AcmeHelp", "Acme"]), False,
                     c.msgs[-1].t + mins(300, 1800), answer=rng.random() < .6,
                     speed=rng.choice(["normal", "slow"]), ctx=c.ctx, repeat=c.repeat + 1)
        if again.start < END:
            queue.append(again)


def plan():
    convs = []
    people = [c for c in CUST if c.role != "spam"]
    for handle, intent, topic, target, private, answer, speed in SCRIPTED:
        convs.append(Conv(BY_HANDLE[handle], intent, topic, target, private, sample_start(), answer, speed))
    for _ in range(N_CONV):
        lang = rng.choices(list(LANG_W), list(LANG_W.values()))[0]
        pool = [p for p in people if p.lang == lang]
        cust = rng.choices(pool, [p.weight for p in pool])[0]
        intents = ["support", "complaint", "presale", "praise", "chatter"]
        w = [38, 26 + 20 * (cust.role == "angry"), 12, 9, 7]
        intent = rng.choices(intents, w)[0]
        topics = [x for x in TOPICS if has(lang, f"{intent}.{x}")]
        if intent in ("support", "complaint") and not topics or not has(lang, intent) and not topics:
            intent, topics = "support", [x for x in TOPICS if has(lang, f"support.{x}")]
        topic = rng.choice(topics) if intent in ("support", "complaint") else None
        to_acme = {"praise": .7, "chatter": .9, "presale": .5}.get(intent, .15)
        target = "Acme" if rng.random() < to_acme else "AcmeHelp"
        private = target == "AcmeHelp" and rng.random() < {"support": .3, "complaint": .3, "presale": .1}.get(intent, 0)
        if private:
            p = .92
        elif target == "Acme":
            p = {"praise": .6, "chatter": .3}.get(intent, .5)
        else:
            p = {"praise": .6}.get(intent, .82)
        speed = "late" if target == "Acme" and intent not in ("praise", "chatter") else \
            rng.choices(["fast", "normal", "slow"], [35, 40, 25])[0]
        convs.append(Conv(cust, intent, topic, target, private, sample_start(), rng.random() < p, speed))
    # the outage burst: Thu 12 Nov from 08:35 Rome, restored 12:40
    for i in range(44):
        lang = rng.choices(["it", "en", "es"], [70, 18, 12])[0]
        cust = rng.choice([p for p in people if p.lang == lang and p.role != "vip"])
        if i == 0:
            cust = BY_HANDLE["chiara_valli"]              # the VIP nobody answered
        start = OUTAGE + mins(0, 30) if i == 0 else OUTAGE + mins(*sorted([rng.triangular(0, 250, 50)] * 2))
        convs.append(Conv(cust, "outage", "tech", rng.choice(["AcmeHelp"] * 3 + ["Acme"]), False,
                          start, answer=i > 0 and rng.random() < .5, speed="normal"))
    return convs


def same_here(convs):
    """Other customers answer an outage tweet: '@them @AcmeHelp same here'."""
    outs = [c for c in convs if c.intent == "outage" and c.msgs]
    for c in rng.sample(outs, 8):
        root = c.msgs[0]
        who = rng.choice([p for p in CUST if p.lang == root.lang and p.role == "" and p is not c.cust])
        t = root.t + mins(2, 40)
        text = f"@{root.author.handle} @AcmeHelp " + fill(pick(root.lang, "outage_same"), c, t)
        c.msgs.append(Msg(who, t, html(text), root, False, root.lang))


def spam(convs):
    bots = [p for p in CUST if p.role == "spam"]
    replies = [m for c in convs for m in c.msgs if m.author.role == "brand" and not m.private]
    out = []
    for _ in range(24):
        bot = rng.choice(bots)
        if rng.random() < .35:                          # reply-spam under a brand reply
            target = rng.choice(replies)
            t = target.t + mins(1, 120)
            owner = next(c for c in convs if target in c.msgs)
            text = f"@{target.author.handle} @{target.parent.author.handle} " + fill(pick(bot.lang, "spam"), owner, t)
            owner.msgs.append(Msg(bot, t, html(text), target, False, bot.lang))
            continue
        c = Conv(bot, "spam", None, "Acme", False, START + mins(0, 28 * 24 * 60), answer=False)
        c.ctx = new_ctx(bot, bot.lang)
        pre = rng.choice(["@Acme ", "@AcmeHelp ", "@Acme @AcmeHelp ", f"@Acme @{c.ctx['user']} "])
        c.msgs.append(Msg(bot, c.start, html(pre + fill(pick(bot.lang, "spam"), c, c.start)), None, False, bot.lang))
        out.append(c)
    return out


def build():
    queue = plan()
    done = []
    while queue:
        c = queue.pop(0)
        run(c, queue)
        if c.msgs:
            done.append(c)
    same_here(done)
    done += spam(done)
    return [c for c in done if all(m.t < END for m in c.msgs)]


# --- output --------------------------------------------------------------------

def archive_order(c):
    """Newest brand reply first, then the messages after it, then back in time (as in TWCS)."""
    msgs = sorted(c.msgs, key=lambda m: m.t)
    brand = [m for m in msgs if m.author.role == "brand"]
    head = brand[-1] if brand else msgs[-1]
    after = [m for m in msgs if m.t > head.t]
    before = [m for m in reversed(msgs) if m.t < head.t]
    return [head] + after + before


def write(convs, outdir):
    groups = sorted(convs, key=lambda c: c.msgs[0].t + mins(0, 36 * 60))
    rows, next_id = [], 1000000 + rng.randint(1, 99)
    for c in groups:
        for m in archive_order(c):
            m.id = next_id
            next_id += 1 + (rng.random() < .15) * rng.randint(1, 3)
            rows.append(m)
        next_id += rng.randint(0, 4)
    kids = {}
    for m in sorted(rows, key=lambda m: m.t):
        if m.parent:
            kids.setdefault(m.parent.id, []).append(str(m.id))
    cols = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
            "in_response_to_tweet_id", "channel", "account", "author_name", "followers", "verified", "lang"]
    with open(os.path.join(outdir, "inbox.csv"), "w", encoding="utf-8", newline="") as fc, \
            open(os.path.join(outdir, "inbox.jsonl"), "w", encoding="utf-8", newline="") as fj:
        w = csv.writer(fc, lineterminator="\n")
        w.writerow(cols)
        for m in rows:
            a, inbound = m.author, m.author.role != "brand"
            w.writerow([m.id, a.handle, str(inbound), archive_time(m.t), m.text, ",".join(kids.get(m.id, [])),
                        f"{m.parent.id}.0" if m.parent else "", "private" if m.private else "public",
                        "AcmeHelp" if m.private else "", a.name, a.followers, str(a.verified).lower(), m.lang])
            rec = {"tweet_id": str(m.id), "author_id": a.handle, "inbound": inbound,
                   "created_at": rome_time(m.t), "text": m.text,
                   "in_response_to_tweet_id": str(m.parent.id) if m.parent else None,
                   "channel": "private" if m.private else "public"}
            if m.private:
                rec["account"] = "AcmeHelp"
            rec.update(author_name=a.name, followers=a.followers, verified=a.verified, lang=m.lang)
            fj.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")


# --- check and count (what examples/README.md quotes) -------------------------------

def parse_time(s):
    return datetime.strptime(s, "%a %b %d %H:%M:%S %z %Y")


def check(outdir):
    with open(os.path.join(outdir, "inbox.csv"), encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    head, rows = table[0], table[1:]
    assert all(len(r) == 13 for r in table), "a row without 13 fields"
    byid = {r[0]: dict(zip(head, r)) for r in rows}
    assert len(byid) == len(rows), "duplicate tweet_id"
    acks = {html(a) for L in PH for a in PH[L].get("b_ack", [])}
    root, count = {}, {}

    def bump(*k):
        count[k] = count.get(k, 0) + 1

    for r in byid.values():
        t, p = parse_time(r["created_at"]), r["in_response_to_tweet_id"]
        assert START <= t < END, r["tweet_id"]
        if p:
            assert p.endswith(".0") and p[:-2] in byid, f"{r['tweet_id']}: parent {p} missing"
            assert parse_time(byid[p[:-2]]["created_at"]) < t, f"{r['tweet_id']} before its parent"
        for k in filter(None, r["response_tweet_id"].split(",")):
            assert byid[k]["in_response_to_tweet_id"] == r["tweet_id"] + ".0"
        r["ack"] = r["text"].split(" ", 1)[-1] in acks or r["text"] in acks
    for r in byid.values():                   # thread = chain of replies up to a root
        x = r
        while x["in_response_to_tweet_id"]:
            x = byid[x["in_response_to_tweet_id"][:-2]]
        root[r["tweet_id"]] = x["tweet_id"]
    for r in byid.values():
        inb = r["inbound"] == "True"
        bump("total")
        bump("lang", r["lang"])
        bump("direction", "inbound" if inb else "outbound")
        bump("channel", r["channel"])
        if not inb:
            acct = r["author_id"]
        elif r["account"]:
            acct = r["account"]
        else:                                 # nearest brand up the chain, else first @brand
            x, acct = r, None
            while x["in_response_to_tweet_id"] and not acct:
                x = byid[x["in_response_to_tweet_id"][:-2]]
                acct = x["author_id"] if x["inbound"] == "False" else None
            acct = acct or re.search(r"@(AcmeHelp|Acme)\b", r["text"]).group(1)
        bump("account", acct)
        if not inb and r["ack"]:
            bump("auto-acknowledgements")
    threads = {}
    for tid, rid in root.items():
        threads.setdefault(rid, []).append(byid[tid])
    for rid, msgs in threads.items():
        if byid[rid]["inbound"] != "True":
            continue
        human = any(m["inbound"] == "False" and not m["ack"] for m in msgs)
        ack = any(m["ack"] for m in msgs)
        state = "answered" if human else "auto-ack only" if ack else "unanswered"
        bump("threads", state)
        spam = byid[rid]["author_id"] in [c.handle for c in CUST if c.role == "spam"]
        if not human and spam:
            bump("unanswered threads", "spam")
        elif not human and int(byid[rid]["followers"]) >= 15000:
            bump("unanswered threads", "VIP (15k+ followers): " + byid[rid]["author_id"])
    authors = {r["author_id"] for r in byid.values() if r["inbound"] == "True"}
    print(f"messages: {count[('total',)]}, distinct customer authors: {len(authors)}")
    for k in ("lang", "account", "direction", "channel", "threads", "unanswered threads"):
        items = sorted((key[1], n) for key, n in count.items() if key[0] == k)
        print(f"{k}: " + ", ".join(f"{a} {n}" for a, n in items))
    print(f"auto-acknowledgements: {count.get(('auto-acknowledgements',), 0)}")
    with open(os.path.join(outdir, "inbox.jsonl"), encoding="utf-8") as f:
        ids = [json.loads(line)["tweet_id"] for line in f]
    assert ids == [r[0] for r in rows], "inbox.jsonl differs from inbox.csv"
    print("checks passed: 13 fields per row, unique ids, parents exist and are older, jsonl matches")


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(HERE)
    os.makedirs(outdir, exist_ok=True)
    write(build(), outdir)
    check(outdir)


if __name__ == "__main__":
    main()
