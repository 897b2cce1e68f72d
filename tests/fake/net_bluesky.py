"""The fake Bluesky PDS/AppView: com.atproto.server.createSession and
refreshSession (tokens rotate: a refresh token works once), and
app.bsky.notification.listNotifications (reasons filter, cursor pages,
newest first). Notification views are copies of the AppView's own test
snapshots (notifications.test.ts.snap, read as JSON at start) with their
placeholders (user(0), record(1), cids(2)) replaced by real-looking
values. Rate-limit headers are the ratelimit-* ones Bluesky sends.

For posting (sc-reply), after the lexicons: com.atproto.repo.createRecord
(a record key given must be a valid TID for posts; a second create of the
same collection and key is refused, with the 500 InternalServerError a
PDS answers today, bluesky-social/atproto#3718), getRecord (400
RecordNotFound when absent), deleteRecord (idempotent), and
app.bsky.feed.getPosts (post views of the posts it knows; a post deleted,
injected as fault 404 on getPosts, is left out as the AppView does); and
the chat service as the PDS proxies it (only with the atproto-proxy
header): chat.bsky.convo.getConvoForMembers, sendMessage, getMessages
(newest first). A customer who takes no DMs: fault 403 on
getConvoForMembers, answered with the lexicon's MessagesDisabled.

For reading what the brand sends and gets in private (sc-fetch --dm):
chat.bsky.convo.listConvos (convoViews, the most recently active first,
as the Bluesky app lists them) and getMessages; streams "dm" (a customer
writes), "dmout" (the brand answers the conversation that waits longest
for it), "dmreply" (the customer the brand wrote to last answers) and
"dmdel" (a deleted message: a deletedMessageView). Convo ids,
message ids and revs are TIDs from one clock, as the chat service's are.
For --outbound: app.bsky.feed.getAuthorFeed (feedViewPosts, newest first,
with the reply refs) over the brand's posts: stream "post" (a top-level
post, or every second one a reply to the last customer post), the posts
sc-reply makes with createRecord, and stream "repost" (the brand reposts a
customer: a feed item with reasonRepost, not a post of its own). There are
no recorded chat answers to copy: the shapes are the lexicons'
(chat.bsky.convo.defs, app.bsky.feed.defs)."""
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
        self.records = {}  # (collection, rkey) -> (cid, record): the brand's repo
        self.convos = {}   # member DID -> {"id", "rev", "member": profile, "messages": views oldest first}
        self.feed = []     # the brand's author feed: feedViewPosts, oldest first
        self.clock = 0     # the chat service's TID clock

    def tid(self):
        """A TID (13 base32-sortable characters: microseconds, then a clock
        id), later than every one before it."""
        self.clock += 1
        v = ((BASE_TIME * 1000000 + self.clock * 1000) << 10) | 7
        b32 = "234567abcdefghijklmnopqrstuvwxyz"
        return "".join(b32[(v >> (60 - 5 * i)) & 31] for i in range(13))

    def profile(self, a):
        """An app.bsky.actor profile view as chat.bsky.actor.defs#profileViewBasic."""
        p = {k: a[k] for k in ("did", "handle", "displayName", "avatar", "associated", "labels",
                               "verification") if k in a}
        p["chatDisabled"] = False
        return p

    def convo_of(self, member, profile=None):
        c = self.convos.get(member)
        if not c:
            c = self.convos[member] = {"id": self.tid(), "rev": self.tid(), "messages": [],
                                       "member": profile or {"did": member, "handle": "customer.bsky.social"}}
        return c

    def message(self, c, sender, text, ts, deleted=False):
        m = {"$type": "chat.bsky.convo.defs#deletedMessageView" if deleted else "chat.bsky.convo.defs#messageView",
             "id": self.tid(), "rev": self.tid(), "sender": {"did": sender}, "sentAt": ts}
        if not deleted:
            m["text"] = text
        c["rev"] = m["rev"]
        c["messages"].append(m)
        return m

    def convo_view(self, c):
        v = {"id": c["id"], "rev": c["rev"], "members": [
            {"did": DID, "handle": HANDLE, "displayName": "Acme Help", "labels": [], "chatDisabled": False},
            c["member"]], "muted": False, "status": "accepted",
            "unreadCount": sum(1 for m in c["messages"] if m["sender"]["did"] != DID),
            "kind": {"$type": "chat.bsky.convo.defs#directConvo"}}
        if c["messages"]:
            v["lastMessage"] = c["messages"][-1]
        return v

    def own_post(self, k, ts):
        """The brand's post k: a reply to the last customer post every second one."""
        last = [x for x in self.items if x["reason"] != "like"]
        rkey = "3l%011dbb" % k
        rec = {"$type": "app.bsky.feed.post", "createdAt": ts, "langs": ["en"],
               "text": "We are on it, order %d" % k}
        item = {}
        if k % 2 and last:
            parent = last[-1]
            root = parent["record"].get("reply", {}).get("root") or {"cid": parent["cid"], "uri": parent["uri"]}
            rec["reply"] = {"parent": {"cid": parent["cid"], "uri": parent["uri"]}, "root": root}
            pv = lambda x: {"$type": "app.bsky.feed.defs#postView", "uri": x["uri"], "cid": x["cid"],
                            "author": x["author"], "record": x["record"], "replyCount": 1, "repostCount": 0,
                            "likeCount": 0, "quoteCount": 0, "indexedAt": x["indexedAt"], "labels": []}
            roots = [x for x in self.items if x["uri"] == root["uri"]] or [parent]
            item["reply"] = {"root": pv(roots[0]), "parent": pv(parent), "grandparentAuthor": None}
            if not parent["record"].get("reply"):
                del item["reply"]["grandparentAuthor"]
        item["post"] = self.post_view("at://%s/app.bsky.feed.post/%s" % (DID, rkey), "bafyreid%040d" % k, rec, ts)
        return item

    def post_view(self, uri, cid, rec, ts):
        return {"uri": uri, "cid": cid, "author": {"did": DID, "handle": HANDLE, "displayName": "Acme Help",
                "labels": [], "createdAt": "2023-04-01T10:00:00.000Z"}, "record": rec, "replyCount": 0,
                "repostCount": 0, "likeCount": 0, "quoteCount": 0, "indexedAt": ts, "labels": []}

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
            if stream in ("dm", "dmout", "dmdel", "dmreply", "post", "repost"):
                ids += self.add_own(stream, k, a, ts)
                continue
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
            elif stream == "reply_brand":  # a reply to one of the brand's own posts
                v = copy.deepcopy(self.t_reply)
                mine = {"cid": "bafyreib%040d" % (k + 1000), "uri": self.uri(DID, k + 1000)}
                v["record"]["reply"] = {"parent": mine, "root": mine}
                v["reasonSubject"] = mine["uri"]
                v["record"]["text"] = "thanks, that worked (%d)" % k
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

    def add_own(self, stream, k, a, ts):
        """A chat message or an author-feed item; the ids sc-fetch is to
        write (none for what is not a message)."""
        if stream == "post":
            item = self.own_post(k, ts)
            self.feed.append(item)
            return [item["post"]["uri"]]
        if stream == "repost":
            src = [x for x in self.items if x["reason"] != "like"]
            if src:
                x = src[-1]
                self.feed.append({"post": self.post_view(x["uri"], x["cid"], x["record"], x["indexedAt"]) | {
                    "author": x["author"]}, "reason": {"$type": "app.bsky.feed.defs#reasonRepost",
                    "by": {"did": DID, "handle": HANDLE}, "indexedAt": ts}})
            return []
        if stream == "dm":
            c = self.convo_of(a["did"], self.profile(a))
            return [self.message(c, a["did"], "hi, order %d never arrived" % k, ts)["id"]]
        if stream == "dmreply":  # the customer the brand wrote to last answers
            c = max((c for c in self.convos.values() if c["messages"] and c["messages"][-1]["sender"]["did"] == DID),
                    key=lambda c: c["rev"])
            return [self.message(c, c["member"]["did"], "thanks, it is order %d" % k, ts)["id"]]
        waiting = sorted((c for c in self.convos.values() if c["messages"]),
                         key=lambda c: (c["messages"][-1]["sender"]["did"] == DID, c["rev"]))
        c = waiting[0] if waiting else self.convo_of(a["did"], self.profile(a))
        m = self.message(c, DID, "Sorry about order %d, we are checking" % k, ts, stream == "dmdel")
        return [] if stream == "dmdel" else [m["id"]]

    def arrive(self):
        """Each conversation's customer writes again, the least recently
        active conversation first (fault "arrive": while a run reads)."""
        for c in sorted((c for c in self.convos.values() if c["messages"]), key=lambda c: c["rev"]):
            self.at += 7
            self.message(c, c["member"]["did"], "are you there?",
                         time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.at)))

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

    TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")

    def refused(self, code, path):
        if path.endswith("app.bsky.feed.getPosts"):
            return 200, {"posts": []}, self.headers()  # the post is gone: no view
        if path.endswith("getConvoForMembers"):
            return 400, {"error": "MessagesDisabled", "message": "recipient has disabled incoming messages"}, \
                self.headers()
        if code == 403:
            return 403, {"error": "Forbidden", "message": "Requester is blocked"}, self.headers()
        return 400, {"error": "InvalidRequest", "message": "Could not locate record"}, self.headers()

    def bad(self, message):
        return 400, {"error": "InvalidRequest", "message": message}, self.headers()

    def create(self, body):
        try:
            b = json.loads(body or b"{}")
        except ValueError:
            return self.bad("Invalid JSON")
        rec, coll, rkey = b.get("record"), b.get("collection"), b.get("rkey")
        if b.get("repo") not in (DID, HANDLE) or not isinstance(rec, dict) or not isinstance(coll, str):
            return self.bad("Input/repo, collection and record are required")
        if rec.get("$type") != coll:
            return self.bad("Invalid $type: expected %s" % coll)
        if coll == "app.bsky.feed.post" and (not isinstance(rec.get("text"), str) or not rec.get("createdAt")):
            return self.bad("Invalid app.bsky.feed.post record: Record must have the property \"text\"")
        if rkey is None:
            self.n += 1
            rkey = "3l%011dzz" % self.n
        elif not self.TID.match(rkey):
            return self.bad("Invalid record key for %s: %s" % (coll, rkey))
        if (coll, rkey) in self.records:
            return 500, {"error": "InternalServerError", "message": "Internal Server Error"}, self.headers()
        self.n += 1
        cid = "bafyreia%040d" % self.n
        self.records[(coll, rkey)] = (cid, rec)
        if coll == "app.bsky.feed.post":  # the brand's author feed shows it
            self.at += 7
            self.feed.append({"post": self.post_view("at://%s/%s/%s" % (DID, coll, rkey), cid, rec,
                                                     time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.at)))})
        uri = "at://%s/%s/%s" % (DID, coll, rkey)
        entry = {"endpoint": "post" if coll == "app.bsky.feed.post" else coll.rsplit(".", 1)[-1],
                 "rkey": rkey, "id": uri}
        if coll == "app.bsky.feed.post":
            reply = rec.get("reply") or {}
            entry.update({"in_reply_to": (reply.get("parent") or {}).get("uri"),
                          "parent_cid": (reply.get("parent") or {}).get("cid"),
                          "root": (reply.get("root") or {}).get("uri"),
                          "root_cid": (reply.get("root") or {}).get("cid"), "text": rec["text"]})
        else:
            entry["user"] = rec.get("subject")
        self.log_post(entry)
        return 200, {"uri": uri, "cid": cid, "commit": {"cid": "bafyreicommit%032d" % self.n, "rev": "3l%011dcc" % self.n},
                     "validationStatus": "valid"}, self.headers()

    def get_record(self, q):
        one = lambda k: q.get(k, [None])[0]
        key = (one("collection"), one("rkey"))
        uri = "at://%s/%s/%s" % (one("repo"), key[0], key[1])
        if one("repo") not in (DID, HANDLE) or key not in self.records:
            return 400, {"error": "RecordNotFound", "message": "Could not locate record: %s" % uri}, self.headers()
        cid, rec = self.records[key]
        return 200, {"uri": "at://%s/%s/%s" % (DID, key[0], key[1]), "cid": cid, "value": rec}, self.headers()

    def delete(self, body):
        try:
            b = json.loads(body or b"{}")
        except ValueError:
            return self.bad("Invalid JSON")
        key = (b.get("collection"), b.get("rkey"))
        if b.get("repo") not in (DID, HANDLE):
            return self.bad("Input/repo is required")
        gone = self.records.pop(key, None)
        if gone:
            self.log_post({"endpoint": "un" + key[0].rsplit(".", 1)[-1], "rkey": key[1],
                           "id": "at://%s/%s/%s" % (DID, key[0], key[1]), "user": gone[1].get("subject")})
        return 200, {"commit": {"cid": "bafyreicommit%032d" % self.n, "rev": "3l%011dcd" % self.n}}, self.headers()

    def post_views(self, q):
        views = []
        for uri in q.get("uris", []):
            for x in self.items:
                if x["uri"] == uri and x["reason"] != "like":
                    views.append({"uri": x["uri"], "cid": x["cid"], "author": x["author"], "record": x["record"],
                                  "replyCount": 0, "repostCount": 0, "likeCount": 0, "quoteCount": 0,
                                  "indexedAt": x["indexedAt"], "labels": []})
        return 200, {"posts": views}, self.headers()

    def chat(self, method, path, q, body):
        if (self.req_headers.get("atproto-proxy") or "") != "did:web:api.bsky.chat#bsky_chat":
            return 404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}, self.headers()
        if path.endswith("getConvoForMembers"):
            member = q.get("members", [""])[0]
            if not member.startswith("did:"):
                return self.bad("Error: params/members/0 must be a valid did")
            return 200, {"convo": self.convo_view(self.convo_of(member))}, self.headers()
        convo = {c["id"]: c for c in self.convos.values()}
        if path.endswith("sendMessage") and method == "POST":
            try:
                b = json.loads(body or b"{}")
            except ValueError:
                return self.bad("Invalid JSON")
            c = convo.get(b.get("convoId"))
            text = (b.get("message") or {}).get("text")
            if not c:
                return self.bad("Convo not found")
            if not isinstance(text, str) or not text:
                return self.bad("Input/message/text is required")
            self.n += 1
            self.at += 7  # the fake's clock, so that an answer added after it comes after it
            m = self.message(c, DID, text, time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.at)))
            self.log_post({"endpoint": "dm", "id": m["id"], "user": c["member"]["did"], "text": text})
            return 200, m, self.headers()
        if path.endswith("getMessages"):
            c = convo.get(q.get("convoId", [""])[0])
            if not c:
                return 400, {"error": "InvalidConvo", "message": "Convo not found"}, self.headers()
            return 200, self.paged("messages", list(reversed(c["messages"])), q, self.page_size), self.headers()
        if path.endswith("listConvos"):
            status = q.get("status", [None])[0]
            convos = sorted((c for c in self.convos.values() if c["messages"]), key=lambda c: c["rev"], reverse=True)
            views = [self.convo_view(c) for c in convos if not status or status == "accepted"]
            return 200, self.paged("convos", views, q, self.page_size), self.headers()
        return 404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}, self.headers()

    def paged(self, key, items, q, page_size):
        """A page of items (newest first) from the cursor on: an opaque
        string, as the real ones are, that the fake reads back."""
        limit = page_size or int(q.get("limit", ["50"])[0])
        start = int(q["cursor"][0].rsplit(":", 1)[-1]) if q.get("cursor") else 0
        body = {key: items[start:start + limit]}
        if start + limit < len(items):
            body["cursor"] = "%s:%d" % (self.tid(), start + limit)
        return body

    def author_feed(self, q, page_size):
        if q.get("actor", [""])[0] not in (DID, HANDLE):
            return 400, {"error": "InvalidRequest", "message": "Profile not found"}, self.headers()
        at = lambda it: (it.get("reason") or it["post"])["indexedAt"]
        feed = sorted(reversed(self.feed), key=at, reverse=True)  # as the AppView sorts it
        return 200, self.paged("feed", feed, q, page_size), self.headers()

    def route(self, method, path, q, body, kind, page_size):
        if path.startswith("/xrpc/chat.bsky.convo."):
            self.page_size = page_size
            return self.chat(method, path, q, body)
        if path == "/xrpc/com.atproto.repo.createRecord" and method == "POST":
            return self.create(body)
        if path == "/xrpc/com.atproto.repo.deleteRecord" and method == "POST":
            return self.delete(body)
        if path == "/xrpc/com.atproto.repo.getRecord":
            return self.get_record(q)
        if path == "/xrpc/app.bsky.feed.getPosts":
            return self.post_views(q)
        if path == "/xrpc/app.bsky.feed.getAuthorFeed":
            return self.author_feed(q, page_size)
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
