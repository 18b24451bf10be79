#!/usr/bin/env python3
"""A misbehaving HTTPS server for the client's and the CLI's hostile-server tests.

    hostile_server.py --cert server.pem --key server-key.pem --port-file FILE MODE

MODE:
  double-answer   answers every request twice on the same connection (the second
                  answer unasked-for): a pooled connection must not be reused, or
                  the next call reads the stale answer as its own.
  evil-filename   answers document downloads with Content-Disposition
                  filename="../escaped.pdf" (and filename*= with a path).

Every answer names the request's sequence number across all connections, so a
test can tell a fresh answer from a stale one.
"""

import argparse
import json
import socket
import ssl
import threading

counter_lock = threading.Lock()
counter = 0


def next_number():
    global counter
    with counter_lock:
        counter += 1
        return counter


def http_response(status, body, content_type="application/json", extra=()):
    head = [f"HTTP/1.1 {status} OK", f"Content-Type: {content_type}", f"Content-Length: {len(body)}",
            "Connection: keep-alive", "Request-Id: req_hostile", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def account(n, email):
    return json.dumps({"id": f"acct_{n}", "email": email, "status": "ACTIVE",
                       "created_at": "2026-11-01T00:00:00Z"}).encode()


def read_request(conn, buffer):
    while b"\r\n\r\n" not in buffer:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    return head.split(b"\r\n")[0].decode(), rest[length:]


def serve(conn, mode):
    buffer = b""
    try:
        while True:
            request_line, buffer = read_request(conn, buffer)
            if request_line is None:
                return
            n = next_number()
            if mode == "double-answer":
                conn.sendall(http_response(200, account(n, f"answer{n}@example.cn")) +
                             http_response(200, account(n, f"stale{n}@example.cn")))
            elif mode == "evil-filename" and "/document" in request_line:
                conn.sendall(http_response(200, b"%PDF-1.4 hostile\n", "application/pdf",
                                           ['Content-Disposition: attachment; filename="../escaped.pdf"']))
            else:
                conn.sendall(http_response(200, account(n, f"answer{n}@example.cn")))
    except (OSError, ssl.SSLError):
        return
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("mode", choices=["double-answer", "evil-filename"])
    args = parser.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write(f"{port}\n")
    import os
    os.replace(args.port_file + ".tmp", args.port_file)
    while True:
        raw, _ = listener.accept()
        try:
            conn = context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()
            continue
        threading.Thread(target=serve, args=(conn, args.mode), daemon=True).start()


if __name__ == "__main__":
    main()
