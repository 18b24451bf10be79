"""examples/python/invoice_all.py against a sandbox with its virtual clock:
apply, crash and re-run (no double application), let the back office work
through the days, track to shipped, and check the report."""

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox_harness import SHANGHAI

SCRIPT = Path(__file__).resolve().parents[3] / "examples" / "python" / "invoice_all.py"


@pytest.fixture
def auto_sandbox(tmp_path):
    from sandbox_harness import Sandbox
    sb = Sandbox(tmp_path, "--auto-process").start()
    yield sb
    sb.stop()


def run(sb, tmp_path, *extra):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "FAPIAO_PROGRESS": "1",
           "FAPIAO_PASSWORD": "passw0rd-1"}  # never an argument
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--endpoint", f"https://localhost:{sb.port}", "--ca-file",
         str(sb.data / "ca.pem"), "--email", "finance@example.cn", "--titles",
         str(tmp_path / "titles.csv"), "--report", str(tmp_path / "report.csv"), "--poll-interval", "0.05", *extra],
        capture_output=True, text=True, env=env, timeout=120)


def test_invoice_all_applies_once_and_reports_shipped(auto_sandbox, tmp_path):
    sb = auto_sandbox
    sb.set_clock(dt.datetime(2026, 11, 13, 10, 0, tzinfo=SHANGHAI))
    c = sb.customer(payer="上海示例科技有限公司", payments=((100000, 10), (50000, 20)), orders=2)
    other = sb.op("POST", "/sandbox/orders", {"order_id": "ORD-NO-TITLE-" + c["customer_id"], "customer_id": c["customer_id"],
                                              "payer_name": "无抬头公司", "subscription_id": "s", "subscription_name": "n"})
    assert other.status == 201
    sb.op("POST", "/sandbox/payments", {"order_id": "ORD-NO-TITLE-" + c["customer_id"], "amount_fen": 700,
                                        "paid_at": "2026-11-01T10:00:00+08:00"})
    sb.signed_in(c["order_ids"][0], "finance@example.cn")
    with open(tmp_path / "titles.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "payer_name", "kind", "buyer_type", "organization_kind", "name", "taxpayer_id",
                    "delivery_method", "email", "recipient", "mobile"])
        w.writerow([c["order_ids"][0], "", "VAT_ORDINARY", "ORGANIZATION", "ENTERPRISE", "上海示例科技有限公司",
                    "91330106673959654P", "YUNDA", "", "", ""])  # invalid: a courier needs an address
        w.writerow(["", "上海示例科技有限公司", "DIGITAL_ORDINARY", "ORGANIZATION", "ENTERPRISE", "上海示例科技有限公司",
                    "91330106673959654P", "EMAIL", "finance@example.cn", "", ""])
    # The first order's title is invalid: fix it, as the finance team would after reading the error.
    first = run(sb, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "the title for it is invalid" in first.stderr and "delivery.recipient" in first.stderr
    rows = list(csv.reader(open(tmp_path / "titles.csv", encoding="utf-8")))
    rows[1][7:11] = ["SELF_PICKUP", "", "王小明", "13800138000"]
    with open(tmp_path / "titles.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)

    applied = run(sb, tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert "Applying [" in applied.stderr  # the progress bar
    crashed_and_rerun = run(sb, tmp_path)
    assert crashed_and_rerun.returncode == 0, crashed_and_rerun.stderr
    assert "0 applied now" in crashed_and_rerun.stdout
    token = sb.call("POST", "/v1/sessions", {"email": "finance@example.cn", "password": "passw0rd-1"}).json["token"]
    requests = sb.call("GET", "/v1/invoice-requests?limit=100", token=token).json["data"]
    assert len(requests) == 4  # one per titled bill, never two
    assert len({bid for r in requests for bid in r["bill_ids"]}) == 4

    sb.advance(5 * 24 * 3600)  # the back office works through the days (--auto-process)
    tracked = run(sb, tmp_path, "--wait")
    assert tracked.returncode == 0, tracked.stderr
    report = list(csv.DictReader(open(tmp_path / "report.csv", encoding="utf-8")))
    assert len(report) == 4
    by_status = {}
    for row in report:
        by_status.setdefault(row["status"], []).append(row)
        assert row["request_id"] and row["fapiao_number"]
    assert sorted(by_status) == ["DELIVERED", "READY_FOR_PICKUP"]  # digital e-mailed; paper ready at the branch
    assert all(r["label"] in ("已送达", "待自取") for r in report)
    assert "无抬头" not in (tmp_path / "report.csv").read_text(encoding="utf-8")
