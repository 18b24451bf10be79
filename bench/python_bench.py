"""3. Python: fapiao's binding against requests.Session and httpx.Client doing
the same call (GET an invoice request, JSON decoded into the same
fapiao.InvoiceRequest object), with 1 and 4 threads. Prints table rows.

    python_bench.py ENDPOINT CA_FILE OPERATOR_TOKEN_FILE [--quick]
(the fapiao package must be importable: PYTHONPATH=build/release/bindings/python/stage)"""

import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fapiao  # noqa: E402
import httpx  # noqa: E402
import requests  # noqa: E402
from fapiao.models import InvoiceRequest  # noqa: E402
from sandbox_setup import Sandbox  # noqa: E402


def run_threads(threads, calls_per_thread, make_worker):
    """Each thread builds its worker (untimed, with two warm-up calls); then all call at once."""
    latencies = [[] for _ in range(threads)]
    ready = threading.Barrier(threads + 1)
    go = threading.Event()
    errors = []

    def body(index):
        try:
            call = make_worker()
            call()
            call()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
            ready.wait()
            return
        ready.wait()
        go.wait()
        mine = latencies[index]
        try:
            for _ in range(calls_per_thread):
                start = time.perf_counter()
                call()
                mine.append(time.perf_counter() - start)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    pool = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    ready.wait()
    start = time.perf_counter()
    go.set()
    for t in pool:
        t.join()
    wall = time.perf_counter() - start
    if errors:
        raise errors[0]
    merged = sorted(x for per in latencies for x in per)
    p = lambda q: merged[min(len(merged), max(1, -(-len(merged) * q // 100))) - 1] * 1e6  # noqa: E731
    return len(merged) / wall, p(50), p(99)


def micros(us):
    return f"{us / 1000:.1f} ms" if us >= 10000 else f"{us:.0f} µs"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    endpoint, ca_file, token_file = sys.argv[1:4]
    quick = "--quick" in sys.argv[4:]
    sandbox = Sandbox(endpoint, ca_file, token_file)
    email, password, token, _, request_id = sandbox.customer()
    url = f"{endpoint}/v1/invoice-requests/{request_id}"
    headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}

    client = fapiao.Client(endpoint, ca_file=ca_file, pool_size=8, use_environment_proxy=False)
    session = client.sign_in(email, password)

    def fapiao_worker():
        return lambda: client.get_invoice_request(session, request_id)

    def requests_worker():
        s = requests.Session()
        s.trust_env = False
        s.verify = ca_file

        def call():
            r = s.get(url, headers=headers)
            r.raise_for_status()
            return InvoiceRequest.from_dict(r.json())
        return call

    def httpx_worker():
        c = httpx.Client(verify=ca_file, trust_env=False)

        def call():
            r = c.get(url, headers=headers)
            r.raise_for_status()
            return InvoiceRequest.from_dict(r.json())
        return call

    subjects = [("fapiao (binding)", fapiao_worker), ("requests.Session", requests_worker),
                ("httpx.Client", httpx_worker)]
    for threads in (1, 4):
        calls = (20 if quick else 1200) // threads
        results = {name: run_threads(threads, calls, make) for name, make in subjects}
        baseline = results["requests.Session"][0]
        label = f"3. Python get_invoice_request, {threads} thread{'s' if threads > 1 else ''}"
        for name, (rate, p50, p99) in results.items():
            versus, ratio = ("—", "—") if name == "requests.Session" else ("requests.Session", f"{rate / baseline:.2f}×")
            print(f"| {label} | {name} | {rate:.0f} req/s | {micros(p50)} | {micros(p99)} | {versus} | {ratio} |",
                  flush=True)
    client.close()


if __name__ == "__main__":
    main()
