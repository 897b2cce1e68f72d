"""A fake API server for sc-fetch's tests: Python 3 standard library only,
127.0.0.1 only.

    python3 tests/fake/fake.py NETWORK DIR

NETWORK is x, mastodon, bluesky or meta (the module of that name here answers the
API's paths). The server binds a free port on 127.0.0.1, writes it to
DIR/port, appends one JSON line per request received to DIR/requests.jsonl,
and takes orders from the test on /_ctl/ paths:

    /_ctl/add?stream=S&n=N[&same=1]
                                  N new messages in stream S (same=1: all at
                                  the instant of the last one; Bluesky, Meta)
    /_ctl/fault?kind=K&path=RE&body=RE&count=N&skip=M&wait=SEC
                                  the next N requests whose path (and body,
                                  when given) match RE (after M of them
                                  pass) get fault K
    /_ctl/chaos?rate=R&seed=S[&kinds=K,K...]
                                  a fault on a share R of the API requests
                                  (of the kinds listed; default: the page
                                  faults 500 503 cut invalid hang 429 empty
                                  repeat)
    /_ctl/config?page_size=N&link_host=H&max_characters=N
                                  items per page (default: what is asked);
                                  the host put in pagination links;
                                  expire=1: the session tokens expire
    /_ctl/replay?path=RE&file=REL[&index=I]
                                  the next request whose path matches RE is
                                  answered with a recorded body as it is:
                                  REL under data/external, a documentation
                                  example (the whole file) or exchange I of a
                                  recording (its response body and headers)
    /_ctl/ping                    readiness

Faults: 429 (with the network's reset headers, wait SEC), 500, 502, 503, hang
(no answer for longer than the client waits), cut (a body cut in the
middle, the connection closed), invalid (a 200 whose body is not JSON),
empty (an empty page that still points on), repeat (a page that repeats
the ids of the previous one). 500, 502, 503 and hang come before the request is
applied; cut and invalid after it. For posting: 500after, 503after and
hangafter apply the request (the post exists) and then answer 5xx or
nothing; 403 and 404 are the network's own refusals (a DM the user does not
accept, a reply to a deleted post), made by the module's refused().
arrive: new messages reach the network just before the answer (the
module's arrive(); Bluesky: each conversation's customer writes again).

Every post, DM, follow and unfollow the fake applies is appended to
DIR/posts.jsonl, one JSON line each (time, endpoint, key fields, text): the
tests count what reached the "network" there.

With FAKE_TLS_CERT and FAKE_TLS_KEY set, it speaks HTTPS with that
certificate (to show that clients verify certificates).

Response bodies and headers are shaped on the recorded ones in
$SC_SHARED/data/external (read at start, never copied)."""
import importlib
import json
import os
import random
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EXTERNAL = os.path.join(os.environ.get("SC_SHARED", os.path.join(os.path.dirname(__file__), "../../../shared")),
                        "data", "external")
HANG_SECONDS = float(os.environ.get("FAKE_HANG_SECONDS", "4"))


def recorded(rel):
    with open(os.path.join(EXTERNAL, rel), encoding="utf-8") as f:
        return json.load(f)


class Fault:
    def __init__(self, kind, path, count, skip, wait, body=None):
        self.kind, self.path, self.count, self.skip, self.wait = kind, re.compile(path), count, skip, wait
        self.body = re.compile(body) if body else None


