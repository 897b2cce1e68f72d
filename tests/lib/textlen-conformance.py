#!/usr/bin/env python3
"""twitter-text's conformance cases (SC_SHARED/data/external/twitter_text)
against sc's counting (SC_BUILD/tests/tool_textlen): every weighted-length
case of validate.yml that twitter-text runs with the v3 configuration, X's
(weightedLength and valid; WeightedTweetsCounterTest is run with v2, which
counts emoji by code point, so its figures are only reported), every URL
case of extract.yml (urls, urls_with_indices, urls_with_directional_markers,
tco_urls_with_params) and every top-level domain of tlds.yml. Speaks TAP:
one test per section, with the cases that disagree, and a summary line
"# N of M cases agree". The YAML files are read at test time, never copied.
Usage: textlen-conformance.py TOOL TWITTER_TEXT_DIR"""
import subprocess
import sys

import yaml

WEIGHTED = ["WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest"]
V2 = "WeightedTweetsCounterTest"
URLS = ["urls", "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params"]


def run(tool, texts):
    data = b"\0".join(t.encode("utf-8", "surrogatepass") for t in texts)
    out = subprocess.run([tool], input=data, stdout=subprocess.PIPE, check=True).stdout
    rows = out.decode("utf-8").split("\n")[:-1]
    if len(rows) != len(texts):
        sys.exit("tool_textlen answered %d texts of %d" % (len(rows), len(texts)))
    res = []
    for r in rows:
        head, *urls = r.split("\t")
        x, bad, _, _ = (int(v) for v in head.split(" "))
        res.append((x, bad, urls))
    return res


def main():
    tool, d = sys.argv[1], sys.argv[2]
    load = lambda f: yaml.safe_load(open("%s/%s" % (d, f), encoding="utf-8"))["tests"]
    validate, extract, tlds = load("validate.yml"), load("extract.yml"), load("tlds.yml")
    sections = []  # (name, cases, check)
    weighted = lambda c, r: r[0] == c["expected"]["weightedLength"] and \
        (r[0] > 0 and r[0] <= 280 and r[1] == 0) == c["expected"]["valid"]
    for s in WEIGHTED:
        sections.append(("validate.yml " + s, validate[s], weighted,
                         lambda c, r: "weightedLength %s valid %s, sc %d%s" % (
                             c["expected"]["weightedLength"], c["expected"]["valid"], r[0],
                             " bad U+%04X" % r[1] if r[1] else "")))
    for s in URLS:
        sections.append(("extract.yml " + s, extract[s],
                         lambda c, r: r[2] == [u if isinstance(u, str) else u["url"]
                                               for u in c["expected"]],
                         lambda c, r: "X finds %s, sc %s" % (
                             [u if isinstance(u, str) else u["url"] for u in c["expected"]], r[2])))
    for s in ("generic", "country"):
        sections.append(("tlds.yml " + s, tlds[s], lambda c, r: r[2] == c["expected"],
                         lambda c, r: "X finds %s, sc %s" % (c["expected"], r[2])))
    agree = total = failed = 0
    print("1..%d" % len(sections))
    for i, (name, cases, check, why) in enumerate(sections, 1):
        res = run(tool, [c["text"] for c in cases])
        bad = [(c, r) for c, r in zip(cases, res) if not check(c, r)]
        agree += len(cases) - len(bad)
        failed += len(bad) > 0
        total += len(cases)
        print("%s %d - %s: %d of %d cases agree" % ("not ok" if bad else "ok", i, name,
                                                    len(cases) - len(bad), len(cases)))
        for c, r in bad:
            print("#   %s: %r: %s" % (c["description"], c["text"], why(c, r)))
    print("# %d of %d cases agree" % (agree, total))
    v2 = run(tool, [c["text"] for c in validate[V2]])
    print("# validate.yml %s (twitter-text runs it with v2, not X's v3): %d of %d agree" % (
        V2, sum(weighted(c, r) for c, r in zip(validate[V2], v2)), len(v2)))
    sys.exit(1 if failed else 0)


main()
