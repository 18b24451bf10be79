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

CLI = os.environ.get("FAPIAO_CLI_BIN", str(Path(__file__).resolve().parents[2] / "build/dev/cli/fapiao"))


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
    assert fapiao(env, "register", "--email", email, "--password-stdin", "--order-id", c["order_ids"][0],
                  stdin="passw0rd-1\n").returncode == 0
    assert fapiao(env, "activate", sandbox.last_mail(email, "ACTIVATION")["token"]).returncode == 0
    login = fapiao(env, "login", "--email", email, "--password-stdin", stdin="passw0rd-1\n")
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
    # A preview is never refused locally: the service lists every problem, and the exit code says so.
    problems = fapiao(env, "--json", "preview", *common[:-6], "--delivery", "EMAIL", "--bill", "bill_nope")
    assert problems.returncode == 3
    codes = {(f["field"], f["code"]) for f in json.loads(problems.stdout)["field_errors"]}
    assert ("delivery.method", "DELIVERY_NOT_ALLOWED") in codes and ("bill_ids[1]", "BILL_NOT_FOUND") in codes
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
    # wait reports each status change as it sees it (stderr), and takes --json after the subcommand.
    waiting = subprocess.Popen([CLI, "wait", created["id"], "--until", "PRINTED", "--interval", "0.05", "--timeout",
                                "20", "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = [waiting.stderr.readline()]
    for status in ("PROCESSING", "PRINTED"):
        sandbox.op("POST", f"/sandbox/invoice-requests/{created['id']}/advance", {"status": status})
        seen.append(waiting.stderr.readline())  # printed before the next change is made
    out, _ = waiting.communicate(timeout=30)
    assert waiting.returncode == 0
    assert [line.split()[1:3] for line in seen] == [["SUBMITTED", "已提交"], ["PROCESSING", "处理中"], ["PRINTED", "已打印"]]
    waited = json.loads(out)
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
    bad = fapiao(env, "change-password", "--password-stdin", stdin="nope-nope-1\nn3w-password\n")
    assert bad.returncode == 3 and "INCORRECT_PASSWORD" in bad.stderr
    assert fapiao(env, "change-password", "--password-stdin", stdin="passw0rd-1\nn3w-password\n").returncode == 0
    # For scripts: the environment, never argv.
    scripted = dict(env, FAPIAO_PASSWORD="n3w-password", FAPIAO_NEW_PASSWORD="n3w-password-2")
    assert fapiao(scripted, "change-password").returncode == 0
    assert fapiao(dict(env, FAPIAO_PASSWORD="n3w-password-2"), "login", "--email", signed_in["email"]).returncode == 0
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
    # No terminal, no --password-stdin, no FAPIAO_PASSWORD: told how, nothing sent.
    none = fapiao(env, "login", "--email", "x@example.cn", stdin="")
    assert none.returncode == 2 and "--password-stdin" in none.stderr
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


def test_passwords_are_never_taken_from_argv(env):
    for command in (["login", "--email", "a@example.cn", "--password", "hunter2-hunter2"],
                    ["register", "--email", "a@example.cn", "--order-id", "X", "--password", "hunter2-hunter2"],
                    ["change-password", "--current", "hunter2-hunter2", "--new", "hunter3-hunter3"]):
        r = fapiao(env, *command)
        assert r.returncode == 2, command
        assert "not taken on the command line" in r.stderr and "--password-stdin" in r.stderr
        assert "hunter" not in r.stderr + r.stdout


def test_login_prompts_without_echo_on_a_terminal(sandbox, env, signed_in):
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(CLI, [CLI, "login", "--email", signed_in["email"]], env)
    seen = b""

    def read_until(marker, timeout=20):
        nonlocal seen
        import time
        end = time.time() + timeout
        while marker not in seen and time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        return marker in seen

    assert read_until(b"Password: "), seen
    os.write(fd, b"passw0rd-1\n")
    assert read_until(b"Signed in as"), seen
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.WEXITSTATUS(status) == 0
    assert b"passw0rd-1" not in seen  # the terminal never showed it


def test_json_errors_are_valid_json_whatever_the_message(env, signed_in, tmp_path):
    broken = tmp_path / 'quote"and\nnewline.json'
    broken.write_text('{"bill_ids": "not a list"}')
    r = fapiao(env, "--json", "apply", "--yes", "--from-json", str(broken))
    assert r.returncode == 3
    error = json.loads(r.stdout)["error"]  # a quote and a line break in the message stay valid JSON
    assert error["code"] == "invalid_argument" and 'quote"and' in error["message"]


@pytest.fixture
def hostile(sandbox, tmp_path):
    """tests/support/hostile_server.py answering downloads with filename="../escaped.pdf"."""
    port_file = tmp_path / "hostile-port"
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[1] / "support" / "hostile_server.py"),
                             "--cert", str(sandbox.data / "server.pem"), "--key", str(sandbox.data / "server-key.pem"),
                             "--port-file", str(port_file), "evil-filename"])
    import time
    for _ in range(400):
        if port_file.exists():
            break
        time.sleep(0.025)
    yield int(port_file.read_text())
    proc.terminate()
    proc.wait(timeout=10)


def test_download_keeps_only_a_safe_base_name(env, signed_in, hostile, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    there = dict(env, FAPIAO_ENDPOINT=f"https://localhost:{hostile}")
    r = subprocess.run([CLI, "download", "ir_x"], env=there, capture_output=True, text=True, timeout=60, cwd=work)
    assert r.returncode == 0, r.stderr
    assert (work / "escaped.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "escaped.pdf").exists()  # "../" was not followed


def test_a_download_that_cannot_be_written_fails(env, signed_in, hostile):
    there = dict(env, FAPIAO_ENDPOINT=f"https://localhost:{hostile}")
    r = fapiao(there, "download", "ir_x", "-o", "/nonexistent/f.pdf")
    assert r.returncode != 0
    assert "Saved" not in r.stdout and "not saved" in r.stderr and "/nonexistent" in r.stderr
