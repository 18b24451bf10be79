#!/usr/bin/env python3
"""Invoice every uninvoiced bill, the way a finance team runs it each month.

Reads a CSV of buyer titles (抬头) keyed by order ID or by payer name, applies
for one invoice per bill, then (with --wait) tracks the requests until they
are shipped or issued, and writes a CSV report.

Safe to re-run after a crash: each bill's application carries the idempotency
key "invoice-all:<bill id>", so the service replays the first result instead
of applying twice, and bills already applied for are tracked, not re-applied.

    invoice_all.py --endpoint https://localhost:8443 --ca-file ca.pem \\
        --email finance@example.cn --titles titles.csv --report report.csv --wait

The password comes from FAPIAO_PASSWORD, or is asked for without echo; it is
never an argument (ps and the shell history would show it).

titles.csv columns: order_id, payer_name (either one to match), kind, buyer_type,
organization_kind, name, taxpayer_id, delivery_method, email, recipient, mobile.
"""

import argparse
import csv
import getpass
import os
import sys
import time
from typing import Callable, Dict, List, Optional, Tuple, TypeVar

import fapiao

T = TypeVar("T")
Titles = Dict[str, Dict[str, str]]

DONE = {fapiao.RequestStatus.SHIPPED, fapiao.RequestStatus.DELIVERED, fapiao.RequestStatus.READY_FOR_PICKUP,
        fapiao.RequestStatus.PICKED_UP, fapiao.RequestStatus.ISSUED}


def progress(done: int, total: int, label: str) -> None:
    """A one-line progress bar on stderr (only when it is a terminal or forced)."""
    if total == 0 or not (sys.stderr.isatty() or os.environ.get("FAPIAO_PROGRESS")):
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def load_titles(path: str) -> Tuple[Titles, Titles]:
    by_order: Titles = {}
    by_payer: Titles = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("order_id"):
                by_order[row["order_id"]] = row
            elif row.get("payer_name"):
                by_payer[row["payer_name"]] = row
    return by_order, by_payer


def application_for(bill: fapiao.Bill, row: Dict[str, str]) -> fapiao.InvoiceApplication:
    kind = row.get("organization_kind")
    buyer = fapiao.Buyer(type=fapiao.BuyerType(row["buyer_type"]),
                         organization_kind=fapiao.OrganizationKind(kind) if kind else None,
                         name=row["name"], taxpayer_id=row.get("taxpayer_id") or None)
    delivery = fapiao.Delivery(method=fapiao.DeliveryMethod(row["delivery_method"]), email=row.get("email") or None,
                               recipient=row.get("recipient") or None, mobile=row.get("mobile") or None)
    return fapiao.InvoiceApplication(kind=fapiao.InvoiceKind(row["kind"]), bill_ids=[bill.id], buyer=buyer, delivery=delivery)


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.client = fapiao.Client(args.endpoint, ca_file=args.ca_file, retries=4,
                                    application_id="invoice-all-example/1.0")
        self.session = self.sign_in()

    def sign_in(self) -> fapiao.Session:
        return self.client.sign_in(self.args.email, self.args.password)

    def call(self, fn: Callable[..., T], *a: object, **kw: object) -> T:
        """Calls fn(session, ...), signing in again once if the session expired (jobs run for days)."""
        try:
            return fn(self.session, *a, **kw)
        except fapiao.errors.AuthenticationError:
            self.session = self.sign_in()
            return fn(self.session, *a, **kw)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", required=True)
    p.add_argument("--ca-file")
    p.add_argument("--email", required=True)
    p.add_argument("--titles", required=True, help="CSV of buyer titles by order_id or payer_name")
    p.add_argument("--report", required=True, help="CSV report to write")
    p.add_argument("--wait", action="store_true", help="track the requests until shipped or issued")
    p.add_argument("--poll-interval", type=float, default=60.0)
    p.add_argument("--timeout", type=float, default=7 * 24 * 3600.0)
    args = p.parse_args(argv)
    args.password = os.environ.get("FAPIAO_PASSWORD") or (getpass.getpass("Password: ") if sys.stdin.isatty() else "")
    if not args.password:
        p.error("set FAPIAO_PASSWORD, or run at a terminal to be asked for the password")

    by_order, by_payer = load_titles(args.titles)
    run = Run(args)
    bills = list(run.call(lambda s: list(run.client.bills(s, page_size=100))))
    rows: List[Dict[str, str]] = []
    applied = skipped = 0
    for i, bill in enumerate(bills, 1):
        progress(i, len(bills), "Applying")
        title = by_order.get(bill.order_id) or by_payer.get(bill.payer_name)
        if title is None or bill.state is fapiao.BillState.SPLIT:
            skipped += 1
            continue
        if bill.state is fapiao.BillState.UNINVOICED:
            try:
                request = run.call(run.client.create_invoice_request, application_for(bill, title),
                                   idempotency_key=f"invoice-all:{bill.id}")
                applied += 1
            except fapiao.errors.InvalidRequestError as e:
                print(f"Bill {bill.id}: the title for it is invalid:\n{e}", file=sys.stderr)
                rows.append({"bill_id": bill.id, "order_id": bill.order_id, "status": "INVALID_TITLE"})
                continue
            request_id = request.id
        else:
            request_id = bill.invoice_request_id or ""  # applied for by an earlier run
        rows.append({"bill_id": bill.id, "order_id": bill.order_id,
                     "amount": fapiao.format_yuan(bill.amount_fen), "request_id": request_id})

    deadline = time.monotonic() + args.timeout
    tracked = [r for r in rows if r.get("request_id")]
    for i, row in enumerate(tracked, 1):
        progress(i, len(tracked), "Tracking")
        request = run.call(run.client.get_invoice_request, row["request_id"])
        while args.wait and request.status not in DONE and not fapiao.lifecycle.is_final(request.status):
            if time.monotonic() > deadline:
                break
            time.sleep(args.poll_interval)
            request = run.call(run.client.get_invoice_request, row["request_id"])
        row.update(status=request.status.value if request.status else "", label=request.status_label, tracking_number=request.tracking_number or "",
                   fapiao_number=request.fapiao_number or "",
                   due_at=request.due_at.isoformat() if request.due_at else "")

    fields = ["bill_id", "order_id", "amount", "request_id", "status", "label", "tracking_number", "fapiao_number",
              "due_at"]
    with open(args.report, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(bills)} bills: {applied} applied now, {len(rows) - applied} already applied or invalid, "
          f"{skipped} without a title. Report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