class World:
    """What the fake network holds, and the faults queued by the test."""

    def __init__(self, net):
        self.lock = threading.Lock()
        self.net = net
        self.faults = []
        self.chaos = 0.0
        self.chaos_kinds = ["500", "503", "cut", "invalid", "hang", "429", "empty", "repeat"]
        self.rng = random.Random(1)
        self.page_size = None
        self.replays = []

    def fault_for(self, path, body=b""):
        with self.lock:
            for f in self.faults:
                if f.count > 0 and f.path.search(path) and \
                        (not f.body or f.body.search(body.decode("utf-8", "replace"))):
                    if f.skip > 0:
                        f.skip -= 1
                        continue
                    f.count -= 1
                    return f.kind, f.wait
            if self.chaos and not path.startswith("/_ctl") and self.rng.random() < self.chaos:
                kind = self.rng.choice(self.chaos_kinds)
                return kind, 1
        return None, 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake"

    def log_message(self, *args):
        pass

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        # headers and body leave in two writes: without this, Nagle holds the
        # body until the client's delayed ACK, 40 ms per request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def answer(self, status, body, headers, reason=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status, reason)
        for k, v in headers.items():
            if k.lower() not in ("content-length", "content-encoding", "transfer-encoding", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return status

    def ctl(self, path, q):
        w = self.server.world
        one = lambda k, d=None: q.get(k, [d])[0]
        if path == "/_ctl/add":
            with w.lock:
                ids = w.net.add(one("stream"), int(one("n", "1")), **({"same": True} if one("same") else {}))
            return self.answer(200, {"added": ids}, {"Content-Type": "application/json"})
        if path == "/_ctl/fault":
            with w.lock:
                w.faults.append(Fault(one("kind"), one("path", "."), int(one("count", "1")),
                                      int(one("skip", "0")), float(one("wait", "1")), one("body")))
        elif path == "/_ctl/chaos":
            with w.lock:
                w.chaos = float(one("rate", "0"))
                w.rng = random.Random(int(one("seed", "1")))
                if one("kinds"):
                    w.chaos_kinds = one("kinds").split(",")
        elif path == "/_ctl/config":
            with w.lock:
                w.page_size = int(one("page_size")) if one("page_size") else None
                w.net.link_host = one("link_host")
                if one("max_characters"):
                    w.net.max_characters = int(one("max_characters"))
                if one("expire"):
                    w.net.expire()
        elif path == "/_ctl/replay":
            data = recorded(one("file"))
            if one("index") is not None:
                r = data[int(one("index"))]["response"]
                status = r["status"]["code"] if isinstance(r["status"], dict) else r["status"]
                reply = (status, r["body"], {k: v for k, v in r["headers"].items() if k != "link"})
            else:
                reply = (200, data, {"content-type": "application/json; charset=utf-8"})
            with w.lock:
                w.replays.append((re.compile(one("path", ".")), reply))
        elif path != "/_ctl/ping":
            return self.answer(404, {"error": "no such control"}, {})
        return self.answer(200, {"ok": True}, {"Content-Type": "application/json"})

    def log(self, entry):
        with self.server.world.lock:
            with open(self.server.logpath, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def handle_any(self, method):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if u.path.startswith("/_ctl/"):
            return self.ctl(u.path, q)
        w = self.server.world
        w.net.host = self.headers.get("Host", "127.0.0.1")
        auth = w.net.auth_state(self.headers.get("Authorization"), u.path)
        kind, wait = w.fault_for(u.path, body)
        entry = {"method": method, "path": u.path, "query": q, "auth": auth, "fault": kind}
        try:
            status = self.serve(method, u.path, q, body, auth, kind, wait)
        except (BrokenPipeError, ConnectionResetError):
            status = None
        entry["status"] = status
        self.log(entry)

    def serve(self, method, path, q, body, auth, kind, wait):
        w = self.server.world
        net = w.net
        if kind == "hang":
            time.sleep(HANG_SECONDS)
            self.close_connection = True
            return "hang"
        if kind == "429":
            status, b, h = net.too_many(wait)
            return self.answer(status, b, h)
        if kind in ("500", "502", "503"):
            status, b, h = net.server_error(int(kind))
            return self.answer(status, b, h)
        if auth != "ok":
            status, b, h = net.unauthorized(auth)
            return self.answer(status, b, h)
        with w.lock:
            replay = next(((i, r) for i, (rx, r) in enumerate(w.replays) if rx.search(path)), None)
            if replay:
                del w.replays[replay[0]]
        if replay:
            status, b, h = replay[1]
            return self.answer(status, b if isinstance(b, (dict, list)) else str(b).encode(), h)
        if kind in ("403", "404"):
            status, b, h = net.refused(int(kind), path)
            return self.answer(status, b, h)
        if kind == "arrive":  # messages that come while a run reads
            with w.lock:
                net.arrive()
        with w.lock:
            net.req_headers = self.headers
            status, b, h = net.route(method, path, q, body, kind, w.page_size)
        if kind == "hangafter":
            time.sleep(HANG_SECONDS)
            self.close_connection = True
            return "hangafter"
        if kind in ("500after", "503after"):
            status, b, h = net.server_error(int(kind[:3]))
            return self.answer(status, b, h)
        data = b if isinstance(b, bytes) else json.dumps(b).encode()
        if kind == "cut" and 200 <= status < 300:
            self.send_response(status)
            for k, v in h.items():
                if k.lower() not in ("content-length", "content-encoding"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return "cut"
        if kind == "invalid" and 200 <= status < 300:
            return self.answer(200, data[: len(data) // 2], h)
        return self.answer(status, data, h)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    network, d = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    net = importlib.import_module("net_" + network).Network(recorded)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.world = World(net)
    if os.environ.get("FAKE_TLS_CERT"):  # HTTPS with the test's own certificate
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.environ["FAKE_TLS_CERT"], os.environ["FAKE_TLS_KEY"])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.logpath = os.path.join(d, "requests.jsonl")
    open(srv.logpath, "a").close()
    postpath = os.path.join(d, "posts.jsonl")
    open(postpath, "a").close()

    def log_post(entry):  # called by the module under the world's lock
        with open(postpath, "a", encoding="utf-8") as f:
            f.write(json.dumps(dict({"time": time.time()}, **entry)) + "\n")
    net.log_post = log_post
    with open(os.path.join(d, "port.tmp"), "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
    srv.serve_forever()


if __name__ == "__main__":
    main()
