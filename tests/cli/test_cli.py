"""The fapiao CLI against a sandbox: every subcommand, --json parsed back,
exit codes (0 ok, 2 usage, 3 validation, 4 service, 5 network), the
configuration precedence and the session file's mode."""

import json
import os
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from sandbox_harness import running_sandbox  # noqa: E402

CLI = os.environ.get("FAPIAO_CLI_BIN", str(Path(__file__).resolve().parents[2] / "build/dev/examples/fapiao"))


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox("fapiao-cli-") as sb:
        yield sb


@pytest.fixture
def env(sandbox, tmp_path):
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "FAPIAO_ENDPOINT": f"https://localhost:{sandbox.port}",
            "FAPIAO_CA_FILE": str(sandbox.data / "ca.pem"), "FAPIAO_SESSION_FILE": str(tmp_path / "session")}


def fapiao(env, *args, stdin=None):
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, input=stdin, timeout=60)


def js(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.fixture
def signed_in(sandbox, env):
    c = sandbox.customer(payer="上海示例科技有限公司", payments=((100000, 10), (50000, 11), (500, 1)))
    email = f"cli.{c['customer_id']}@example.cn"
    assert fapiao(env, "register", "--email", email, "--password", "passw0rd-1", "--order-id", c["order_ids"][0]).returncode == 0
    assert fapiao(env, "activate", sandbox.last_mail(email, "ACTIVATION")["token"]).returncode == 0
    login = fapiao(env, "login", "--email", email, "--password", "passw0rd-1")
    assert login.returncode == 0 and "Signed in as " + email in login.stdout
    c["email"] = email
    return c


def test_login_keeps_a_private_session_file(env, signed_in):
    mode = stat.S_IMODE(os.stat(env["FAPIAO_SESSION_FILE"]).st_mode)
    assert mode == 0o600
    assert js(fapiao(env, "--json", "whoami"))["email"] == signed_in["email"]
    out = fapiao(env, "logout")
    assert out.returncode == 0 and not os.path.exists(env["FAPIAO_SESSION_FILE"])
    r = fapiao(env, "whoami")
    assert r.returncode == 2 and "not signed in" in r.stderr


def test_lists_as_tables_and_json(env, signed_in):
    subs = js(fapiao(env, "--json", "subscriptions"))
    assert [s["order_id"] for s in subs] == signed_in["order_ids"]
    bills = js(fapiao(env, "--json", "bills", "--state", "UNINVOICED"))
    assert [b["id"] for b in bills] == signed_in["bills"][:2]
    table = fapiao(env, "bills").stdout.splitlines()
    assert table[0].startswith("BILL") and "上海示例科技有限公司" in table[2]
    # Columns line up by display width even with Chinese text before them.
    starts = {width(line[:line.index("UNINVOICED")]) for line in table[2:]}
    assert len(starts) == 1
    assert isinstance(js(fapiao(env, "--json", "announcements")), list)


def test_preview_apply_track_and_errors(sandbox, env, signed_in):
    bill = signed_in["bills"][0]
    common = ["--kind", "VAT_ORDINARY", "--bill", bill, "--buyer-type", "ORGANIZATION", "--organization-kind",
              "ENTERPRISE", "--buyer-name", "上海示例科技有限公司", "--taxpayer-id", "91330106673959654P",
              "--delivery", "SELF_PICKUP", "--recipient", "王小明", "--mobile", "13800138000"]
    p = js(fapiao(env, "--json", "preview", *common))
    assert (p["total_fen"], p["tax_fen"]) == (100000, 5660)
    human = fapiao(env, "preview", *common)
    assert "¥1,000.00" in human.stdout and "6%" in human.stdout
    refused = fapiao(env, "apply", *common, stdin="")  # not a terminal and no --yes: nothing is sent
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert js(fapiao(env, "--json", "requests")) == []
    invalid = fapiao(env, "--json", "apply", "--yes", *common[:-6], "--delivery", "EMAIL")
    assert invalid.returncode == 3
    assert {"field": "delivery.method", "code": "DELIVERY_NOT_ALLOWED"}.items() <= js_error(invalid)["fields"][0].items()
    created = js(fapiao(env, "--json", "apply", "--yes", "--idempotency-key", "cli-" + bill, *common))
    again = js(fapiao(env, "--json", "apply", "--yes", "--idempotency-key", "cli-" + bill, *common))
    assert created["id"] == again["id"]  # a re-run with the same key never applies twice
    assert [r["id"] for r in js(fapiao(env, "--json", "requests"))] == [created["id"]]
    twice = fapiao(env, "--json", "apply", "--yes", *common)
    assert twice.returncode == 4 and js_error(twice)["service_code"] == "BILL_ALREADY_INVOICED"
    assert "request id: req_" in twice.stderr
    for status in ("PROCESSING", "PRINTED"):
        sandbox.op("POST", f"/sandbox/invoice-requests/{created['id']}/advance", {"status": status})
    waited = js(fapiao(env, "--json", "wait", created["id"], "--until", "PRINTED", "--interval", "0.05", "--timeout", "10"))
    assert waited["status_label"] == "已打印"
    shown = fapiao(env, "show", created["id"])
    assert "已打印" in shown.stdout and waited["fapiao_number"] in shown.stdout
    cancel = fapiao(env, "cancel", created["id"])
    assert cancel.returncode == 4 and "INVALID_TRANSITION" in cancel.stderr
    changed = js(fapiao(env, "--json", "title-change", created["id"], "--buyer-type", "INDIVIDUAL", "--buyer-name", "张三",
                        "--note", "改为个人"))
    assert changed["status"] == "AWAITING_RETURN"
    profile = js(fapiao(env, "--json", "profile"))
    assert profile["delivery"]["method"] == "SELF_PICKUP"


def js_error(result):
    return json.loads(result.stdout)["error"]


def test_digital_download_and_tickets(sandbox, env, signed_in, tmp_path):
    bill = signed_in["bills"][1]
    created = js(fapiao(env, "--json", "apply", "--yes", "--kind", "DIGITAL_ORDINARY", "--bill", bill, "--buyer-type",
                        "INDIVIDUAL", "--buyer-name", "张三", "--delivery", "EMAIL", "--email-to", "z@example.cn"))
    for status in ("PROCESSING", "ISSUED"):
        sandbox.op("POST", f"/sandbox/invoice-requests/{created['id']}/advance", {"status": status})
    out = tmp_path / "invoice.pdf"
    saved = js(fapiao(env, "--json", "download", created["id"], "-o", str(out)))
    assert saved["bytes"] > 1000 and out.read_bytes().startswith(b"%PDF-")
    ticket = js(fapiao(env, "--json", "ticket", "create", "--type", "PROGRESS", "--request", created["id"],
                       "--description", "何时开具?"))
    assert js(fapiao(env, "--json", "ticket", "show", ticket["id"]))["status"] == "OPEN"
    assert [t["id"] for t in js(fapiao(env, "--json", "ticket", "list"))] == [ticket["id"]]


def test_passwords(sandbox, env, signed_in):
    bad = fapiao(env, "change-password", "--current", "nope-nope-1", "--new", "n3w-password")
    assert bad.returncode == 3 and "INCORRECT_PASSWORD" in bad.stderr
    assert fapiao(env, "change-password", "--current", "passw0rd-1", "--new", "n3w-password").returncode == 0
    assert fapiao(env, "reset-password", "--email", signed_in["email"]).returncode == 0
    assert sandbox.last_mail(signed_in["email"], "NEW_PASSWORD")["password"]
    assert fapiao(env, "resend-activation", "--email", "nobody@example.cn").returncode == 0


def test_validate_without_a_network(env):
    r = fapiao(env, "--json", "validate", "--kind", "VAT_SPECIAL", "--bill", "b1", "--buyer-type", "ORGANIZATION",
               "--organization-kind", "ENTERPRISE", "--buyer-name", "某公司", "--delivery", "SELF_PICKUP",
               "--recipient", "王", "--mobile", "13800138000")
    assert r.returncode == 3
    report = json.loads(r.stdout)
    assert not report["ok"] and ("buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED") in [(e["field"], e["code"]) for e in report["errors"]]
    assert fapiao(env, "validate", "--check-taxpayer-id", "91330106673959654P").stdout.strip() == "Valid."


def test_exit_codes_and_configuration_precedence(sandbox, env, tmp_path):
    assert fapiao(env, "no-such-command").returncode == 2
    assert fapiao(env, "register", "--email", "x@example.cn").returncode == 2  # missing options
    down = dict(env, FAPIAO_ENDPOINT="https://127.0.0.1:9")
    r = fapiao(down, "reset-password", "--email", "a@example.cn")
    assert r.returncode == 5 and "transport" in r.stderr
    untrusted = dict(env, FAPIAO_CA_FILE="")
    r = fapiao(untrusted, "reset-password", "--email", "a@example.cn")
    assert r.returncode == 5 and "certificate" in r.stderr
    # A flag beats the environment, which beats the config file.
    assert fapiao(down, "--endpoint", env["FAPIAO_ENDPOINT"], "reset-password", "--email", "a@example.cn").returncode == 0
    config = tmp_path / "config"
    config.write_text(f"endpoint = {env['FAPIAO_ENDPOINT']}\nca_file = {env['FAPIAO_CA_FILE']}\n")
    from_file = {"PATH": env["PATH"], "HOME": str(tmp_path), "FAPIAO_CONFIG": str(config)}
    assert fapiao(from_file, "reset-password", "--email", "a@example.cn").returncode == 0
    assert fapiao(dict(from_file, FAPIAO_ENDPOINT="https://127.0.0.1:9"), "reset-password", "--email",
                  "a@example.cn").returncode == 5
    insecure = fapiao(dict(untrusted), "--insecure", "reset-password", "--email", "a@example.cn")
    assert insecure.returncode == 0 and "TLS verification is OFF" in insecure.stderr
    assert fapiao(env, "--version").stdout.strip().startswith("fapiao 0.1.0")


def test_apply_from_a_json_file_with_flags_overriding(sandbox, env, signed_in, tmp_path):
    body = {"kind": "VAT_ORDINARY", "bill_ids": [signed_in["bills"][0]],
            "buyer": {"type": "ORGANIZATION", "organization_kind": "ENTERPRISE", "name": "旧名称有限公司",
                      "taxpayer_id": "91330106673959654P"},
            "delivery": {"method": "SELF_PICKUP", "recipient": "王小明", "mobile": "13800138000"}}
    path = tmp_path / "application.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    created = js(fapiao(env, "--json", "apply", "--yes", "--from-json", str(path), "--buyer-name", "新名称有限公司"))
    assert created["buyer"]["name"] == "新名称有限公司" and created["bill_ids"] == [signed_in["bills"][0]]
    broken = tmp_path / "broken.json"
    broken.write_text('{"bill_ids": "not a list"}')
    r = fapiao(env, "apply", "--yes", "--from-json", str(broken))
    assert r.returncode == 3 and "bill_ids" in r.stderr
