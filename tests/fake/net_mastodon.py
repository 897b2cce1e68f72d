"""The fake Mastodon API: accounts/verify_credentials, notifications
(types[]=mention, since_id, max_id, Link pagination as Mastodon writes it:
since_id is not carried into the next link), accounts/:id/statuses.
Notifications, statuses and accounts are copies of the recorded ones
(Mastodon.py cassettes) with their ids, times, texts and authors changed."""
import copy
import email.utils
import os
import time
import urllib.parse

from bearer import Bearer

BASE_STATUS = 117020577157693549
BASE_TIME = 1795338000


class Network(Bearer):
    def __init__(self, recorded):
        rec = lambda p: recorded("mastodon/" + p)
        ment = rec("recorded_mastodon_py/test_notifications_mentions_only.json")
        get = [e for e in ment if e["request"]["method"] == "GET" and "types" in e["request"]["uri"]][0]
        self.t_notif = get["response"]["body"][0]
        self.h_notif = get["response"]["headers"]
        acc = rec("recorded_mastodon_py/test_account.json")[0]["response"]
        self.t_me, self.h_me = acc["body"], acc["headers"]
        unauth = rec("recorded_mastodon_py/test_unauthed_home_tl_throws.json")
        r401 = [e["response"] for e in unauth if e["response"]["status"]["code"] == 401][0]
        self.b_401, self.h_401 = r401["body"], r401["headers"]
        self.b_429 = rec("docs_examples/content_en_methods_accounts__L149-151.json")
        self.me = copy.deepcopy(self.t_me)
        self.me.update({"id": "109000000000000001", "username": "AcmeHelp", "acct": "AcmeHelp",
                        "display_name": "Acme Help", "followers_count": 15300})
        self.n = 0
        self.notifs = []    # newest last
        self.statuses = []  # the brand's own, newest last
        self.remaining = 300

    def account(self, k):
        a = copy.deepcopy(self.t_notif["account"])
        a.update({"id": str(109100000000000000 + k % 5), "username": "customer_%d" % (k % 5),
                  "acct": "customer_%d@example.social" % (k % 5) if k % 2 else "customer_%d" % (k % 5),
                  "display_name": "" if k % 5 == 4 else "Customer %d" % (k % 5),
                  "followers_count": [12, 80, 15300, 230000, 5][k % 5]})
        return a

    def status(self, k, acc, html, visibility, parent):
        s = copy.deepcopy(self.t_notif["status"])
        sid = str(BASE_STATUS + k * 1000)
        s.update({"id": sid, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(BASE_TIME + k * 7)),
                  "visibility": visibility, "language": "it" if k % 2 else "en", "account": acc,
                  "content": html, "in_reply_to_id": parent["id"] if parent else None,
                  "in_reply_to_account_id": parent["account"]["id"] if parent else None,
                  "url": "%s/@%s/%s" % ("https://mastodon.example", acc["username"], sid),
                  "uri": "https://mastodon.example/users/%s/statuses/%s" % (acc["username"], sid)})
        return s

    def add(self, stream, n):
        ids = []
        for _ in range(n):
            self.n += 1
            k = self.n
            if stream in ("mentions", "direct"):
                acc = self.account(k)
                parent = self.statuses[-1] if self.statuses and k % 3 == 0 else None
                html = ('<p><span class="h-card" translate="no"><a href="https://mastodon.example/@AcmeHelp" '
                        'class="u-url mention">@<span>AcmeHelp</span></a></span> order %d &amp; co: see '
                        '<a href="https://shop.example/orders/%d" rel="nofollow noopener" target="_blank">'
                        '<span class="invisible">https://</span><span class="">shop.example/orders/%d</span>'
                        '<span class="invisible"></span></a></p><p>thanks&#39;</p>') % (k, k, k)
                s = self.status(k, acc, html, "direct" if stream == "direct" else "public", parent)
                nt = copy.deepcopy(self.t_notif)
                nt.update({"id": str(len(self.notifs) + 21), "created_at": s["created_at"], "account": acc,
                           "status": s, "group_key": "ungrouped-%d" % (len(self.notifs) + 21)})
                self.notifs.append(nt)
            elif stream == "statuses":
                parent = self.notifs[-1]["status"] if self.notifs else None
                s = self.status(k, self.me, "<p>@%s we are on it (%d)</p>" % (
                    parent["account"]["acct"] if parent else "x", k), "public", parent)
                self.statuses.append(s)
            else:
                raise ValueError(stream)
            ids.append(s["id"])
        return ids

    def headers(self, template):
        h = {k: v for k, v in template.items() if k != "link"}
        h["date"] = email.utils.formatdate(usegmt=True)
        self.remaining = max(self.remaining - 1, 1)
        h["x-ratelimit-remaining"] = str(self.remaining)
        h["x-ratelimit-reset"] = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(time.time() + 300))
        return h

    def too_many(self, wait):
        h = dict(self.h_me)
        h["x-ratelimit-remaining"] = "0"
        h["x-ratelimit-reset"] = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(time.time() + wait))
        return 429, self.b_429, h

    def server_error(self, code):
        return code, b"<html><body><h1>We're sorry, but something went wrong.</h1></body></html>", \
            {"content-type": "text/html; charset=utf-8"}

    def route(self, method, path, q, body, kind, page_size):
        if path == "/api/v1/accounts/verify_credentials":
            return 200, self.me, self.headers(self.h_me)
        if path == "/api/v1/notifications":
            items = [x for x in self.notifs if "mention" in q.get("types[]", ["mention"])]
            return self.page(path, items, q, kind, page_size, ["types[]"])
        if path == "/api/v1/accounts/%s/statuses" % self.me["id"]:
            return self.page(path, self.statuses, q, kind, page_size, ["exclude_reblogs"])
        return 404, {"error": "Record not found"}, {"content-type": "application/json; charset=utf-8"}

    def page(self, path, items, q, kind, page_size, keep):
        one = lambda k: q.get(k, [None])[0]
        limit = page_size or int(one("limit") or 20)
        sel = list(reversed(items))
        if one("since_id"):
            sel = [x for x in sel if int(x["id"]) > int(one("since_id"))]
        if one("max_id"):
            sel = [x for x in sel if int(x["id"]) < int(one("max_id"))]
        if kind == "repeat" and one("max_id"):
            older = [x for x in reversed(items) if int(x["id"]) >= int(one("max_id"))]
            sel = older[-(limit // 2 + 1):] + sel
        chunk = [] if kind == "empty" else sel[:limit]
        h = self.headers(self.h_notif)
        params = [(k, v) for k in keep for v in q.get(k, [])] + [("limit", str(limit))]
        base = "http://%s%s" % (getattr(self, "link_host", None) or self.host, path)
        if chunk or kind == "empty":
            nxt = chunk[-1]["id"] if chunk else one("max_id") or str(10 ** 20)
            prv = chunk[0]["id"] if chunk else nxt
            extra = [("min_id", "0")] if kind == "empty" else []
            h["link"] = '<%s?%s>; rel="next", <%s?%s>; rel="prev"' % (
                base, urllib.parse.urlencode(params + [("max_id", nxt)] + extra),
                base, urllib.parse.urlencode(params + [("min_id", prv)]))
        return 200, chunk, h
