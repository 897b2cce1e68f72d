"""The fake Meta Graph API (Facebook Pages, Messenger, Instagram), for
sc-fetch facebook / instagram and sc-reply's Meta poster.

There are no recordings of the Graph API in ../shared, so the shapes follow
the Graph API reference as documented (developers.facebook.com/docs/graph-api):
  - edges answer {"data": [...], "paging": {"cursors": {"before", "after"},
    "next"}}; "next" is a full URL that carries access_token (as the real
    API writes it: a client must never print or follow it as given);
  - field expansion: /PAGE/feed?fields=...,comments...{...} embeds each
    post's first page of comments, /PAGE/conversations?fields=messages...
    each conversation's first page of messages, /IG/media?fields=comments
    each medium's comments with their replies;
  - times as the Graph API writes them: 2026-11-24T09:00:07+0000;
  - errors {"error": {"message", "type", "code", "error_subcode",
    "fbtrace_id"}}: 190 for a bad or expired token (subcode 463 expired),
    4 / 17 / 32 / 613 for rate limits with the x-app-usage and
    x-business-use-case-usage headers ({"PAGE_ID": [{"type": "pages",
    "call_count", "total_cputime", "total_time",
    "estimated_time_to_regain_access" (minutes)}]}), 2 with a 500;
  - the Send API: POST /PAGE/messages {"recipient": {"id"} or
    {"comment_id"}, "messaging_type": "RESPONSE", "message": {"text"}}
    answers {"recipient_id", "message_id"}; outside the 24-hour window
    (7 days from the comment for a private reply) it is refused with code
    10, subcode 2018278 "(#10) This message is sent outside of allowed
    window."; POST /COMMENT/comments (Facebook) and POST /IG-COMMENT/replies
    (Instagram) {"message"} answer {"id"}.

Streams for /_ctl/add: comments (customers' comments on the Page's posts,
a new post every fourth), replies (the Page answering the last comment),
late (a comment written 60 s before the newest one), messages (Messenger:
customers, every third the Page), old_messages (a customer message two
days old), ig_comments, ig_replies (customers' replies to the last IG
comment), ig_messages. Posts made through the API are appended to
DIR/posts.jsonl."""
import base64
import email.utils
import json
import os
import re
import time
import urllib.parse

from bearer import Bearer

PAGE = "104857600000001"
IG = "17841400000000001"
API_VERSION = "v21.0"


def gtime(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(t))


def b64(s):
    return base64.b64encode(s.encode()).decode()


def err(status, code, message, sub=None, typ="OAuthException"):
    e = {"message": message, "type": typ, "code": code, "fbtrace_id": "AbCdEf%d" % code}
    if sub:
        e["error_subcode"] = sub
    return status, {"error": e}, {"content-type": "application/json; charset=UTF-8",
                                  "www-authenticate": 'OAuth "Facebook Platform" "invalid_token" "%s"' % message}


