#!/usr/bin/python3
"""A webhook receiver on the standard library's http.server: verify, dedupe, ack fast.

    FAPIAO_WEBHOOK_SECRET=whsec_... python3 webhook_receiver.py --port 8080

Register http://127.0.0.1:8080/fapiao/events as a webhook endpoint (the sandbox
accepts http:// to loopback; the real service needs https://), or forward to
it with `fapiao listen --forward-to http://127.0.0.1:8080/fapiao/events`.

What it shows (docs/webhooks.md):
  - verify before trusting: fapiao.webhooks.construct_event over the raw body
    bytes with every live secret (several, comma-separated, during a rotation);
    a delivery that fails gets 400 and is not processed;
  - dedupe by event id: deliveries are at least once, so the same event may
    come twice; a repeat is acknowledged and skipped;
  - acknowledge fast: 200 goes back at once, the work is done on a worker
    thread, so a slow database never makes the service retry;
  - read the object's status, never the arrival order: events come in any order.

The secret comes from the environment, never the command line (argv is
visible to every user of the machine)."""

from __future__ import annotations

import argparse
import http.server
import os
import queue
import sys
import threading
from typing import Dict, Set

import fapiao
from fapiao import webhooks


class Receiver:
    def __init__(self, secrets: list[str]) -> None:
        self.secrets = secrets
        self.seen: Set[str] = set()  # a real receiver keeps this in its database, with the work it did
        self.statuses: Dict[str, str] = {}  # request id -> latest status, whatever the arrival order
        self.lock = threading.Lock()
        self.work: "queue.Queue[fapiao.Event]" = queue.Queue()
        threading.Thread(target=self._worker, daemon=True).start()

    def accept(self, body: bytes, signature: str | None) -> int:
        """The HTTP status to answer: verification and the dedupe check only."""
        try:
            event = webhooks.construct_event(body, signature, self.secrets)
        except fapiao.FapiaoError as e:
            print(f"refused: {e.service_code}", flush=True)
            return 400
        with self.lock:
            if event.id in self.seen:
                print(f"duplicate {event.id}", flush=True)
                return 200
            self.seen.add(event.id)
        self.work.put(event)
        return 200

    def _worker(self) -> None:
        while True:
            event = self.work.get()
            obj = event.data.object
            if isinstance(obj, fapiao.InvoiceRequest):
                with self.lock:
                    self.statuses[obj.id] = str(obj.status)
                detail = f"{obj.id} {obj.status}" + (f" {obj.tracking_number}" if obj.tracking_number else "")
            elif isinstance(obj, fapiao.Bill):
                detail = f"{obj.id} {fapiao.format_yuan(obj.amount_fen)}"
            elif isinstance(obj, (fapiao.SupportTicket, fapiao.Announcement)):
                detail = obj.id
            else:  # a type this SDK version does not know: the plain dict
                detail = "(unknown type)"
            print(f"event {event.id} {event.type} {detail}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--path", default="/fapiao/events")
    args = parser.parse_args()
    secrets = [s for s in os.environ.get("FAPIAO_WEBHOOK_SECRET", "").split(",") if s]
    if not secrets:
        print("Set FAPIAO_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...).", file=sys.stderr)
        return 2
    receiver = Receiver(secrets)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != args.path:
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1 << 20:
                self.send_error(413)
                return
            status = receiver.accept(self.rfile.read(length), self.headers.get("Fapiao-Signature"))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:  # one line per event is printed instead
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}{args.path}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
