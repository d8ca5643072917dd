#!/usr/bin/env python3
"""A loopback stand-in for what the product's own server cannot show the Healthcare client: Google-only
behaviour (401 then a refreshed token, the metadata server, 503 retries, multipart answers) and the exact
requests the client sends (method, path, query, body, headers), recorded for the tests to check.

Usage: healthcare_test_server.py CONFIG.json   (prints the port it listens on, on 127.0.0.1, then serves)

CONFIG (every key optional):
  "routes": [{"method": "GET", "path": REGEX, "status": 200, "json": {...} | "text": "...",
              "base64": "...", "content_type": "...", "times": N}]
      the first route whose method and path (full match, without the query) fit answers; "times" limits
      how often it may (default: always). Unmatched requests answer 404 in google.rpc.Status JSON.
  "tokens": ["t1", "t2"]     POST /token and the metadata server's token path hand these out in turn
                             (the metadata server only with "Metadata-Flavor: Google")
  "valid_tokens": ["t2"]     other paths answer 401 UNAUTHENTICATED unless "Authorization: Bearer T"
                             names one of these

Inspection: GET /_log → [{"method", "path", "query", "body", "authorization", "accept", "content_type"}]
(inspection and token requests are not logged).
"""
import base64
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CONFIG = {}
LOG = []
LOCK = threading.Lock()
USED = {}
TOKEN_INDEX = [0]
METADATA_PATH = "/computeMetadata/v1/instance/service-accounts/default/token"


def status_json(code, status, message):
    return {"error": {"code": code, "message": message, "status": status}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, body=b"", content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def reply_json(self, status, value):
        self.reply(status, json.dumps(value).encode())

    def next_token(self):
        tokens = CONFIG.get("tokens", ["token"])
        with LOCK:
            token = tokens[min(TOKEN_INDEX[0], len(tokens) - 1)]
            TOKEN_INDEX[0] += 1
        self.reply_json(200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"})

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        if parts.path == "/_log":
            with LOCK:
                return self.reply_json(200, LOG)
        if parts.path == "/token" and method == "POST":
            return self.next_token()
        if parts.path == METADATA_PATH:
            if self.headers.get("Metadata-Flavor") != "Google":
                return self.reply(403, b"missing Metadata-Flavor", "text/plain")
            return self.next_token()
        with LOCK:
            LOG.append({"method": method, "path": parts.path, "query": parts.query,
                        "body": payload.decode("utf-8", "replace"),
                        "authorization": self.headers.get("Authorization"),
                        "accept": self.headers.get("Accept"),
                        "content_type": self.headers.get("Content-Type")})
        valid = CONFIG.get("valid_tokens")
        if valid is not None:
            auth = self.headers.get("Authorization") or ""
            if not auth.startswith("Bearer ") or auth[7:] not in valid:
                return self.reply_json(401, status_json(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        for index, route in enumerate(CONFIG.get("routes", [])):
            if route.get("method", "GET") != method or not re.fullmatch(route["path"], parts.path):
                continue
            with LOCK:
                times = route.get("times")
                if times is not None and USED.get(index, 0) >= times:
                    continue
                USED[index] = USED.get(index, 0) + 1
            status = route.get("status", 200)
            if "json" in route:
                return self.reply(status, json.dumps(route["json"]).encode(), route.get("content_type", "application/json"))
            if "base64" in route:
                return self.reply(status, base64.b64decode(route["base64"]), route.get("content_type", "application/dicom"))
            return self.reply(status, route.get("text", "").encode(), route.get("content_type", "text/plain"))
        self.reply_json(404, status_json(404, "NOT_FOUND", f"no route for {method} {parts.path}"))

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    with open(sys.argv[1]) as handle:
        CONFIG.update(json.load(handle))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
