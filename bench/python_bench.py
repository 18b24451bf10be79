"""3. Python: fapiao's binding against requests.Session and httpx.Client doing
the same call (GET an invoice request, JSON decoded into the same
fapiao.InvoiceRequest object), with 1 and 4 threads; then, on one event-loop
thread with 32 calls in flight, fapiao.aio against aiohttp (one session, the
same decoding) and against the blocking binding on one thread, over loopback and
again with 5 ms of service latency. Prints table rows.

    python_bench.py ENDPOINT CA_FILE OPERATOR_TOKEN_FILE [--quick]
(the fapiao package must be importable: PYTHONPATH=build/release/bindings/python/stage)"""

import asyncio
import os
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import aiohttp  # noqa: E402
import fapiao  # noqa: E402
import fapiao.aio  # noqa: E402
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


def percentile(samples, q):
    merged = sorted(samples)
    return merged[min(len(merged), max(1, -(-len(merged) * q // 100))) - 1] * 1e6


async def in_flight(total, width, call):
    """`width` workers on this one event-loop thread, `total` calls between them: (rate, p50, p99)."""
    await call()  # warm-up: connections and, for fapiao.aio, the I/O thread
    latencies = []
    per_worker = total // width

    async def worker():
        for _ in range(per_worker):
            start = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(width)))
    wall = time.perf_counter() - start
    return len(latencies) / wall, percentile(latencies, 50), percentile(latencies, 99)


def asyncio_rows(endpoint, ca_file, email, password, url, headers, request_id, quick, label_suffix=""):
    total, width = (64 if quick else 6400), 32
    if label_suffix:  # the calls wait on the service: fewer of them
        total = 64 if quick else 1600

    async def fapiao_aio():
        async with fapiao.aio.Client(endpoint, ca_file=ca_file, pool_size=width, use_environment_proxy=False) as c:
            session = await c.sign_in(email, password)
            return await in_flight(total, width, lambda: c.get_invoice_request(session, request_id))

    async def with_aiohttp():
        context = ssl.create_default_context(cafile=ca_file)
        connector = aiohttp.TCPConnector(limit=width, ssl=context)
        async with aiohttp.ClientSession(connector=connector, trust_env=False) as s:
            async def call():
                async with s.get(url, headers=headers) as r:
                    r.raise_for_status()
                    return InvoiceRequest.from_dict(await r.json())
            return await in_flight(total, width, call)

    aio = asyncio.run(fapiao_aio())
    other = asyncio.run(with_aiohttp())
    blocking_client = fapiao.Client(endpoint, ca_file=ca_file, pool_size=1, use_environment_proxy=False)
    session = blocking_client.sign_in(email, password)
    blocking = run_threads(1, total // 4, lambda: lambda: blocking_client.get_invoice_request(session, request_id))
    blocking_client.close()
    label = "3. Python asyncio get_invoice_request, 1 thread, 32 in flight" + label_suffix
    rows = [("fapiao.aio.Client", aio, "aiohttp.ClientSession", aio[0] / other[0]),
            ("aiohttp.ClientSession", other, "—", None),
            ("fapiao.aio.Client", aio, "fapiao (binding), 1 thread, blocking", aio[0] / blocking[0]),
            ("fapiao (binding), 1 thread, blocking", blocking, "—", None)]
    for name, (rate, p50, p99), versus, ratio in rows:
        shown = "—" if ratio is None else f"{ratio:.2f}×"
        print(f"| {label} | {name} | {rate:.0f} req/s | {micros(p50)} | {micros(p99)} | {versus} | {shown} |",
              flush=True)


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
    asyncio_rows(endpoint, ca_file, email, password, url, headers, request_id, quick)
    # The same with 5 ms of service latency (a DELAY fault on every call): what a
    # network round trip adds, and what calls in flight overlap.
    sandbox.call("POST", "/sandbox/faults", {"method": "GET", "path": f"/v1/invoice-requests/{request_id}",
                                             "action": "DELAY", "count": 1000000, "delay_ms": 5},
                 token=sandbox.operator_token)
    try:
        asyncio_rows(endpoint, ca_file, email, password, url, headers, request_id, quick, ", 5 ms service latency")
    finally:
        sandbox.call("DELETE", "/sandbox/faults", token=sandbox.operator_token)


if __name__ == "__main__":
    main()
