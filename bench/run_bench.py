"""./dev.sh bench: starts a sandbox (and nginx for the comparison), runs every
benchmark beside its comparison, and prints one Markdown table.

    run_bench.py --build-dir build/release [--quick] [--out FILE]

Each row is measured in this run next to what it is compared with, because
this machine is shared and absolute times drift. --quick uses tiny counts: it
proves the benchmarks still run (./dev.sh test does that), its numbers mean
nothing."""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from sandbox_setup import Sandbox  # noqa: E402

HEADER = ("| Benchmark | Subject | Result | p50 | p99 | Compared with | Ratio |\n"
          "|---|---|---|---|---|---|---|")


def log(message):
    print(f"--> {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what):
    for _ in range(400):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited at start (code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not start listening on {port}")


@contextmanager
def running(command, port, what, **kw):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    try:
        wait_for_port(port, process, what)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_rows(command, env=None):
    """Runs a benchmark program; returns the table rows it printed."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{os.path.basename(command[0])} failed ({result.returncode}):\n{result.stderr}")
    return [line for line in result.stdout.splitlines() if line.startswith("| ")]


# ---- 4. the sandbox under wrk, against nginx serving the same bytes -----------------

NGINX_CONF = """daemon off;
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  default_type application/json;
  keepalive_requests 10000000;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    root {dir}/www;
  }}
}}
"""


def wrk(url, connections, seconds, token=None):
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command + [url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not rate or "Non-2xx" in out:  # a wrong answer is a failure; a slow one (a wrk timeout) is data
        raise RuntimeError(f"wrk against {url} failed:\n{out}")
    if "Socket errors" in out:
        log(f"wrk against {url}: {re.search(r'Socket errors:.*', out).group(0)}")

    def latency(q):
        m = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        scale = {"us": 1, "ms": 1000, "s": 1e6}[m.group(2)]
        return float(m.group(1)) * scale
    return float(rate.group(1)), latency(50), latency(99)


def micros(us):
    return f"{us / 1000:.1f} ms" if us >= 10000 else f"{us:.0f} µs"


def sandbox_against_nginx(sandbox, data_dir, build_dir, quick):
    _, _, token, bill, request_id = sandbox.customer(bills=120, with_request=True)
    targets = {"GET /v1/bills/{id}": (f"/v1/bills/{bill}", "single.json"),
               "GET /v1/bills?limit=100": ("/v1/bills?limit=100", "page.json")}
    work = tempfile.mkdtemp(prefix="fapiao-bench-nginx-")
    os.chmod(work, 0o755)  # nginx's workers run as an unprivileged user
    rows = []
    try:
        os.makedirs(f"{work}/www")
        for path, file in targets.values():
            with open(f"{work}/www/{file}", "wb") as f:
                f.write(sandbox.call("GET", path, token=token))
        # The invoice request at its API path, for the reconnect benchmark.
        os.makedirs(f"{work}/www/v1/invoice-requests")
        with open(f"{work}/www/v1/invoice-requests/{request_id}", "wb") as f:
            f.write(sandbox.call("GET", f"/v1/invoice-requests/{request_id}", token=token))
        port = free_port()
        with open(f"{work}/nginx.conf", "w", encoding="utf-8") as f:
            f.write(NGINX_CONF.format(dir=work, port=port, cert=f"{data_dir}/server.pem",
                                      key=f"{data_dir}/server-key.pem"))
        with running(["nginx", "-c", f"{work}/nginx.conf", "-p", work], port, "nginx"):
            seconds = 1 if quick else 5
            for label, (path, file) in targets.items():
                for connections in (1, 4, 32):
                    ours = wrk(sandbox.endpoint + path, connections, seconds, token)
                    theirs = wrk(f"https://127.0.0.1:{port}/{file}", connections, seconds)
                    bench = f"4. sandbox {label}, wrk"
                    rows.append(f"| {bench} | fapiao-sandbox, {connections} conn. | {ours[0]:.0f} req/s | "
                                f"{micros(ours[1])} | {micros(ours[2])} | nginx, same bytes, static file | "
                                f"{ours[0] / theirs[0]:.2f}× |")
                    rows.append(f"| {bench} | nginx, {connections} conn. | {theirs[0]:.0f} req/s | "
                                f"{micros(theirs[1])} | {micros(theirs[2])} | — | — |")
            log("The client reconnecting to nginx (TLS session resumption with a quick server)")
            rows += run_rows([f"{build_dir}/bench/bench_client", f"https://localhost:{port}",
                              f"{data_dir}/ca.pem", "/dev/null", "--static-server", request_id] +
                             (["--quick"] if quick else []))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


# ---- 5. codec (Google Benchmark) ------------------------------------------------------

def codec(build_dir, quick):
    out = subprocess.run([f"{build_dir}/bench/bench_codec", "--benchmark_format=json",
                          f"--benchmark_min_time={0.02 if quick else 0.5}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True).stdout
    names = {"DecodeBillPage100": "decode a 100-bill page", "EncodeBillPage100": "encode a 100-bill page",
             "DecodeFullInvoiceRequest": "decode a full invoice request",
             "EncodeFullInvoiceRequest": "encode a full invoice request",
             "VerifyWebhookDelivery/OneSecret": "verify a webhook delivery (construct_event)",
             "VerifyWebhookDelivery/TwoSecretsDuringARotation": "verify a webhook delivery, two secrets held"}
    rows = []
    for b in json.loads(out)["benchmarks"]:
        unit = {"ns": 1e-3, "us": 1, "ms": 1e3}[b["time_unit"]]
        rows.append(f"| 5. codec (Google Benchmark) | {names.get(b['name'], b['name'])} | "
                    f"{b['bytes_per_second'] / 1e6:.0f} MB/s, {b['items_per_second']:,.0f} objects/s | "
                    f"{b['real_time'] * unit:.1f} µs a call | — | — | — |")
    return rows


# ---- 7. compile cost -------------------------------------------------------------------

def compile_seconds(source, standard, runs):
    with tempfile.TemporaryDirectory() as work:
        path = f"{work}/probe.cpp"
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        best = None
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(["c++", f"-std={standard}", "-O2", "-I", f"{ROOT}/include", "-c", path,
                            "-o", f"{work}/probe.o"], check=True)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        return best


def compile_cost(build_dir, quick):
    runs = 1 if quick else 5
    body = "int main() { return 0; }\n"
    rows = []
    for standard in ("c++17", "c++20"):
        sdk = compile_seconds("#include <fapiao/fapiao.hpp>\n" + body, standard, runs)
        std = compile_seconds("#include <string>\n#include <vector>\n" + body, standard, runs)
        rows.append(f"| 7. compile cost | a file including <fapiao/fapiao.hpp>, -std={standard} | {sdk:.2f} s "
                    f"(best of {runs}) | — | — | one including <string> and <vector>: {std:.2f} s | "
                    f"{sdk / std:.2f}× |")
    with tempfile.TemporaryDirectory() as work:
        stripped = f"{work}/quickstart"
        subprocess.run(["strip", "-o", stripped, f"{build_dir}/examples/quickstart"], check=True)
        size = os.path.getsize(stripped)
    rows.append(f"| 7. binary size | examples/cpp/quickstart, stripped (static SDK, shared OpenSSL) | "
                f"{size / (1024 * 1024):.1f} MiB | — | — | — | — |")
    return rows


# ---- the run ---------------------------------------------------------------------------

def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    compiler = subprocess.run(["c++", "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
    openssl = subprocess.run(["openssl", "version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    return (f"{datetime.date.today().isoformat()}; {os.cpu_count()} × {cpu}; Linux {platform.release()}; "
            f"{compiler}; {openssl}; Python {platform.python_version()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    quick = ["--quick"] if args.quick else []

    data = tempfile.mkdtemp(prefix="fapiao-bench-")
    port = free_port()
    rows = []
    try:
        # A fast password hash: the benchmarks sign in often and measure calls, not PBKDF2.
        command = [f"{build_dir}/sandbox/fapiao-sandbox", "--data", f"{data}/data", "--listen",
                   f"127.0.0.1:{port}", "--quiet", "--password-hash-iterations", "1000"]
        with running(command, port, "fapiao-sandbox"):
            endpoint, ca, token = f"https://localhost:{port}", f"{data}/data/ca.pem", f"{data}/data/operator-token"
            sandbox = Sandbox(endpoint, ca, token)
            log("C++: client overhead, concurrency, creates, paging, first call, reconnect, asynchronous calls")
            rows += run_rows([f"{build_dir}/bench/bench_client", endpoint, ca, token] + quick)
            log("Python: the binding vs requests and httpx")
            env = dict(os.environ, PYTHONPATH=f"{build_dir}/bindings/python/stage")
            rows += run_rows([sys.executable, f"{HERE}/python_bench.py", endpoint, ca, token] + quick, env=env)
            log("The sandbox under wrk vs nginx")
            rows += sandbox_against_nginx(sandbox, f"{data}/data", build_dir, args.quick)
        log("Codec (Google Benchmark)")
        rows += codec(build_dir, args.quick)
        log("Compile cost and binary size")
        rows += compile_cost(build_dir, args.quick)
    finally:
        shutil.rmtree(data, ignore_errors=True)

    rows.sort(key=lambda row: row.split("|")[1].strip().split(".")[0].zfill(2))  # by benchmark number, stable
    table = f"Machine: {machine()}{' — QUICK RUN, numbers not meaningful' if args.quick else ''}\n\n" \
            f"{HEADER}\n" + "\n".join(rows) + "\n"
    print(table)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(table)


if __name__ == "__main__":
    main()
