"""A webhook receiver for the contract suite: a real HTTP(S) server on
loopback that records every delivery and answers what the test scripts
(a status per attempt, or a delay). Verification here is the suite's own
HMAC over the raw body, independent of the SDK's."""

import hashlib
import hmac
import http.server
import json
import ssl
import threading
import time


def verify(body, header, secret):
    """True when some v1= of the Fapiao-Signature header is HMAC-SHA256(secret, t + "." + body)."""
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    t = [v for k, v in parts if k == "t"][0]
    expected = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, v) for k, v in parts if k == "v1")


class Receiver:
    def __init__(self, statuses=(), delay=0.0, tls_files=None):
        self.deliveries = []  # (headers dict lower-case, raw body bytes)
        self.statuses = list(statuses)  # answered in turn; then 200
        self.delay = delay
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.deliveries.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        scheme = "http"
        if tls_files:
            cert, key = tls_files
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        host = "localhost" if tls_files else "127.0.0.1"
        self.url = f"{scheme}://{host}:{self.server.server_address[1]}/fapiao/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self):
        with self.lock:
            return [json.loads(body) for _, body in self.deliveries]

    def wait_for(self, count, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.deliveries) >= count:
                    return list(self.deliveries)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.deliveries)} deliveries arrived, expected {count}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()
