#!/usr/bin/env python3
"""A small rewriting HTTP proxy for the integration tests (python3 standard library only).

A real server can answer in shapes gett-sandbox never produces (legacy session replies,
`title: null`, customers without a phone...). This proxy sits between a client and the
sandbox and rewrites chosen answers.

    rewrite_proxy.py UPSTREAM_URL [--rule JSON]... [--rules FILE] [--log FILE]

It listens on 127.0.0.1, port 0, and prints the port alone on the first line of stdout.
Every request is forwarded to UPSTREAM_URL (same method, path, headers and body); the first
rule that matches and still has uses left then rewrites the answer. A rule is an object:

    {"method": "POST",                    optional; any method when absent
     "path": "^/v1/marketplace/orders/",  a regex searched in the path (with the query)
     "times": 1,                          optional; every time when absent
     "status": 401,                       optional: the new status
     "body": {...},                       optional: the new JSON body (replaces it whole)
     "body_text": "...",                  optional: a new raw body (any bytes as text)
     "pad_to": 9437184,                   optional: spaces appended up to this many bytes
     "content_type": "text/html",         optional: the new Content-Type
     "headers": {"Location": "https://…"}, optional: response headers to add or replace
     "delete": ["customer.phone"],        optional: JSON members to remove
     "set": {"customer.phone": null},     optional: JSON members to set
     "rename": {"token": "sessionToken"}} optional: JSON members to move

Paths are member names joined by '.', with digits indexing arrays ("errors.0.message").
The operations apply in the order body, rename, delete, set; an answer that is not JSON is
left as it is by rename, delete and set (and the log says "edit_skipped"). --rules names a file holding
a JSON array of rules; --rule may be repeated; rules are tried in the order given.

--log FILE appends one JSON line per request: method, path, the request headers as sent
by the client (names lower-cased), the request body, the status returned and whether a
rule rewrote it; then what the client got back: response_headers (names lower-cased,
Content-Type as sent) and response_body (text; undecodable bytes replaced). The tests read
it to check what the client sent, and tests/openapi_check.py checks both directions
against docs/openapi.yaml.
"""

import argparse
import http.client
import http.server
import json
import re
import sys
import threading
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
              "te", "trailers", "transfer-encoding", "upgrade", "content-length", "host"}


def split_path(path):
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def walk(doc, parts):
    """The container holding the last part, or None when the path names nothing."""
    for p in parts[:-1]:
        if isinstance(doc, dict) and isinstance(p, str) and p in doc:
            doc = doc[p]
        elif isinstance(doc, list) and isinstance(p, int) and p < len(doc):
            doc = doc[p]
        else:
            return None
    return doc


def delete_member(doc, path):
    parts = split_path(path)
    holder = walk(doc, parts)
    last = parts[-1]
    if isinstance(holder, dict) and last in holder:
        del holder[last]
    elif isinstance(holder, list) and isinstance(last, int) and last < len(holder):
        del holder[last]


def set_member(doc, path, value):
    parts = split_path(path)
    holder = walk(doc, parts)
    last = parts[-1]
    if isinstance(holder, dict):
        holder[last] = value
    elif isinstance(holder, list) and isinstance(last, int) and last < len(holder):
        holder[last] = value


def get_member(doc, path):
    parts = split_path(path)
    holder = walk(doc, parts)
    last = parts[-1]
    if isinstance(holder, dict) and last in holder:
        return True, holder[last]
    if isinstance(holder, list) and isinstance(last, int) and last < len(holder):
        return True, holder[last]
    return False, None


