"""textgen.py: the words of the example inbox, for make-example.py.

Loads phrases.txt (the invented customers and the sentence pieces) and turns
a conversation's state into a customer's tweet or DM, or into the brand's
reply: greetings that fit the hour, slots filled ({order}, {product}...),
typos, missing accents, shouting, emoji, hashtags, screenshots, @mentions.
All randomness comes from the one seeded generator, rng, shared with
make-example.py, so the output is deterministic.
"""
import math
import os
import random
import re
from collections import namedtuple
from datetime import timedelta

SEED = 2                  # of seeds 1-60, the one whose counts sit closest to the target shares
HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)
Author = namedtuple("Author", "handle name lang followers verified role weight")


def load_phrases(path):
    pools, sect, key = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("["):
                sect = pools.setdefault(line.strip("[] "), {})
            elif line[0] == " ":
                sect[key] += [p.strip() for p in line.split(" | ")]
            else:
                key, _, rest = line.partition(":")
                sect[key] = [p.strip() for p in rest.split(" | ") if p.strip()]
    return pools


PH = load_phrases(os.path.join(HERE, "phrases.txt"))


def load_customers():
    out = {}
    for handle, (name, lang, *more) in PH.pop("customers").items():
        role = next((m for m in more if m in ("angry", "vip", "spam")), "")
        fol = next((int(m) for m in more if m.isdigit()), None)
        if fol is None:
            lo, hi = (50, 5000) if role == "spam" else (10, 3000)
            fol = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        weight = 1 if role in ("vip", "spam") else rng.choice([1, 1, 1, 2, 2, 3, 5])
        out[handle] = Author(handle, name, lang, fol, "verified" in more, role, weight)
    return out


CUST = load_customers()
BRAND = {"AcmeHelp": Author("AcmeHelp", "Acme Help", "", 48210, True, "brand", 0),
         "Acme": Author("Acme", "Acme", "", 312870, True, "brand", 0)}


# --- helpers -----------------------------------------------------------------

def pick(lang, key):
    return rng.choice(PH[lang][key])


def has(lang, key):
    return key in PH[lang]


def topics(lang, intent):
    """The topics a language has pieces for: "presale.ship" -> "ship"."""
    return [k.split(".", 1)[1] for k in PH[lang] if k.startswith(intent + ".")]


def tco():
    abc = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "https://t.co/" + "".join(rng.choice(abc) for _ in range(10))


def cap(s):
    i = next((i for i, ch in enumerate(s) if ch.isalpha()), None)
    return s if i is None else s[:i] + s[i].upper() + s[i + 1:]


