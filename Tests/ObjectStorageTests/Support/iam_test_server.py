#!/usr/bin/env python3
"""A loopback stand-in for the parts of Cloud Storage the GCS tests cannot get from fake-gcs-server:
bucket IAM policies, Google-shaped 403/401 errors, injected 503/429 failures, an OAuth token endpoint that
checks the service-account JWT it is sent, and resumable uploads that fail chunks mid-way.

Usage: iam_test_server.py CONFIG.json   (prints the port it listens on, on 127.0.0.1, then serves)

CONFIG (every key optional):
  "policies":     {"BUCKET": {IAM policy JSON}}      GET /storage/v1/b/BUCKET/iam answers it; the bucket exists;
                                                      PUT …/iam replaces it (a stale etag: 412), new etag
  "races":        {"BUCKET": N}                       the first N PUTs of …/iam find that another writer has
                                                      just added user:racer@example.com as roles/storage.admin
  "forbidden":    {"BUCKET": {"permission": P, "account": A}}   any /storage/v1/b/BUCKET... answers 403
  "unauthorized": ["BUCKET", ...]                     any /storage/v1/b/BUCKET... answers 401
  "fail":         {"/path": N | {"count": N, "status": S}}  the first N requests of /path answer S (503);
                                                      N = -1: all of them
  "token":        {"access_token": "t", "expires_in": 3600}   POST /token answers it (after checking the JWT)
  "projects":     {"PROJECT": ["BUCKET", ...]}        GET /storage/v1/b?project=PROJECT lists them (no project: 400)
  "upload_failures": {"PUT_NUMBER": KEEP_BYTES}       resumable uploads: the Nth chunk PUT (1-based, status
                                                      queries not counted) keeps KEEP_BYTES of its body, then 503

Inspection: GET /_counts (requests per path), GET /_log (method, path, authorization, content-range of each
request), GET /_assertions (JWTs received at /token).
"""
import base64
import hashlib
import json
import signal
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

CONFIG = {}
LOCK = threading.Lock()
COUNTS = {}
LOG = []
ASSERTIONS = []
UPLOADS = {}  # id -> {"name", "bucket", "data": bytearray, "done": object or None}
PUTS = [0]


