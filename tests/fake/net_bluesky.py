"""The fake Bluesky PDS/AppView: com.atproto.server.createSession and
refreshSession (tokens rotate: a refresh token works once), and
app.bsky.notification.listNotifications (reasons filter, cursor pages,
newest first). Notification views are copies of the AppView's own test
snapshots (notifications.test.ts.snap, read as JSON at start) with their
placeholders (user(0), record(1), cids(2)) replaced by real-looking
values. Rate-limit headers are the ratelimit-* ones Bluesky sends."""
import copy
import email.utils
import json
import os
import re
import time

PASSWORD = os.environ.get("FAKE_TOKEN", "")
HANDLE = "acme.bsky.social"
DID = "did:plc:acmehelp4abcdefghijklmn"
BASE_TIME = 1795338000


def snapshots(path):
    with open(path, encoding="utf-8") as f:
        s = f.read()
    for name, block in re.findall(r"exports\[`(.*?)`\] = `\n(.*?)\n`;", s, re.S):
        v = json.loads(re.sub(r",(\s*[}\]])", r"\1", block))
        yield from v if isinstance(v, list) else v.get("notifications", [])


class Network:
    def __init__(self, recorded):
        recorded("bluesky/lexicons/app/bsky/notification/listNotifications.json")  # present?
        path = os.path.join(os.environ.get("SC_SHARED", ""), "data/external/bluesky/snapshots/notifications.test.ts.snap")
        views = [n for n in snapshots(path) if isinstance(n, dict)]
        self.t_reply = [n for n in views if n.get("reason") == "reply"][0]
        self.t_mention = [n for n in views if n.get("reason") == "mention"][0]
        self.t_like = [n for n in views if n.get("reason") == "like"][0]
        self.items = []  # newest last
        self.n = 0
        self.at = BASE_TIME
        self.gen = 0
        self.access = self.refresh = None
        self.remaining = 3000
        self.link_host = None

    # --- the world -----------------------------------------------------
    def uri(self, did, k):
        return "at://%s/app.bsky.feed.post/3l%011dxx" % (did, k)

    def author(self, k):
        a = copy.deepcopy(self.t_reply["author"])
        a.update({"did": "did:plc:customer%d0000000000000000" % (k % 5), "handle": "customer%d.bsky.social" % (k % 5)})
        if k % 5 != 4:
            a["displayName"] = "Customer %d" % (k % 5)
        if k % 5 == 3:
            a["verification"] = {"verifications": [], "verifiedStatus": "valid", "trustedVerifierStatus": "none"}
        return a

    def add(self, stream, n, same=False):
        ids = []
        for _ in range(n):
            self.n += 1
            k = self.n
            if not same:
                self.at += 7
            ts = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.at))
            a = self.author(k)
            uri = self.uri(a["did"], k)
            cid = "bafyreib%040d" % k
            if stream == "like":
                v = copy.deepcopy(self.t_like)
                v["record"]["subject"] = {"cid": cid, "uri": self.uri(DID, k)}
                v["record"].pop("via", None)
                v["reasonSubject"] = self.uri(DID, k)
            elif stream == "reply" and any(x["reason"] != "like" for x in self.items):
                v = copy.deepcopy(self.t_reply)
                parent = [x for x in self.items if x["reason"] != "like"][-1]
                root = parent["record"].get("reply", {}).get("root") or {"cid": parent["cid"], "uri": parent["uri"]}
                v["record"]["reply"] = {"parent": {"cid": parent["cid"], "uri": parent["uri"]}, "root": root}
                v["reasonSubject"] = parent["uri"]
                v["record"]["text"] = "still waiting for order %d" % k
            else:
                v = copy.deepcopy(self.t_mention)
                v["record"]["text"] = "@%s order %d never arrived" % (HANDLE, k)
                v["record"]["facets"][0]["features"][0]["did"] = DID
                v["record"]["facets"][0]["index"]["byteEnd"] = len(HANDLE) + 1
                v["record"].pop("embed", None)
            v.update({"author": a, "uri": uri, "cid": cid, "indexedAt": ts, "isRead": False})
            v["record"]["createdAt"] = ts
            if k % 2:
                v["record"]["langs"] = ["it"]
            self.items.append(v)
            ids.append(uri)
        return ids

    # --- answers ---------------------------------------------------------
    def headers(self):
        self.remaining = max(self.remaining - 1, 1)
        return {"content-type": "application/json; charset=utf-8", "date": email.utils.formatdate(usegmt=True),
                "ratelimit-limit": "3000", "ratelimit-remaining": str(self.remaining),
                "ratelimit-reset": str(int(time.time()) + 300), "ratelimit-policy": "3000;w=300"}

    def auth_state(self, header, path):
        if path.endswith("createSession"):
            return "ok"
        if not header:
            return "none"
        want = self.refresh if path.endswith("refreshSession") else self.access
        return "ok" if want and header == "Bearer " + want else "bad"

    def unauthorized(self, auth):
        if auth == "none":
            return 401, {"error": "AuthMissing", "message": "Authentication Required"}, self.headers()
        return 400, {"error": "ExpiredToken", "message": "Token has expired"}, self.headers()

    def too_many(self, wait):
        h = self.headers()
        h["ratelimit-remaining"] = "0"
        h["ratelimit-reset"] = str(int(time.time() + wait))
        return 429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, h

    def server_error(self, code):
        return code, {"error": "InternalServerError", "message": "Internal Server Error"}, self.headers()

    def expire(self):
        self.access = self.refresh = None

    def session(self):
        self.gen += 1
        self.access = "fake-access-%d-%s" % (self.gen, os.urandom(6).hex())
        self.refresh = "fake-refresh-%d-%s" % (self.gen, os.urandom(6).hex())
        return 200, {"accessJwt": self.access, "refreshJwt": self.refresh, "handle": HANDLE, "did": DID,
                     "email": "help@acme.example", "emailConfirmed": True, "emailAuthFactor": False,
                     "active": True}, self.headers()

    def route(self, method, path, q, body, kind, page_size):
        if path == "/xrpc/com.atproto.server.createSession" and method == "POST":
            try:
                b = json.loads(body or b"{}")
            except ValueError:
                b = {}
            if b.get("identifier") not in (HANDLE, DID) or b.get("password") != PASSWORD:
                return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, self.headers()
            return self.session()
        if path == "/xrpc/com.atproto.server.refreshSession" and method == "POST":
            return self.session()
        if path == "/xrpc/app.bsky.notification.listNotifications":
            return self.page(q, kind, page_size)
        return 404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}, self.headers()

    def page(self, q, kind, page_size):
        limit = page_size or int(q.get("limit", ["50"])[0])
        reasons = q.get("reasons")
        items = [x for x in reversed(self.items) if not reasons or x["reason"] in reasons]
        start = int(q["cursor"][0].split("::")[0]) if q.get("cursor") else 0
        if kind == "repeat" and start:
            start = max(0, start - limit // 2 - 1)
        chunk = [] if kind == "empty" else items[start:start + limit]
        end = start + (0 if kind == "empty" else limit)
        body = {"notifications": chunk, "priority": False}
        if end < len(items) or kind == "empty":
            body["cursor"] = "%d::bafy%s" % (end, "e" if kind == "empty" else "c")
        if self.items:
            body["seenAt"] = "1970-01-01T00:00:00.000Z"
        return 200, body, self.headers()