class Rule:
    def __init__(self, spec):
        self.method = spec.get("method")
        self.path = re.compile(spec["path"])
        self.times = spec.get("times")
        self.spec = spec
        self.skipped = False  # the last apply could not edit a non-JSON answer
        self.lock = threading.Lock()

    def take(self, method, path):
        """True (and one use spent) when this rule applies to the request."""
        if self.method and self.method.upper() != method.upper():
            return False
        if not self.path.search(path):
            return False
        with self.lock:
            if self.times is not None:
                if self.times <= 0:
                    return False
                self.times -= 1
        return True

    def apply(self, status, content_type, body):
        spec = self.spec
        self.skipped = False
        status = spec.get("status", status)
        content_type = spec.get("content_type", content_type)
        if "body_text" in spec:
            text = spec["body_text"].encode()
            return status, content_type, text + b" " * max(0, spec.get("pad_to", 0) - len(text))
        edits = any(k in spec for k in ("body", "rename", "delete", "set"))
        if not edits:
            return status, content_type, body
        if "body" in spec:
            doc = json.loads(json.dumps(spec["body"]))
            content_type = spec.get("content_type", "application/problem+json"
                                    if status >= 400 else "application/json")
        else:
            try:
                doc = json.loads(body.decode() or "null")
            except ValueError:  # not JSON (an HTML error page...): nothing to edit
                self.skipped = True
                return status, content_type, body
        for old, new in spec.get("rename", {}).items():
            found, value = get_member(doc, old)
            if found:
                delete_member(doc, old)
                set_member(doc, new, value)
        for path in spec.get("delete", []):
            delete_member(doc, path)
        for path, value in spec.get("set", {}).items():
            set_member(doc, path, value)
        # Decimals as the sandbox wrote them: json.loads keeps floats, whose repr is shortest.
        return status, content_type, json.dumps(doc, separators=(",", ":")).encode()


class Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream, rules, log_path):
        super().__init__(("127.0.0.1", 0), Handler)
        self.upstream = urllib.parse.urlsplit(upstream)
        self.rules = rules
        self.log_path = log_path
        self.log_lock = threading.Lock()

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer (it stopped reading an oversized body) is a case
        # under test, not a proxy failure: no traceback on the test's stderr.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)

    def log_exchange(self, record):
        if not self.log_path:
            return
        with self.log_lock, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: stdout and stderr belong to the test
        pass

    def forward(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        if length or "Content-Length" in self.headers:
            headers["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection(server.upstream.hostname, server.upstream.port,
                                          timeout=60)
        try:
            conn.request(self.command, self.path, body=body if length else None,
                         headers=headers)
            resp = conn.getresponse()
            status, reply = resp.status, resp.read()
            reply_headers = [(k, v) for k, v in resp.getheaders()
                             if k.lower() not in HOP_BY_HOP]
        finally:
            conn.close()
        content_type = resp.getheader("Content-Type", "")
        rewritten = edit_skipped = False
        for rule in server.rules:
            if rule.take(self.command, self.path):
                status, content_type, reply = rule.apply(status, content_type, reply)
                extra = {k.lower(): (k, v) for k, v in rule.spec.get("headers", {}).items()}
                reply_headers = [(k, v) for k, v in reply_headers
                                 if k.lower() not in extra] + list(extra.values())
                rewritten, edit_skipped = True, rule.skipped
                break
        server.log_exchange({
            "method": self.command, "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"), "status": status,
            "rewritten": rewritten, "edit_skipped": edit_skipped,
            "response_headers": dict([(k.lower(), v) for k, v in reply_headers
                                      if k.lower() != "content-type"] +
                                     ([("content-type", content_type)] if content_type else [])),
            "response_body": reply.decode("utf-8", "replace")})
        self.send_response(status)
        for k, v in reply_headers:
            if k.lower() != "content-type":
                self.send_header(k, v)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = forward


def main():
    ap = argparse.ArgumentParser(description="Rewriting proxy for integration tests.")
    ap.add_argument("upstream", help="base URL to forward to, e.g. http://127.0.0.1:8787")
    ap.add_argument("--rule", action="append", default=[], help="one rule as JSON")
    ap.add_argument("--rules", help="a file with a JSON array of rules")
    ap.add_argument("--log", help="append one JSON line per request to this file")
    args = ap.parse_args()
    specs = []
    if args.rules:
        with open(args.rules, encoding="utf-8") as f:
            specs.extend(json.load(f))
    specs.extend(json.loads(r) for r in args.rule)
    proxy = Proxy(args.upstream, [Rule(s) for s in specs], args.log)
    print(proxy.server_address[1], flush=True)
    try:
        proxy.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
