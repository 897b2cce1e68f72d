"""The fake Mastodon API: accounts/verify_credentials, notifications
(types[]=mention, since_id, max_id, Link pagination as Mastodon writes it:
since_id is not carried into the next link), accounts/:id/statuses.
Notifications, statuses and accounts are copies of the recorded ones
(Mastodon.py cassettes) with their ids, times, texts and authors changed.

For posting (sc-reply): POST statuses (JSON; in_reply_to_id, visibility;
the Idempotency-Key header honoured as Mastodon does: a key seen before
gives back the status it made, nothing new is posted), POST
accounts/:id/follow and /unfollow, GET accounts/relationships, GET
/api/v2/instance (configuration.statuses.max_characters, 500 unless set
with /_ctl/config?max_characters=N). Statuses posted show in the account's
statuses with their HTML content written as Mastodon writes it (mentions
as h-card links showing only the user part)."""
import copy
import email.utils
import html
import json
import os
import re
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
        self.keys = {}        # Idempotency-Key -> the status it made
        self.following = set()
        self.max_characters = 500
        self.r422 = rec("recorded_mastodon_py/test_status_empty.json")[0]["response"]
        self.b_404 = rec("recorded_mastodon_py/test_status_missing.json")[0]["response"]["body"]

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

    def refused(self, code, path):
        """403: the account may not do this (a user who blocks the brand);
        404: the status answered was deleted (Mastodon's Record not found)."""
        if code == 403:
            return 403, {"error": "This action is not allowed"}, {"content-type": "application/json; charset=utf-8"}
        return 404, {"error": "Record not found"}, {"content-type": "application/json; charset=utf-8"}

    @staticmethod
    def content(text):
        """Text → the HTML Mastodon stores: escaped, mentions as h-card links."""
        def mention(m):
            user, host = m.group(1), m.group(2) or "mastodon.example"
            return ('<span class="h-card" translate="no"><a href="https://%s/@%s" class="u-url mention">'
                    '@<span>%s</span></a></span>') % (host, user, user)
        out = re.sub(r"@(\w+)(?:@([\w.-]+\w))?", mention, html.escape(text, quote=False))
        return "<p>" + out.replace("\n", "<br />") + "</p>"

    def post_status(self, body):
        try:
            b = json.loads(body or b"{}")
        except ValueError:
            b = {}
        key = self.req_headers.get("Idempotency-Key") if self.req_headers else None
        if key and key in self.keys:
            return 200, self.keys[key], self.headers(self.h_me)
        text = b.get("status")
        if not isinstance(text, str) or not text.strip():
            return self.r422["status"]["code"], {"error": "Validation failed: Text can't be blank"}, \
                {"content-type": "application/json; charset=utf-8"}
        if len(text) > self.max_characters:
            return 422, {"error": "Validation failed: Text character limit of %d exceeded" % self.max_characters}, \
                {"content-type": "application/json; charset=utf-8"}
        parent = b.get("in_reply_to_id")
        known = [x for x in [n["status"] for n in self.notifs] + self.statuses if x["id"] == parent]
        self.n += 1
        s = self.status(self.n, self.me, self.content(text), b.get("visibility") or "public",
                        known[0] if known else None)
        if parent and not known:
            s["in_reply_to_id"] = parent
        self.statuses.append(s)
        if key:
            self.keys[key] = s
        self.log_post({"endpoint": "statuses", "id": s["id"], "in_reply_to": parent, "key": key,
                       "visibility": s["visibility"], "text": text})
        return 200, s, self.headers(self.h_me)

    def relationship(self, aid):
        return {"id": aid, "following": aid in self.following, "showing_reblogs": aid in self.following,
                "notifying": False, "languages": None, "followed_by": False, "blocking": False,
                "blocked_by": False, "muting": False, "muting_notifications": False, "requested": False,
                "requested_by": False, "domain_blocking": False, "endorsed": False, "note": ""}

    def instance(self):
        return {"domain": "mastodon.example", "title": "Mastodon", "version": "4.3.0",
                "source_url": "https://github.com/mastodon/mastodon", "description": "",
                "usage": {"users": {"active_month": 1}}, "thumbnail": {"url": ""}, "languages": ["en"],
                "configuration": {"urls": {"streaming": "wss://mastodon.example"},
                                  "accounts": {"max_featured_tags": 10},
                                  "statuses": {"max_characters": self.max_characters,
                                               "max_media_attachments": 4,
                                               "characters_reserved_per_url": 23},
                                  "translation": {"enabled": False}},
                "registrations": {"enabled": False, "approval_required": False, "message": None},
                "contact": {"email": "", "account": None}, "rules": []}

    def route(self, method, path, q, body, kind, page_size):
        m = re.fullmatch(r"/api/v1/accounts/(\d+)/(follow|unfollow)", path)
        if m and method == "POST":
            aid, what = m.groups()
            if what == "follow":
                self.following.add(aid)
            else:
                self.following.discard(aid)
            self.log_post({"endpoint": what, "user": aid})
            return 200, self.relationship(aid), self.headers(self.h_me)
        if path == "/api/v1/accounts/relationships":
            return 200, [self.relationship(a) for a in q.get("id[]", [])], self.headers(self.h_me)
        if path == "/api/v1/statuses" and method == "POST":
            return self.post_status(body)
        if path == "/api/v2/instance":
            return 200, self.instance(), self.headers(self.h_me)
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
