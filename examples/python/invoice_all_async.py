#!/usr/bin/env python3
"""Invoice every uninvoiced bill with asyncio: invoice_all.py's job, with many
applications in flight from one thread (fapiao.aio), at most --concurrency at
a time, and a progress line as they finish.

    invoice_all_async.py --endpoint https://localhost:8443 --ca-file ca.pem \\
        --email finance@example.cn --titles titles.csv --report report.csv --concurrency 16

The titles CSV, the application per bill and the idempotency key per bill
("invoice-all:<bill id>") are invoice_all.py's, so either script may re-run
after the other, or after a crash, without applying twice. The password comes
from FAPIAO_PASSWORD, or is asked for without echo; it is never an argument.
"""

import argparse
import asyncio
import csv
import getpass
import os
import sys
from typing import Dict, List, Optional

import fapiao
import fapiao.aio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from invoice_all import application_for, load_titles, progress  # noqa: E402 - the shared parts of the job


async def apply_all(args: argparse.Namespace) -> int:
    by_order, by_payer = load_titles(args.titles)
    async with fapiao.aio.Client(args.endpoint, ca_file=args.ca_file, retries=4, pool_size=args.concurrency,
                                 application_id="invoice-all-async-example/1.0") as client:
        session = await client.sign_in(args.email, args.password)
        bills = [bill async for bill in client.bills(session, page_size=100)]
        limit = asyncio.Semaphore(args.concurrency)
        rows: List[Dict[str, str]] = []
        finished = 0
        applied = 0
        todo = [b for b in bills if b.state is not fapiao.BillState.SPLIT
                and (by_order.get(b.order_id) or by_payer.get(b.payer_name))]

        async def one(bill: fapiao.Bill) -> None:
            nonlocal finished, applied
            title = by_order.get(bill.order_id) or by_payer.get(bill.payer_name)
            assert title is not None
            row = {"bill_id": bill.id, "order_id": bill.order_id, "amount": fapiao.format_yuan(bill.amount_fen)}
            async with limit:
                if bill.state is fapiao.BillState.UNINVOICED:
                    try:
                        request = await client.create_invoice_request(session, application_for(bill, title),
                                                                      idempotency_key=f"invoice-all:{bill.id}")
                        row.update(request_id=request.id, status=str(request.status), label=request.status_label)
                        applied += 1
                    except fapiao.errors.InvalidRequestError as e:
                        print(f"Bill {bill.id}: the title for it is invalid:\n{e}", file=sys.stderr)
                        row.update(status="INVALID_TITLE")
                else:
                    row.update(request_id=bill.invoice_request_id or "", status="ALREADY_APPLIED")
            rows.append(row)
            finished += 1
            progress(finished, len(todo), "Applying")

        await asyncio.gather(*(one(bill) for bill in todo))

    rows.sort(key=lambda r: r["bill_id"])
    with open(args.report, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["bill_id", "order_id", "amount", "request_id", "status", "label"],
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(bills)} bills: {applied} applied now, {len(todo) - applied} already applied or invalid, "
          f"{len(bills) - len(todo)} without a title. Report: {args.report}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", required=True)
    p.add_argument("--ca-file")
    p.add_argument("--email", required=True)
    p.add_argument("--titles", required=True, help="CSV of buyer titles by order_id or payer_name")
    p.add_argument("--report", required=True, help="CSV report to write")
    p.add_argument("--concurrency", type=int, default=16, help="applications in flight at once")
    args = p.parse_args(argv)
    if args.concurrency < 1:
        p.error("--concurrency is 1 or more")
    args.password = os.environ.get("FAPIAO_PASSWORD") or (getpass.getpass("Password: ") if sys.stdin.isatty() else "")
    if not args.password:
        p.error("set FAPIAO_PASSWORD, or run at a terminal to be asked for the password")
    return asyncio.run(apply_all(args))


if __name__ == "__main__":
    sys.exit(main())
