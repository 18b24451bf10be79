#!/usr/bin/python3
"""Runs the partner portal on loopback.

Against a service you already have:
    run_portal.py --endpoint https://localhost:8443 --ca-file ca.pem --data /tmp/portal

With a demo-seeded sandbox of its own (what `./dev.sh portal` does): the
sandbox gets --seed demo --auto-process, and its activation mails link to
this portal's activation page:
    run_portal.py --sandbox build/dev/sandbox/fapiao-sandbox

Ctrl-C stops both. --info-file writes the addresses as JSON, for tests."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))


def start_sandbox(binary: str, data: Path, portal_url: str, log_file: Path) -> tuple[subprocess.Popen[bytes], int]:
    port_file = data / "sandbox.port"
    process = subprocess.Popen(
        [binary, "--data", str(data / "sandbox"), "--listen", "127.0.0.1:0", "--port-file", str(port_file),
         "--seed", "demo", "--auto-process", "--activation-url", portal_url + "/link/activate", "--quiet"],
        stdout=log_file.open("wb"), stderr=subprocess.STDOUT)
    for _ in range(400):
        if port_file.exists() and port_file.read_text().strip():
            return process, int(port_file.read_text())
        if process.poll() is not None:
            raise SystemExit(f"the sandbox did not start:\n{log_file.read_text()}")
        time.sleep(0.05)
    process.kill()
    raise SystemExit("the sandbox did not start in 20 s")


def stop_sandbox(process: Optional[subprocess.Popen[bytes]]) -> None:
    """SIGTERM, then SIGKILL if it takes longer than 10 s or Ctrl-C comes again."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except (KeyboardInterrupt, subprocess.TimeoutExpired):
        process.kill()
        process.wait()


def build_server(args: argparse.Namespace, endpoint: str, ca_file: Optional[str], data: Path, port: int,
                 portal_url: str, listener: socket.socket) -> object:
    from werkzeug.serving import make_server

    from portal import Config, create_app
    app = create_app(Config(fapiao_endpoint=endpoint, ca_file=ca_file, data_dir=data / "portal",
                            public_url=args.public_url or portal_url))
    return make_server(args.host, port, app, threaded=True, fd=listener.fileno())


def main() -> int:
    parser = argparse.ArgumentParser(description="The fapiao partner portal (examples/portal).")
    parser.add_argument("--endpoint", help="the invoicing service, e.g. https://localhost:8443")
    parser.add_argument("--ca-file", help="CA certificate that verifies the service")
    parser.add_argument("--sandbox", help="start a demo-seeded sandbox from this binary instead")
    parser.add_argument("--data", help="the portal's data directory (default: a fresh temporary one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5080, help="0 picks a free port")
    parser.add_argument("--public-url", help="how the service reaches the portal (default http://localhost:PORT)")
    parser.add_argument("--info-file", help="write {portal_url, sandbox_url, ca_file, operator_token_file} here")
    args = parser.parse_args()
    if not args.sandbox and not args.endpoint:
        parser.error("give --endpoint (and --ca-file) or --sandbox")

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    temporary: Optional[tempfile.TemporaryDirectory[str]] = None
    if args.data:
        data = Path(args.data)
    else:
        temporary = tempfile.TemporaryDirectory(prefix="fapiao-portal-")
        data = Path(temporary.name)
    data.mkdir(mode=0o700, parents=True, exist_ok=True)

    # The portal's socket first: the sandbox's mails link to its address.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(64)
    port = listener.getsockname()[1]
    portal_url = f"http://localhost:{port}"

    sandbox: Optional[subprocess.Popen[bytes]] = None
    endpoint, ca_file = args.endpoint, args.ca_file
    operator_token_file = None
    if args.sandbox:
        sandbox, sandbox_port = start_sandbox(args.sandbox, data, portal_url, data / "sandbox.log")
        endpoint, ca_file = f"https://localhost:{sandbox_port}", str(data / "sandbox" / "ca.pem")
        operator_token_file = str(data / "sandbox" / "operator-token")

    try:
        server = build_server(args, endpoint, ca_file, data, port, portal_url, listener)
    except BaseException:
        stop_sandbox(sandbox)
        raise

    print(f"Portal: {portal_url}", flush=True)
    print(f"Service: {endpoint}", flush=True)
    if args.sandbox:
        print("Demo order IDs to register with: DEMO-ORDER-1001 (上海示例科技有限公司), DEMO-ORDER-2001, DEMO-ORDER-3001",
              flush=True)
        print(f"Activation mails: {data / 'sandbox' / 'outbox'} (each links to {portal_url}/link/activate)", flush=True)
        print("The sandbox's clock moves only when told; requests then process themselves. A day later:\n"
              f"  curl --cacert {ca_file} -H \"Authorization: Bearer $(cat {operator_token_file})\" "
              f"{endpoint}/sandbox/clock -d '{{\"advance_seconds\": 86400}}'", flush=True)
    if args.info_file:
        info = {"portal_url": portal_url, "sandbox_url": endpoint, "ca_file": ca_file,
                "operator_token_file": operator_token_file, "data": str(data)}
        tmp = Path(args.info_file + ".tmp")
        tmp.write_text(json.dumps(info))
        os.replace(tmp, args.info_file)

    def stop(*_: object) -> None:
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()  # type: ignore[attr-defined]
        stop_sandbox(sandbox)
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
