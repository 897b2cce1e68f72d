"""The fake X API v2: users/by/username, users/me, users/:id/mentions,
users/:id/tweets, dm_events; for posting (sc-reply) POST /2/tweets (a reply
with reply.in_reply_to_tweet_id), POST dm_conversations/with/:id/messages
and GET .../dm_events, POST users/:id/following and DELETE
users/:id/following/:target, each applied post logged by fake.py. Headers and error bodies come from the recorded
exchanges (tweepy cassettes, the Postman collection); objects carry the keys
the real ones carry for the fields sc-fetch asks for."""
import email.utils
import json
import os
import time
import urllib.parse

from bearer import Bearer

BRAND_ID = "1352631537364365312"
BASE_ID = 1861234567890000000  # 19 digits: past what a double holds exactly
# 2026-11-24T09:00:00Z, or FAKE_BASE_TIME (epoch seconds): a test whose tools
# compare the posts' times with the wall clock runs the fake's clock from now
BASE_TIME = int(os.environ.get("FAKE_BASE_TIME") or 1795338000)


class Network(Bearer):
    """Bearer tokens: $FAKE_TOKEN, or the access token last issued by
    POST /2/oauth2/token (refresh_token grant, client id "fake-client",
    first refresh token $FAKE_REFRESH; each refresh token works once)."""
    def __init__(self, recorded):
        rec = lambda p: recorded("x_api_v2/" + p)
        self.h_user = rec("recorded_tweepy/test_client_get_user.json")[0]["response"]["headers"]
        self.h_mentions = rec("recorded_tweepy/test_client_get_users_mentions.json")[0]["response"]["headers"]
        self.h_tweets = rec("recorded_tweepy/test_client_get_users_tweets.json")[0]["response"]["headers"]
        self.h_dm = [e for e in rec("recorded_tweepy/test_manage_and_lookup_direct_messages.json")
                     if e["request"]["uri"].endswith("/2/dm_events")][0]["response"]["headers"]
        r429 = rec("postman_examples/responses/user_lookup__user_by_username__429_429_rate_limit_exceeded.json")["response"]
        self.h_429, self.b_429 = r429["headers"], r429["body"]
        r401 = rec("postman_examples/responses/filtered_stream__retrieve_rules__401_401_unauthorized.json")["response"]
        self.b_401 = r401["body"]
        self.h_401 = {"content-type": r401["headers"].get("content-type", "application/problem+json")}
        self.n = 0
        self.streams = {"mentions": [], "tweets": [], "dm": []}
        self.users = {}
        self.remaining = 450
        self.refresh = os.environ.get("FAKE_REFRESH")
        self.issued = None
        self.gen = 0
        self.following = set()
        r201 = rec("recorded_tweepy/test_client_create_and_delete_tweet.json")[0]["response"]
        self.h_create = r201["headers"]

    # --- the world -----------------------------------------------------
    def user(self, uid, username, followers, verified):
        self.users[uid] = {"id": uid, "name": username.replace("_", " ").title(), "username": username,
                           "verified": verified,
                           "public_metrics": {"followers_count": followers, "following_count": 12,
                                              "tweet_count": 345, "listed_count": 1}}

    def next(self):
        self.n += 1
        return str(BASE_ID + self.n * 1000), time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                                           time.gmtime(BASE_TIME + self.n * 7))

    def add(self, stream, n):
        self.user(BRAND_ID, "AcmeHelp", 15300, True)
        ids = []
        for _ in range(n):
            tid, ts = self.next()
            k = self.n
            cust = str(4200 + k % 5)
            self.user(cust, "customer_%d" % (k % 5), [12, 80, 15300, 230000, 5][k % 5], k % 5 == 3)
            if stream == "mentions":
                t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": cust, "created_at": ts,
                     "conversation_id": tid, "lang": "it" if k % 2 else "en",
                     "text": "@AcmeHelp order %d never arrived &amp; nobody answers &lt;3 #%d" % (k, k)}
                mine = self.streams["tweets"]
                if mine and k % 3 == 0:
                    parent = mine[-1]
                    t["conversation_id"] = parent["conversation_id"]
                    t["in_reply_to_user_id"] = BRAND_ID
                    t["referenced_tweets"] = [{"type": "replied_to", "id": parent["id"]}]
            elif stream == "tweets":
                m = self.streams["mentions"][-1] if self.streams["mentions"] else None
                t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": BRAND_ID, "created_at": ts,
                     "conversation_id": m["conversation_id"] if m else tid, "lang": "en",
                     "text": "@%s sorry, we are on it (%d)" % (self.users[m["author_id"]]["username"] if m else "x", k)}
                if m:
                    t["in_reply_to_user_id"] = m["author_id"]
                    t["referenced_tweets"] = [{"type": "replied_to", "id": m["id"]}]
            elif stream == "long_mention":
                # a post over 280 characters: X answers its start in text
                # and the whole in note_tweet.text, when tweet.fields asks
                # for note_tweet (page() drops it otherwise)
                whole = ("@AcmeHelp order %d: " % k) + " ".join(["the parcel was marked delivered but it is not here"] * 8) \
                    + " and I need it by Friday, please call me back (%d)" % k
                t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": cust, "created_at": ts,
                     "conversation_id": tid, "lang": "en", "text": whole[:279] + "\u2026",
                     "note_tweet": {"text": whole}}
                stream = "mentions"
            elif stream == "retweet":
                # someone retweets the last mention: a mention of the brand
                # too, "RT @author: " and the post's start
                m = self.streams["mentions"][-1]
                t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": cust, "created_at": ts,
                     "conversation_id": tid, "lang": m["lang"],
                     "text": ("RT @%s: %s" % (self.users[m["author_id"]]["username"], m["text"]))[:140],
                     "referenced_tweets": [{"type": "retweeted", "id": m["id"]}]}
                stream = "mentions"
            elif stream == "reply_gone":
                # a customer answering a post of the brand's since deleted:
                # X gives the reference, no post in includes, an error entry
                t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": cust, "created_at": ts,
                     "conversation_id": "1861000000000000001", "lang": "en", "text": "@AcmeHelp Ba016 from Sydney.",
                     "in_reply_to_user_id": BRAND_ID,
                     "referenced_tweets": [{"type": "replied_to", "id": "1861000000000000001"}]}
                stream = "mentions"
            elif stream == "own_mention":  # the brand mentions itself: in both timelines
                t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": BRAND_ID, "created_at": ts,
                     "conversation_id": tid, "lang": "en", "text": "Follow @AcmeHelp for order help (%d)" % k}
                self.streams["tweets"].append(t)
                stream = "mentions"
            elif stream == "dm":
                sender = BRAND_ID if k % 4 == 0 else cust
                t = {"id": tid, "text": "private message %d" % k, "event_type": "MessageCreate",
                     "dm_conversation_id": "%s-%s" % (cust, BRAND_ID), "created_at": ts,
                     "sender_id": sender, "participant_ids": [cust, BRAND_ID]}
            else:
                raise ValueError(stream)
            self.streams[stream].append(t)
            ids.append(tid)
        return ids

    # --- answers ---------------------------------------------------------
    def auth_state(self, header, path):
        if path == "/2/oauth2/token":
            return "ok"
        if self.issued and header == "Bearer " + self.issued:
            return "ok"
        return Bearer.auth_state(self, header, path)

    def token(self, body):
        f = urllib.parse.parse_qs(body.decode())
        one = lambda k: f.get(k, [None])[0]
        if one("grant_type") != "refresh_token" or one("client_id") != "fake-client" or \
                not self.refresh or one("refresh_token") != self.refresh:
            return 400, {"error": "invalid_request",
                         "error_description": "Value passed for the token was invalid."}, \
                {"content-type": "application/json;charset=UTF-8"}
        self.gen += 1
        self.issued = "fake-x-access-%d-%s" % (self.gen, os.urandom(6).hex())
        self.refresh = "fake-x-refresh-%d-%s" % (self.gen, os.urandom(6).hex())
        return 200, {"token_type": "bearer", "expires_in": 7200, "access_token": self.issued,
                     "scope": "tweet.read users.read dm.read offline.access", "refresh_token": self.refresh}, \
            {"content-type": "application/json;charset=UTF-8"}

    def headers(self, template):
        h = dict(template)
        h["date"] = email.utils.formatdate(usegmt=True).replace("GMT", "UTC")
        if "x-rate-limit-remaining" in h:
            self.remaining = max(self.remaining - 1, 1)
            h["x-rate-limit-remaining"] = str(self.remaining)
            h["x-rate-limit-reset"] = str(int(time.time()) + 900)
        return h

    def too_many(self, wait):
        h = dict(self.h_429)
        h["x-rate-limit-reset"] = str(int(time.time() + wait))
        h["x-rate-limit-remaining"] = "0"
        return 429, self.b_429.encode(), h

    def server_error(self, code):
        return code, {"title": "Service Unavailable" if code == 503 else "Internal Server Error",
                      "detail": "Service Unavailable" if code == 503 else "Internal Server Error",
                      "type": "about:blank", "status": code}, {"content-type": "application/problem+json"}

    def problem(self, status, title, detail, typ="about:blank", **extra):
        b = dict({"title": title, "detail": detail, "type": typ, "status": status}, **extra)
        return status, b, {"content-type": "application/problem+json"}

    def refused(self, code, path):
        """403: X refuses a DM to a user who does not take them from the
        brand, or a reply to a post deleted or hidden (which X answers with
        403, code 385 in v1.1); 404: the post or user is not found."""
        if code == 403 and "/dm_conversations/" in path:
            return self.problem(403, "Forbidden", "You are not permitted to send Direct Messages to this user.")
        if code == 403:
            return self.problem(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.")
        return self.problem(404, "Not Found Error", "Could not find tweet with id: [%s]." % path.rsplit("/", 1)[-1],
                            "https://api.x.com/2/problems/resource-not-found", resource_type="tweet")

    def json_body(self, body):
        try:
            b = json.loads(body or b"{}")
        except ValueError:
            return None
        return b if isinstance(b, dict) else None

    def created(self, data):
        h = self.headers(self.h_create)
        return 201, {"data": data}, h

    def post_tweet(self, body):
        b = self.json_body(body)
        if not b or not isinstance(b.get("text"), str) or not b["text"]:
            return self.problem(400, "Invalid Request", "One or more parameters to your request was invalid.",
                                "https://api.x.com/2/problems/invalid-request")
        parent = (b.get("reply") or {}).get("in_reply_to_tweet_id")
        tid, ts = self.next()
        escaped = b["text"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        t = {"edit_history_tweet_ids": [tid], "id": tid, "author_id": BRAND_ID, "created_at": ts,
             "conversation_id": tid, "lang": "en", "text": escaped}
        if parent:
            known = [x for s in ("mentions", "tweets") for x in self.streams[s] if x["id"] == parent]
            t["conversation_id"] = known[0]["conversation_id"] if known else parent
            if known:
                t["in_reply_to_user_id"] = known[0]["author_id"]
            t["referenced_tweets"] = [{"type": "replied_to", "id": parent}]
        self.user(BRAND_ID, "AcmeHelp", 15300, True)
        self.streams["tweets"].append(t)
        self.log_post({"endpoint": "tweets", "id": tid, "in_reply_to": parent, "text": b["text"]})
        return self.created({"edit_history_tweet_ids": [tid], "id": tid, "text": escaped})

    def post_dm(self, pid, body):
        b = self.json_body(body)
        if not b or not isinstance(b.get("text"), str) or not b["text"]:
            return self.problem(400, "Invalid Request", "One or more parameters to your request was invalid.",
                                "https://api.x.com/2/problems/invalid-request")
        eid, ts = self.next()
        conv = "%s-%s" % tuple(sorted([pid, BRAND_ID], key=int))
        self.streams["dm"].append({"id": eid, "text": b["text"], "event_type": "MessageCreate",
                                   "dm_conversation_id": conv, "created_at": ts, "sender_id": BRAND_ID,
                                   "participant_ids": [pid, BRAND_ID]})
        self.log_post({"endpoint": "dm", "id": eid, "user": pid, "text": b["text"]})
        return self.created({"dm_conversation_id": conv, "dm_event_id": eid})

    def follow(self, method, p, body):
        if p[2] != BRAND_ID:
            return self.problem(403, "Forbidden", "You are not allowed to act for this user.")
        if method == "POST":
            b = self.json_body(body) or {}
            target = b.get("target_user_id")
            if not isinstance(target, str) or not target.isdigit():
                return self.problem(400, "Invalid Request", "One or more parameters to your request was invalid.",
                                    "https://api.x.com/2/problems/invalid-request")
            self.following.add(target)
            self.log_post({"endpoint": "follow", "user": target})
            return 200, {"data": {"following": True, "pending_follow": False}}, self.headers(self.h_user)
        self.following.discard(p[4])
        self.log_post({"endpoint": "unfollow", "user": p[4]})
        return 200, {"data": {"following": False}}, self.headers(self.h_user)

    def route(self, method, path, q, body, kind, page_size):
        if path == "/2/oauth2/token" and method == "POST":
            return self.token(body)
        p = path.strip("/").split("/")
        if p == ["2", "tweets"] and method == "POST":
            return self.post_tweet(body)
        if p[:3] == ["2", "dm_conversations", "with"] and len(p) == 5 and p[4] == "messages" and method == "POST":
            return self.post_dm(p[3], body)
        if p[:3] == ["2", "dm_conversations", "with"] and len(p) == 5 and p[4] == "dm_events":
            conv = "%s-%s" % tuple(sorted([p[3], BRAND_ID], key=int))
            return self.page([e for e in self.streams["dm"] if e["dm_conversation_id"] == conv],
                             q, kind, page_size, False, self.h_dm)
        if p[:2] == ["2", "users"] and len(p) >= 4 and p[3] == "following" and method in ("POST", "DELETE"):
            return self.follow(method, p, body)
        if p == ["2", "users", "me"]:
            self.user(BRAND_ID, "AcmeHelp", 15300, True)
            return 200, {"data": {"id": BRAND_ID, "name": "Acme Help", "username": "AcmeHelp"}}, self.headers(self.h_user)
        if p[:4] == ["2", "users", "by", "username"] and len(p) == 5:
            self.user(BRAND_ID, "AcmeHelp", 15300, True)
            if p[4].lower() != "acmehelp":
                return 200, {"errors": [{"value": p[4], "detail": "Could not find user with username: [%s]." % p[4],
                                         "title": "Not Found Error", "resource_type": "user", "parameter": "username",
                                         "resource_id": p[4], "type": "https://api.twitter.com/2/problems/resource-not-found"}]}, \
                    self.headers(self.h_user)
            return 200, {"data": {"id": BRAND_ID, "name": "Acme Help", "username": "AcmeHelp"}}, self.headers(self.h_user)
        if p[:2] == ["2", "users"] and len(p) == 4 and p[3] in ("mentions", "tweets"):
            if p[2] != BRAND_ID:
                return 400, {"errors": [{"message": "bad id"}], "title": "Invalid Request"}, {"content-type": "application/json"}
            return self.page(self.streams[p[3]], q, kind, page_size, True,
                             self.h_mentions if p[3] == "mentions" else self.h_tweets)
        if p == ["2", "dm_events"]:
            return self.page(self.streams["dm"], q, kind, page_size, False, self.h_dm)
        return 404, {"title": "Not Found Error", "detail": "no route %s" % path, "type": "about:blank", "status": 404}, \
            {"content-type": "application/problem+json"}

    def page(self, items, q, kind, page_size, has_since, template):
        one = lambda k: q.get(k, [None])[0]
        size = page_size or int(one("max_results") or 10)
        newest_first = list(reversed(items))
        if has_since and one("since_id"):
            newest_first = [t for t in newest_first if int(t["id"]) > int(one("since_id"))]
        if has_since and one("start_time"):
            newest_first = [t for t in newest_first if t["created_at"] >= one("start_time")[:19]]
        tok = one("pagination_token")
        try:
            start = int(tok[len("7140dibdnow9c7btw"):].split("-")[0], 36) if tok else 0
        except ValueError:  # a token of a replayed recording: past the end
            start = len(newest_first)
        if kind == "repeat" and start > 0:
            start = max(0, start - size // 2 - 1)
        chunk = [] if kind == "empty" else newest_first[start:start + size]
        fields = (one("tweet.fields") or "").split(",")
        if "note_tweet" not in fields:
            chunk = [{k: v for k, v in t.items() if k != "note_tweet"} for t in chunk]
        end = start + (0 if kind == "empty" else size)
        body = {}
        if chunk:
            body["data"] = chunk
            authors = {t.get("author_id") or t.get("sender_id") for t in chunk}
            body["includes"] = {"users": [self.users[a] for a in sorted(authors)]}
            if "referenced_tweets.id" in (one("expansions") or "").split(","):
                self.referenced(body, chunk, fields)
        meta = {"result_count": len(chunk)}
        if chunk and has_since:
            meta["newest_id"], meta["oldest_id"] = chunk[0]["id"], chunk[-1]["id"]
        if end < len(newest_first):
            meta["next_token"] = "7140dibdnow9c7btw" + self.b36(end) + ("-e" if kind == "empty" else "")
        if tok:
            meta["previous_token"] = tok
        body["meta"] = meta
        return 200, body, self.headers(template)

    def referenced(self, body, chunk, fields):
        """expansions=referenced_tweets.id: the posts referred to in
        includes.tweets (with the same tweet.fields), one each; one X cannot
        give (deleted, not visible) is an entry of "errors", as in the
        recorded search answer and X's resource-not-found problems."""
        known = {t["id"]: t for s in ("mentions", "tweets") for t in self.streams[s]}
        refs, errors = {}, {}
        for t in chunk:
            for r in t.get("referenced_tweets", []):
                if r["id"] in known:
                    refs[r["id"]] = {k: v for k, v in known[r["id"]].items()
                                     if k != "note_tweet" or "note_tweet" in fields}
                else:
                    errors[r["id"]] = {"value": r["id"], "detail": "Could not find tweet with id: [%s]." % r["id"],
                                       "title": "Not Found Error", "resource_type": "tweet",
                                       "parameter": "referenced_tweets.id", "resource_id": r["id"],
                                       "type": "https://api.twitter.com/2/problems/resource-not-found"}
        if refs:
            body["includes"]["tweets"] = list(refs.values())
        if errors:
            body["errors"] = list(errors.values())

    @staticmethod
    def b36(n):
        s = ""
        while True:
            n, r = divmod(n, 36)
            s = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + s
            if not n:
                return s
