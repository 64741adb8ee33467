#!/usr/bin/env python3
"""A tiny HTTP fixture server for feed-sync tests (127.0.0.1 only).

Serves the files under --root.  GET /p?startIndex=S&resultsPerPage=N&...
(an NVD API 2.0 request) is answered with the file p/S-N.json; MyJVN API
requests GET /p?method=getVulnOverviewList&...&startItem=S&maxCountItem=N
with p/overview-S-N.xml and GET /p?method=getVulnDetailInfo&vulnId=A+B
with p/detail-A+B.xml.  Supports
ETag / If-None-Match and Last-Modified / If-Modified-Since (304).

--script FILE (JSON, may be absent) tells it to misbehave, per path:
  {"/kev.json.gz": [{"status": 429, "retry_after": 1, "times": 1},
                    {"status": 500, "times": 3},
                    {"slow": 5}, {"truncate": true}, {"status": 404}]}
Actions are used in order, one per request ("times" repeats one); when a
path's list is used up it is served normally.

Every request is appended to --log as one line: method, path and query,
whether apiKey / If-None-Match / If-Modified-Since were sent (never their
values), whether the requests to the same path within the last
--window-ms kept to NVD's limit (rate=ok: at most 5, or 50 with an
apiKey; else rate=EXCEEDED(n>limit)), and the status answered.

It binds a free port, writes it to --port-file, and exits by itself after
--time-limit seconds."""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--root", required=True)
ap.add_argument("--port-file", required=True)
ap.add_argument("--log", required=True)
ap.add_argument("--script")
ap.add_argument("--time-limit", type=float, default=120)
ap.add_argument("--window-ms", type=float, default=30000)
args = ap.parse_args()

root = os.path.realpath(args.root)
lock = threading.Lock()
times = {}  # path -> request start times (for the window count)


def load_script():
    if not args.script or not os.path.exists(args.script):
        return {}
    with open(args.script) as f:
        s = json.load(f)
    out = {}
    for path, acts in s.items():
        q = []
        for a in acts:
            q.extend([a] * int(a.get("times", 1)))
        out[path] = q
    return out


script = load_script()


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def record(self, status, path, query):
        now = time.monotonic()
        with lock:
            t = times.setdefault(path, [])
            t.append(now)
            # The rate-limit check: NVD allows 5 requests per window, 50
            # with an API key.  0.9: client and server see a request at
            # slightly different moments; a window this much shorter
            # never counts a request the client's limiter had let go.
            w = args.window_ms / 1000.0 * 0.9
            n = sum(1 for x in t if now - x < w)
            h = self.headers
            limit = 50 if h.get("apiKey") else 5
            rate = "ok" if n <= limit else "EXCEEDED(%d>%d)" % (n, limit)
            with open(args.log, "a") as f:
                f.write("%s %s%s apiKey=%s if-none-match=%s "
                        "if-modified-since=%s rate=%s -> %d\n" % (
                            self.command, path, "?" + query if query else "",
                            "yes" if h.get("apiKey") else "no",
                            "yes" if h.get("If-None-Match") else "no",
                            "yes" if h.get("If-Modified-Since") else "no",
                            rate, status))

    def simple(self, status, path, query, extra=None):
        self.record(status, path, query)
        body = ("%d\n" % status).encode()
        self.send_response(status)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        path, query = u.path, u.query
        with lock:
            acts = script.get(path)
            act = acts.pop(0) if acts else None
        if act and "status" in act:
            extra = {}
            if "retry_after" in act:
                extra["Retry-After"] = str(act["retry_after"])
            return self.simple(act["status"], path, query, extra)
        q = urllib.parse.parse_qs(query)
        rel = path.lstrip("/")
        if "startIndex" in q and "resultsPerPage" in q:
            rel = "%s/%s-%s.json" % (rel, q["startIndex"][0],
                                     q["resultsPerPage"][0])
        elif q.get("method") == ["getVulnOverviewList"]:
            rel = "%s/overview-%s-%s.xml" % (
                rel, q.get("startItem", ["1"])[0],
                q.get("maxCountItem", ["50"])[0])
        elif q.get("method") == ["getVulnDetailInfo"]:
            # vulnId=A+B: the '+' is the separator, kept as it was sent.
            raw = dict(kv.split("=", 1) for kv in query.split("&")
                       if "=" in kv)
            rel = "%s/detail-%s.xml" % (rel, raw.get("vulnId", ""))
        # Percent-encoded names ("Red%20Hat/all.zip") are files' names.
        full = os.path.realpath(os.path.join(root, urllib.parse.unquote(rel)))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return self.simple(404, path, query)
        with open(full, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = int(os.path.getmtime(full))
        lm = email.utils.formatdate(mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            fresh = inm.strip() == etag
        elif ims is not None:
            try:
                fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= mtime
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            self.record(304, path, query)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.record(200, path, query)
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lm)
        self.send_header("Content-Length", str(len(data)))
        if act and act.get("truncate"):
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.end_headers()
        if act and "slow" in act:
            # Trickle the body: a byte, then a long pause.
            self.wfile.write(data[:1])
            self.wfile.flush()
            time.sleep(float(act["slow"]))
            try:
                self.wfile.write(data[1:])
            except OSError:
                pass
            return
        self.wfile.write(data)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
threading.Timer(args.time_limit, lambda: os._exit(0)).start()
tmp = args.port_file + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(tmp, args.port_file)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    pass
sys.exit(0)