class Network(Bearer):
    def __init__(self, recorded):
        self.base = int(time.time()) - 7200  # the world starts two hours ago
        self.n = 0
        self.posts = []      # Facebook posts and Instagram media, oldest first
        self.comments = {}   # id -> comment
        self.convs = {}      # id -> conversation
        self.expired = False
        self.calls = 0
        self.rate_codes = [4, 17, 32, 613]
        self.dir = None

    # --- the world -----------------------------------------------------
    def tick(self):
        self.n += 1
        return self.n, self.base + self.n * 7

    def user(self, k, ig):
        if ig:
            return {"username": "customer_%d" % (k % 5), "id": "17841499%09d" % (k % 5 + 1)}
        return {"name": "Customer %d" % (k % 5), "id": "61000000000%04d" % (k % 5 + 1)}

    def page_user(self, ig):
        return {"username": "acmehelp", "id": IG} if ig else {"name": "Acme Help", "id": PAGE}

    def new_post(self, ig, t):
        k = len(self.posts) + 1
        pid = ("1790000000%07d" % k) if ig else "%s_%d" % (PAGE, 9000000 + k)
        p = {"id": pid, "ig": ig, "created": t, "updated": t, "comments": [],
             "message": "Our new offer %d" % k}
        self.posts.append(p)
        return p

    def last_post(self, ig):
        ps = [p for p in self.posts if p["ig"] == ig]
        return ps[-1] if ps else None

    def comment(self, post, frm, text, t, parent=None):
        k = len(self.comments) + 1
        cid = ("1800000000%07d" % k) if post["ig"] else "%s_%d" % (post["id"].split("_")[1], 7000000 + k)
        c = {"id": cid, "post": post["id"], "from": frm, "message": text, "created": t,
             "parent": parent, "ig": post["ig"], "replies": []}
        self.comments[cid] = c
        if parent and post["ig"]:
            self.comments[parent]["replies"].append(cid)
        else:
            post["comments"].append(cid)
        post["updated"] = max(post["updated"], t)
        return c

    def conv_for(self, user, ig):
        for c in self.convs.values():
            if c["user"]["id"] == user["id"] and c["ig"] == ig:
                return c
        k = len(self.convs) + 1
        cid = b64("ig_thread_%d" % k).rstrip("=") if ig else "t_10000000000%04d" % k
        c = {"id": cid, "ig": ig, "user": user, "messages": [], "updated": 0,
             "link": "/%s/inbox/%d/" % (PAGE, k)}
        self.convs[cid] = c
        return c

    def message(self, conv, frm, text, t):
        k = sum(len(c["messages"]) for c in self.convs.values()) + 1
        mid = b64("ig_message_item_%d" % k).rstrip("=") if conv["ig"] else "m_%s" % b64("mid.%013d" % k).rstrip("=")
        to = self.page_user(conv["ig"]) if frm["id"] != self.page_user(conv["ig"])["id"] else conv["user"]
        m = {"id": mid, "from": frm, "to": to, "message": text, "created": t}
        conv["messages"].append(m)
        conv["updated"] = max(conv["updated"], t)
        return m

    def add(self, stream, n, same=False):
        ids = []
        newest = self.base + self.n * 7  # the last tick's time: same=1 puts the whole batch there
        for _ in range(n):
            k, t = self.tick()
            if same and self.n > 1:
                t = newest
            ig = stream.startswith("ig_")
            if stream in ("comments", "ig_comments"):
                post = self.last_post(ig)
                if not post or k % 4 == 0:
                    post = self.new_post(ig, t - 1)
                c = self.comment(post, self.user(k, ig), "order %d never arrived & nobody answers <3" % k, t)
            elif stream == "late":
                newest = max((c["created"] for c in self.comments.values() if not c["ig"]), default=t)
                c = self.comment(self.last_post(False) or self.new_post(False, t - 100), self.user(k, False),
                                 "late comment %d" % k, newest - 60)
            elif stream == "replies":
                last = [c for c in self.comments.values() if not c["ig"] and c["from"]["id"] != PAGE][-1]
                post = [p for p in self.posts if p["id"] == last["post"]][0]
                c = self.comment(post, self.page_user(False), "@%s we are on it (%d)" % (last["from"]["name"], k),
                                 t, parent=last["id"])
            elif stream == "ig_replies":
                last = [c for c in self.comments.values() if c["ig"] and not c["parent"]][-1]
                post = [p for p in self.posts if p["id"] == last["post"]][0]
                c = self.comment(post, self.user(k, True), "reply %d to you" % k, t, parent=last["id"])
            elif stream in ("messages", "ig_messages", "old_messages"):
                user = self.user(k, ig)
                conv = self.conv_for(user, ig)
                if stream == "old_messages":
                    t = int(time.time()) - 2 * 86400 - k
                frm = self.page_user(ig) if k % 3 == 0 and conv["messages"] else user
                c = self.message(conv, frm, "private message %d" % k, t)
            else:
                raise ValueError(stream)
            ids.append(c["id"])
        return ids

    def expire(self):
        self.expired = True

    # --- answers ---------------------------------------------------------
    def headers(self):
        self.calls += 1
        pct = min(self.calls, 99)
        return {"content-type": "application/json; charset=UTF-8", "facebook-api-version": API_VERSION,
                "x-fb-trace-id": "Fake%d" % self.calls, "date": email.utils.formatdate(usegmt=True),
                "x-app-usage": json.dumps({"call_count": pct, "total_cputime": pct // 2, "total_time": pct // 3}),
                "x-business-use-case-usage": json.dumps({PAGE: [{"type": "pages", "call_count": pct,
                                                                 "total_cputime": pct // 2, "total_time": pct // 3,
                                                                 "estimated_time_to_regain_access": 0}]})}

    def auth_state(self, header, path):
        if self.expired:
            return "expired"
        return Bearer.auth_state(self, header, path)

    def unauthorized(self, auth):
        if auth == "expired":
            return err(400, 190, "Error validating access token: Session has expired on Tuesday, "
                       "24-Nov-26 08:00:00 PST. The current time is Tuesday, 24-Nov-26 09:00:00 PST.", 463)
        return err(400, 190, "Invalid OAuth access token - Cannot parse access token")

    def too_many(self, wait):
        code = self.rate_codes[self.calls % len(self.rate_codes)]
        status, body, h = err(403 if code == 4 else 400, code, {
            4: "(#4) Application request limit reached", 17: "(#17) User request limit reached",
            32: "(#32) Page request limit reached", 613: "(#613) Calls to this api have exceeded the rate limit."}[code])
        h["x-app-usage"] = json.dumps({"call_count": 100, "total_cputime": 40, "total_time": 45})
        h["x-business-use-case-usage"] = json.dumps({PAGE: [{"type": "pages", "call_count": 100, "total_cputime": 40,
                                                             "total_time": 45,
                                                             "estimated_time_to_regain_access": self.regain(wait)}]})
        self.calls += 1
        return status, body, h

    def regain(self, wait):
        """Minutes until access comes back: the fault's wait; with
        FAKE_META_REGAIN_MIN=M, every other limit says M minutes at least (so
        that runs with a short --max-wait stop on some of them)."""
        m = int(wait // 60)
        floor = int(os.environ.get("FAKE_META_REGAIN_MIN", "0"))
        return max(m, floor) if floor and self.calls % 2 else m

    def server_error(self, code):
        s, b, h = err(code, 2, "An unexpected error has occurred. Please retry your request later.")
        b["error"]["is_transient"] = True
        return s, b, h

    def route(self, method, path, q, body, kind, page_size):
        path = re.sub(r"^/v\d+\.\d+", "", path)
        p = path.strip("/").split("/")
        one = lambda k, d=None: q.get(k, [d])[0]
        if method == "POST":
            return self.post(p, body)
        if len(p) != 2:
            return err(400, 100, "Unsupported get request.", 33, "GraphMethodException")
        node, edge = p
        fields = one("fields", "")
        limit = page_size or int(one("limit") or 25)
        if edge == "feed" and node == PAGE:
            posts = sorted([x for x in self.posts if not x["ig"]], key=lambda x: -x["created"])
            return self.page(path, q, [self.post_obj(x, fields, page_size) for x in posts], limit, kind)
        if edge == "media" and node == IG:
            posts = sorted([x for x in self.posts if x["ig"]], key=lambda x: -x["created"])
            return self.page(path, q, [self.post_obj(x, fields, page_size) for x in posts], limit, kind)
        if edge in ("comments", "replies"):
            if node in [x["id"] for x in self.posts]:
                post = [x for x in self.posts if x["id"] == node][0]
                return self.page(path, q, self.comment_list(post, fields, page_size), limit, kind)
            if node in self.comments:
                c = self.comments[node]
                kids = [x for x in self.comments.values() if x["parent"] == node]
                kids.sort(key=lambda x: -x["created"])
                return self.page(path, q, [self.comment_obj(x) for x in kids], limit, kind)
        if edge == "conversations" and node in (PAGE, IG):
            ig = one("platform") == "instagram"
            convs = [c for c in self.convs.values() if c["ig"] == ig and c["messages"]]
            if one("user_id"):
                convs = [c for c in convs if c["user"]["id"] == one("user_id")]
            convs.sort(key=lambda c: -c["updated"])
            return self.page(path, q, [self.conv_obj(c, fields, page_size) for c in convs], limit, kind)
        if edge == "messages" and node in self.convs:
            msgs = sorted(self.convs[node]["messages"], key=lambda m: -m["created"])
            return self.page(path, q, [self.message_obj(m) for m in msgs], limit, kind)
        return err(400, 100, "Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to "
                   "missing permissions, or does not support this operation." % node, 33, "GraphMethodException")

    @staticmethod
    def sub_limit(fields, edge, page_size):
        m = re.search(edge + r"[^{]*\.limit\((\d+)\)", fields)
        return page_size or (int(m.group(1)) if m else 25)

    def post_obj(self, p, fields, page_size):
        o = {"id": p["id"]}
        if p["ig"]:
            o.update({"timestamp": gtime(p["created"]), "permalink": "https://www.instagram.com/p/%s/" % p["id"]})
        else:
            o.update({"created_time": gtime(p["created"]), "updated_time": gtime(p["updated"]),
                      "permalink_url": "https://www.facebook.com/%s" % p["id"]})
        if "comments" in fields and p["comments"]:
            items = self.comment_list(p, fields, page_size)
            o["comments"] = self.edge_obj(items, self.sub_limit(fields, "comments", page_size),
                                          "/%s/%s/comments" % (API_VERSION, p["id"]))
        return o

    def comment_list(self, post, fields, page_size):
        if post["ig"]:
            cs = [self.comments[c] for c in post["comments"]]
        else:  # filter(stream): replies too, flat
            cs = [c for c in self.comments.values() if c["post"] == post["id"]]
        cs.sort(key=lambda c: -c["created"])
        return [self.comment_obj(c, page_size) for c in cs]

    def comment_obj(self, c, page_size=None):
        if c["ig"]:
            o = {"id": c["id"], "text": c["message"], "timestamp": gtime(c["created"]),
                 "username": c["from"]["username"], "from": c["from"]}
            if c["parent"]:
                o["parent_id"] = c["parent"]
            if c["replies"]:
                reps = [self.comment_obj(self.comments[r]) for r in c["replies"]]
                o["replies"] = {"data": reps}
            return o
        o = {"id": c["id"], "message": c["message"], "from": c["from"], "created_time": gtime(c["created"]),
             "permalink_url": "https://www.facebook.com/%s?comment_id=%s" % (c["post"], c["id"])}
        if c["parent"]:
            o["parent"] = {"id": c["parent"], "from": self.comments[c["parent"]]["from"]}  # parent{id,from}
        return o

    def conv_obj(self, c, fields, page_size):
        o = {"id": c["id"], "updated_time": gtime(c["updated"])}
        if not c["ig"]:
            o["link"] = c["link"]
        msgs = sorted(c["messages"], key=lambda m: -m["created"])
        o["messages"] = self.edge_obj([self.message_obj(m) for m in msgs],
                                      self.sub_limit(fields, "messages", page_size),
                                      "/%s/%s/messages" % (API_VERSION, c["id"]))
        return o

    @staticmethod
    def message_obj(m):
        return {"id": m["id"], "message": m["message"], "from": m["from"],
                "to": {"data": [m["to"]]}, "created_time": gtime(m["created"])}

    def next_url(self, path, params):
        params = dict(params)
        params["access_token"] = os.environ.get("FAKE_TOKEN", "")  # as the Graph API writes it
        return "http://%s%s?%s" % (getattr(self, "host", "127.0.0.1"), path, urllib.parse.urlencode(params))

    def edge_obj(self, items, limit, path, start=0, kind=None, extra=None):
        if kind == "repeat" and start > 0:
            start = max(0, start - limit // 2 - 1)
        chunk = [] if kind == "empty" else items[start:start + limit]
        end = start + (0 if kind == "empty" else len(chunk))
        o = {"data": chunk}
        if items:
            o["paging"] = {"cursors": {"before": b64("c%d" % start), "after": b64("c%d" % max(end - 1, start - 1))}}
            if end < len(items) or kind == "empty":
                params = dict(extra or {})
                params.update({"limit": str(limit), "after": b64("c%d" % (end - 1))})
                o["paging"]["next"] = self.next_url(path, params)
        return o

    def page(self, path, q, items, limit, kind):
        after = q.get("after", [None])[0]
        start = 0
        if after:
            try:
                start = int(base64.b64decode(after).decode()[1:]) + 1
            except ValueError:
                return err(400, 100, "Invalid cursor", None, "GraphMethodException")
        extra = {k: v[0] for k, v in q.items() if k not in ("after", "limit", "access_token")}
        return 200, self.edge_obj(items, limit, "/%s%s" % (API_VERSION, path), start, kind, extra), self.headers()

    # --- posting -----------------------------------------------------------
    def log_post(self, entry):  # replaced by fake.py's logger (DIR/posts.jsonl)
        pass

    def refused(self, code, path):
        if code == 404:
            return err(400, 100, "Unsupported post request. Object with ID '%s' does not exist, cannot be "
                       "loaded due to missing permissions, or does not support this operation." % path, 33,
                       "GraphMethodException")
        return err(403, 10, "(#10) Application does not have permission for this action", None, "OAuthException")

    def post(self, p, body):
        try:
            b = json.loads(body.decode() or "{}")
        except ValueError:
            return err(400, 100, "(#100) Invalid JSON body", None, "OAuthException")
        now = int(time.time())
        if len(p) == 2 and p[1] in ("comments", "replies") and p[0] in self.comments:
            c = self.comments[p[0]]
            if (p[1] == "replies") != c["ig"]:
                return err(400, 100, "Unsupported post request.", 33, "GraphMethodException")
            if not b.get("message"):
                return err(400, 100, "(#100) Missing message or attachment", None, "OAuthException")
            post = [x for x in self.posts if x["id"] == c["post"]][0]
            r = self.comment(post, self.page_user(c["ig"]), b["message"], now, parent=c["id"])
            self.log_post({"endpoint": "/%s/%s" % tuple(p), "body": b, "id": r["id"]})
            return 200, {"id": r["id"]}, self.headers()
        if len(p) == 2 and p[1] == "messages" and p[0] in (PAGE, IG):
            return self.send(p, b, now)
        return err(400, 100, "Unsupported post request.", 33, "GraphMethodException")

    def send(self, p, b, now):
        rec = b.get("recipient") or {}
        text = (b.get("message") or {}).get("text")
        if not text:
            return err(400, 100, "(#100) The parameter message is required", None, "OAuthException")
        if rec.get("comment_id"):
            c = self.comments.get(rec["comment_id"])
            if not c:
                return err(400, 100, "(#100) Invalid comment_id", None, "OAuthException")
            if now - c["created"] > 7 * 86400:
                return err(400, 10, "(#10) This message is sent outside of allowed window.", 2018278)
            ig, user = c["ig"], c["from"]
        elif rec.get("id"):
            if b.get("messaging_type") != "RESPONSE":
                return err(400, 100, "(#100) messaging_type must be RESPONSE here", None, "OAuthException")
            conv = [c for c in self.convs.values() if c["user"]["id"] == rec["id"]]
            if not conv:
                return err(400, 100, "(#100) No matching user found", 2018001, "OAuthException")
            inbound = [m["created"] for m in conv[0]["messages"] if m["from"]["id"] == rec["id"]]
            if not inbound or now - max(inbound) > 86400:
                return err(400, 10, "(#10) This message is sent outside of allowed window.", 2018278)
            ig, user = conv[0]["ig"], conv[0]["user"]
        else:
            return err(400, 100, "(#100) param recipient must be non-empty.", None, "OAuthException")
        conv = self.conv_for(user, ig)
        m = self.message(conv, self.page_user(ig), text, now)
        self.log_post({"endpoint": "/%s/%s" % tuple(p), "body": b, "id": m["id"]})
        return 200, {"recipient_id": user["id"], "message_id": m["id"]}, self.headers()