def google_error(code, message, reason):
    return {"error": {"code": code, "message": message,
                      "errors": [{"domain": "global", "reason": reason, "message": message}]}}


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, body=None, headers=None):
        data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_any(self, method):
        url = urlsplit(self.path)
        path = url.path
        query = parse_qs(url.query)
        payload = self.body()
        self.payload = payload
        with LOCK:
            COUNTS[path] = COUNTS.get(path, 0) + 1
            count = COUNTS[path]
            LOG.append({"method": method, "path": path, "authorization": self.headers.get("Authorization"),
                        "contentRange": self.headers.get("Content-Range")})

        if path == "/_counts":
            return self.reply(200, COUNTS)
        if path == "/_log":
            return self.reply(200, LOG)
        if path == "/_assertions":
            return self.reply(200, ASSERTIONS)

        failure = CONFIG.get("fail", {}).get(path)
        if failure is not None:
            limit, status = (failure, 503) if isinstance(failure, int) else (failure["count"], failure.get("status", 503))
            if limit < 0 or count <= limit:
                return self.reply(status, google_error(status, "injected failure %d of %s" % (count, path), "backendError"))

        if path == "/token" and method == "POST":
            return self.token(payload)
        if path.startswith("/upload/"):
            return self.upload(method, path, query, payload)
        if path == "/storage/v1/b" and method == "GET":
            return self.bucket_list(query)
        if path.startswith("/storage/v1/b/"):
            return self.bucket(method, path)
        return self.reply(404, google_error(404, "Not Found", "notFound"))

    def token(self, payload):
        form = parse_qs(payload.decode())
        problem = None
        assertion = (form.get("assertion") or [""])[0]
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            problem = "grant_type is %r" % form.get("grant_type")
        parts = assertion.split(".")
        if problem is None and len(parts) != 3:
            problem = "the assertion has %d parts, not 3" % len(parts)
        if problem is None:
            try:
                header = json.loads(b64url_decode(parts[0]))
                claims = json.loads(b64url_decode(parts[1]))
                signature = b64url_decode(parts[2])
                if header.get("alg") != "RS256":
                    problem = "alg is %r" % header.get("alg")
                elif not all(k in claims for k in ("iss", "scope", "aud", "iat", "exp")):
                    problem = "claims lack iss/scope/aud/iat/exp: %r" % claims
                elif claims["exp"] <= claims["iat"] or claims["exp"] - claims["iat"] > 3600:
                    problem = "bad lifetime"
                elif len(signature) < 256:
                    problem = "signature of %d bytes" % len(signature)
            except Exception as error:  # malformed base64 or JSON
                problem = "malformed assertion: %s" % error
        with LOCK:
            ASSERTIONS.append(assertion)
        if problem:
            return self.reply(400, {"error": "invalid_grant", "error_description": problem})
        return self.reply(200, CONFIG.get("token", {"access_token": "t", "expires_in": 3600}))

    def bucket_list(self, query):
        project = (query.get("project") or [None])[0]
        if project is None:
            return self.reply(400, google_error(400, "Required parameter: project", "required"))
        names = CONFIG.get("projects", {}).get(project, [])
        return self.reply(200, {"kind": "storage#buckets",
                                "items": [{"kind": "storage#bucket", "name": n, "location": "US"} for n in names]})

    def bucket(self, method, path):
        parts = path[len("/storage/v1/b/"):].split("/")
        name = unquote(parts[0])
        forbidden = CONFIG.get("forbidden", {}).get(name)
        if forbidden:
            permission, account = forbidden["permission"], forbidden.get("account", "caller@example.com")
            message = ("%s does not have %s access to the Google Cloud Storage bucket. Permission '%s' denied "
                       "on resource (or it may not exist)." % (account, permission, permission))
            return self.reply(403, google_error(403, message, "forbidden"))
        if name in CONFIG.get("unauthorized", []):
            message = "Invalid Credentials"
            return self.reply(401, google_error(401, message, "authError"),
                              {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'})
        policies = CONFIG.get("policies", {})
        if name not in policies:
            return self.reply(404, google_error(404, "The specified bucket does not exist.", "notFound"))
        if len(parts) == 1:
            return self.reply(200, {"kind": "storage#bucket", "name": name, "location": "US"})
        if parts[1:] == ["iam"] and method == "PUT":
            return self.set_policy(name, policies)
        if parts[1:] == ["iam"]:
            policy = dict(policies[name])
            policy.setdefault("kind", "storage#policy")
            policy.setdefault("resourceId", "projects/_/buckets/" + name)
            return self.reply(200, policy)
        return self.reply(404, google_error(404, "No such object: %s/%s" % (name, "/".join(parts[2:])), "notFound"))

    def set_policy(self, name, policies):
        sent = json.loads(self.payload or b"{}")
        with LOCK:
            races = CONFIG.setdefault("races", {})
            if races.get(name, 0) > 0:  # another writer, just before this PUT
                races[name] -= 1
                current = policies[name]
                current["bindings"] = current.get("bindings", []) + [
                    {"role": "roles/storage.admin", "members": ["user:racer@example.com"]}]
                current["etag"] = base64.b64encode(uuid.uuid4().bytes[:6]).decode()
            current = policies[name]
            if "etag" in sent and sent["etag"] != current.get("etag"):
                return self.reply(412, google_error(412, "Precondition Failed", "conditionNotMet"))
            policies[name] = {"bindings": sent.get("bindings", []),
                              "etag": base64.b64encode(uuid.uuid4().bytes[:6]).decode()}
            return self.reply(200, policies[name])

    def object_resource(self, upload):
        data = bytes(upload["data"])
        return {"kind": "storage#object", "bucket": upload["bucket"], "name": upload["name"], "size": str(len(data)),
                "md5Hash": base64.b64encode(hashlib.md5(data).digest()).decode(),
                "contentType": upload["contentType"], "updated": "2026-11-24T10:00:00.123456Z"}

    def upload(self, method, path, query, payload):
        if method == "POST":
            bucket = unquote(path.split("/")[5])
            metadata = json.loads(payload or b"{}")
            upload_id = uuid.uuid4().hex
            with LOCK:
                UPLOADS[upload_id] = {"bucket": bucket, "name": query.get("name", [metadata.get("name")])[0],
                                      "contentType": metadata.get("contentType", "application/octet-stream"),
                                      "data": bytearray(), "done": None}
            host, port = self.server.server_address[:2]
            return self.reply(200, {}, {"Location": "http://%s:%d/upload/session/%s" % (host, port, upload_id)})
        upload_id = path.rsplit("/", 1)[-1]
        upload = UPLOADS.get(upload_id)
        if upload is None:
            return self.reply(404, google_error(404, "No such upload", "notFound"))
        if method == "DELETE":  # cancellation: Cloud Storage answers 499
            with LOCK:
                del UPLOADS[upload_id]
            return self.reply(499, None)
        spec = self.headers.get("Content-Range", "")
        if not spec.startswith("bytes "):
            return self.reply(400, google_error(400, "bad Content-Range %r" % spec, "invalid"))
        span, total = spec[len("bytes "):].split("/")
        data = upload["data"]
        if span == "*":  # a status query, or the end of an upload whose bytes are all there
            if upload["done"] is None and total != "*" and int(total) == len(data):
                upload["done"] = self.object_resource(upload)
        else:
            first, last = (int(x) for x in span.split("-"))
            if first > len(data):
                return self.reply(400, google_error(400, "gap: chunk starts at %d, have %d" % (first, len(data)), "invalid"))
            if len(payload) != last - first + 1:
                return self.reply(400, google_error(400, "body of %d bytes for %s" % (len(payload), span), "invalid"))
            with LOCK:
                PUTS[0] += 1
                number = PUTS[0]
            keep = CONFIG.get("upload_failures", {}).get(str(number))
            if keep is not None:
                del data[first:]
                data.extend(payload[:keep])
                return self.reply(503, google_error(503, "injected chunk failure", "backendError"))
            del data[first:]
            data.extend(payload)
            if total != "*" and int(total) == len(data):
                upload["done"] = self.object_resource(upload)
        if upload["done"] is not None:
            return self.reply(200, upload["done"])
        headers = {"Range": "bytes=0-%d" % (len(data) - 1)} if data else {}
        return self.reply(308, None, headers)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    global CONFIG
    # The Swift test process starts this with most signals blocked (inherited): let SIGTERM/SIGINT through.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    if len(sys.argv) > 1:
        with open(sys.argv[1]) as handle:
            CONFIG = json.load(handle)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