def html(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def money(lang, v):
    s = f"{v:.2f}"
    if lang == "en":
        return "€" + s
    s = s.replace(".", ",")
    return rng.choice(["€" + s, s + "€", s + " euro"] if lang == "it" else [s + " €", s + "€"])


MONTHS = {"it": ("ottobre", "novembre"), "en": ("Oct", "Nov"), "es": ("octubre", "noviembre"),
          "fr": ("octobre", "novembre"), "de": ("Oktober", "November")}


def date_words(lang, d):
    m = MONTHS[lang][d.month - 10]
    return {"en": f"{m} {d.day}", "es": f"{d.day} de {m}", "de": f"{d.day}. {m}"}.get(lang, f"{d.day} {m}")


def new_ctx(cust):
    amounts = sorted(rng.sample([9.99, 19.90, 29.90, 34.99, 49.90, 59.00, 89.99, 129.00, 249.90], 2))
    first = cust.name.split()[0]
    others = [c.handle for c in CUST.values() if c.lang == cust.lang and not c.role and c != cust]
    return {"order": f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            "store": pick(cust.lang, "store"), "city": pick(cust.lang, "city"),
            "product": pick("all", "product"), "ticket": str(rng.randint(40000, 99999)),
            "code": f"AC{rng.randint(1000000, 9999999)}", "name": first if first.isalpha() else "",
            "amount": money(cust.lang, amounts[1]), "amount2": money(cust.lang, amounts[0]),
            "user": rng.choice(others)}


ELISION = {"it": [(r"\bil (?=Acme)", "l'"), (r"\bIl (?=Acme)", "L'"), (r"\b(de|a|ne)l (?=Acme)", r"\1ll'")],
           "fr": [(r"\b([Ll])e (?=Acme)", r"\1'")]}   # il AcmeBox -> l'AcmeBox


def fill(s, c, t):
    """Fill the {slots} of a piece for conversation c at time t."""
    L = c.cust.lang

    def slot(m):
        k = m.group(1)
        if k in c.ctx:
            return c.ctx[k]
        if k in ("when", "next", "courier"):
            return pick(L if has(L, k) else "en", k)
        if k == "hour":
            return f"{t + timedelta(hours=1):%H:%M}"
        if k == "date":
            return date_words(L, t - timedelta(days=rng.randint(2, 12)))
        return {"days": lambda: str(rng.randint(3, 9)), "late": lambda: str(rng.randint(17, 30)),
                "url": tco}[k]()
    if not c.ctx["name"]:
        s = s.replace(" {name}", "")
    for _ in range(3):
        s = re.sub(r"\{(\w+)\}", slot, s)
    for pat, rep in ELISION.get(L, []):
        s = re.sub(pat, rep, s)
    return s


MORNING = ("Buongiorno", "Good morning", "Morning", "Buenos días")
EVENING = ("Buonasera", "Evening", "Buenas tardes", "Bonsoir")


def greeting(lang, key, t):
    """A greeting that fits the hour in Rome (UTC+1 in these weeks)."""
    h = (t.hour + 1) % 24
    wrong = (EVENING if h < 16 else ()) + (MORNING if h >= 13 else ())
    return rng.choice([g for g in PH[lang][key] if not g.startswith(wrong)])


# --- customers' messages -----------------------------------------------------

MOOD = {"complaint": "angry", "outage": "angry", "support": "sad", "praise": "happy",
        "chatter": "laugh", "presale": "happy"}
ENDS = {"angry": ["!", "!!!", ".", "!!", ""], "sad": ["", ".", ".", "..."],
        "happy": ["!", "!!", "", "."], "laugh": ["", "!", " 😂"]}
STRIP = str.maketrans("àèéìòùáíóúÀÈÉ¿¡", "aeeiouaiouAEE  ")


def punct(p, mood):
    return p + rng.choice(ENDS[mood]) if p[-1].isalnum() else p


def typo(s):
    words = list(re.finditer(r"[^\W\d_]{5,}", s))
    if not words:
        return s
    w = rng.choice(words)
    i = rng.randint(w.start() + 1, w.end() - 2)
    return rng.choice([s[:i] + s[i + 1] + s[i] + s[i + 2:], s[:i] + s[i + 1:], s[:i] + s[i] + s[i:]])


def join(parts, brand=False):
    out = ""
    for p in parts:
        if out:
            if brand and out[-1] != "," or out[-1] in ".!?" and rng.random() < .7:
                p = cap(p)
            out += "\n" if not brand and out[-1] in ".!?" and rng.random() < .05 else " "
        out += p
    return out


def detail(c, said):
    """Something more the customer adds, where it fits: the order number once, "I restarted it"..."""
    L, pools = c.cust.lang, ["detail"]
    if c.topic in ("delivery", "billing", "returns", "product", "pickup") and c.ctx["order"] not in said:
        pools.append("detail.order")
    if c.topic in ("tech", "product", "account") and has(L, "detail.tech"):
        pools.append("detail.tech")
    return pick(L, rng.choice(pools))


def cust_text(c, kind, t):
    L, mood, angry = c.cust.lang, MOOD[c.intent], c.cust.role == "angry"
    parts = []
    if kind == "first":
        hi = c.intent in ("support", "complaint", "presale") and not c.ctx.get("via_dm") and rng.random() < .3
        if hi:
            parts.append(greeting(L, "hi", t) + rng.choice([",", "", "!"]))
        pool = c.intent if c.intent == "outage" or not c.topic else f"{c.intent}.{c.topic}"
        if c.cust.role == "vip" and c.intent == "outage":
            pool = "outage_press"
        core = punct(fill(pick(L, pool), c, t), mood)
        parts.append(core.upper() if c.intent == "complaint" and (angry or rng.random() < .15) else core)
        if c.intent in ("support", "complaint") and c.topic not in ("store", "pickup") and rng.random() < .45:
            parts.append(punct(fill(detail(c, core), c, t), mood))
        if c.ctx.get("via_dm") and c.ctx["order"] not in " ".join(parts) and rng.random() < .6:
            parts.insert(0, punct(fill(pick(L, "follow.info"), c, t), mood))
        if c.repeat:                             # "third time I write", before or after
            parts.insert(rng.choice([hi, len(parts)]), punct(fill(pick(L, "repeat"), c, t), mood))
        end = {"support": ("ask", .4), "complaint": ("angry_end", .5)}.get(c.intent)
        if end and rng.random() < end[1]:
            parts.append(punct(pick(L, end[0]), mood))
    else:
        key = "nudge" if kind == "nudge" else "follow." + kind
        if c.intent == "outage" and kind in ("still", "nudge"):
            key = "outage_still"
        parts.append(punct(fill(pick(L, key), c, t), "angry" if kind == "angry" else mood))
        if kind in ("still", "info") and c.intent != "outage" and rng.random() < .25:
            parts.append(punct(fill(detail(c, parts[-1]), c, t), mood))
    text = join(parts)
    text = cap(text) if rng.random() < .6 else text
    if rng.random() < .1 and not text.isupper():
        text = text.lower()
    if L != "en" and rng.random() < (.3 if L == "es" else .2):       # no accents, no ¿
        text = text.translate(STRIP).replace("  ", " ").strip()
    if rng.random() < (.35 if angry else .2):
        text = typo(text)
    emo = .4 if kind == "thanks" else {"praise": .6, "chatter": .4, "complaint": .35,
                                        "outage": .3}.get(c.intent, .15)
    if rng.random() < emo and text[-1].isascii():
        text += rng.choice(["", " "]) + pick("all", "emoji." + ("happy" if kind == "thanks" else mood))
    tag = {"complaint": .18, "outage": .45, "praise": .1}.get(c.intent, .04) if kind == "first" else .03
    if rng.random() < tag and not c.private:
        outage_tag = rng.choice(["#AcmeDown", "#AcmeDown", "#Acme"]) if c.intent == "outage" else None
        text += " " + (outage_tag or pick(L, "tags"))
    if kind in ("first", "still", "angry") and rng.random() < (.1 if c.intent == "outage" else .05):
        text += " " + tco()                      # a screenshot
    if kind == "first" and c.intent == "complaint" and L in ("it", "en") and not c.private \
            and rng.random() < .06:
        text += " cc @" + ("chiara_valli" if L == "it" else "hannah_writes")   # tag a journalist
    return text


def mention(c, kind, parent):
    """Leading @mentions the way X writes them: none in DMs, some at the end."""
    if c.private:
        return ""
    if kind != "first":
        return "@" + (parent.author.handle if parent and parent.author.role == "brand" else c.target) + " "
    if c.cust.role == "vip" and c.intent == "outage":
        return "@AcmeHelp @Acme "
    x = rng.random()
    if c.target == "Acme":
        return "" if x < .1 else "@Acme "
    return rng.choices(["@AcmeHelp ", "@AcmeHelp @Acme ", "@Acme @AcmeHelp ", f"@{c.ctx['user']} @AcmeHelp ", ""],
                       [85, 6, 3, 3, 3])[0]


# --- the brand's replies -----------------------------------------------------

def fresh(lang, key, c):
    """A piece the brand has not yet used with this customer, if there is one."""
    used = c.ctx.setdefault("used", [])
    pool = [p for p in PH[lang][key] if p not in used] or PH[lang][key]
    used.append(rng.choice(pool))
    return used[-1]


def body_key(c, stage, L):
    """The pool of the reply's main sentence: the topic's own when there is one."""
    if stage == "info" and c.intent == "complaint" and has(L, f"b_complaint.{c.topic}"):
        return f"b_complaint.{c.topic}"
    prefix = {"info": "b.", "update": "b_update.", "details": "b_details.", "presale": "b_presale."}.get(stage)
    if prefix is None:
        return "b_" + stage                      # ask, dmask, praise, welcome, outage...
    if has(L, f"{prefix}{c.topic}") and not (stage == "update" and rng.random() < .35):
        return f"{prefix}{c.topic}"
    return "b_update" if stage == "update" else "b_details"


def brand_text(c, stage, author, t, parent):
    L, parts = c.cust.lang, []
    if stage == "ack":                           # automatic, out of hours
        text = pick(L, "b_ack")
    else:
        if stage != "chatter" and rng.random() < (.3 if c.helped else .75):
            parts.append(fill(greeting(L, "b_hi", t), c, t))
        if stage in ("info", "ask", "update", "outage", "details") and (
                c.intent in ("complaint", "outage") or rng.random() < (.3 if c.helped else .1)):
            parts.append(fresh(L, "b_sorry", c))
        if c.target == "Acme" and author.handle == "AcmeHelp" and not c.helped:
            parts.append(pick(L, "b_wrong"))
        parts.append(fill(fresh(L, body_key(c, stage, L), c), c, t))
        if stage in ("info", "update", "presale") and rng.random() < .35:
            parts.append(pick(L, "b_close"))
        text = cap(join(parts, brand=True))
        if author.handle == "AcmeHelp" and rng.random() < .8:
            text += " " + c.agent               # the agent's initials or name
    return ("" if c.private else "@" + parent.author.handle + " ") + text
