"""examples/python/invoice_all_async.py against a sandbox: 40 bills applied
for with 8 in flight from one thread, a progress line, a re-run that applies
nothing twice, and invoice_all.py (the blocking script) agreeing afterwards."""

import csv
import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "python"


def run(sb, tmp_path, script, *extra):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "FAPIAO_PROGRESS": "1",
           "FAPIAO_PASSWORD": "passw0rd-1"}  # never an argument
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), "--endpoint", f"https://localhost:{sb.port}", "--ca-file",
         str(sb.data / "ca.pem"), "--email", "async@example.cn", "--titles", str(tmp_path / "titles.csv"),
         "--report", str(tmp_path / "report.csv"), *extra],
        capture_output=True, text=True, env=env, timeout=120)


def test_every_bill_applied_for_once_with_bounded_concurrency(sandbox, tmp_path):
    c = sandbox.customer(payer="上海示例科技有限公司", payments=tuple((1000 + i, 10) for i in range(40)))
    sandbox.signed_in(c["order_ids"][0], "async@example.cn")
    with open(tmp_path / "titles.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "payer_name", "kind", "buyer_type", "organization_kind", "name", "taxpayer_id",
                    "delivery_method", "email", "recipient", "mobile"])
        w.writerow([c["order_ids"][0], "", "DIGITAL_ORDINARY", "ORGANIZATION", "ENTERPRISE", "上海示例科技有限公司",
                    "91330106673959654P", "EMAIL", "finance@example.cn", "", ""])

    first = run(sandbox, tmp_path, "invoice_all_async.py", "--concurrency", "8")
    assert first.returncode == 0, first.stderr
    assert "40 applied now" in first.stdout
    assert "Applying [" in first.stderr and "40/40" in first.stderr
    report = list(csv.DictReader(open(tmp_path / "report.csv", encoding="utf-8")))
    assert len(report) == 40 and all(r["status"] == "SUBMITTED" and r["label"] == "已提交" for r in report)

    again = run(sandbox, tmp_path, "invoice_all_async.py", "--concurrency", "8")
    assert again.returncode == 0, again.stderr
    assert "0 applied now" in again.stdout
    blocking = run(sandbox, tmp_path, "invoice_all.py")  # the blocking script sees the same state
    assert blocking.returncode == 0, blocking.stderr
    assert "0 applied now" in blocking.stdout

    token = sandbox.call("POST", "/v1/sessions", {"email": "async@example.cn", "password": "passw0rd-1"}).json["token"]
    requests = sandbox.call("GET", "/v1/invoice-requests?limit=100", token=token).json["data"]
    assert len(requests) == 40
    assert len({bill for r in requests for bill in r["bill_ids"]}) == 40
