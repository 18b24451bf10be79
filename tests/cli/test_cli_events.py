"""The CLI's events and webhook commands against a sandbox: `fapiao events`
(and --follow), `fapiao webhooks create|list|rotate|delete`, and `fapiao
listen --forward-to`, whose forwarded deliveries a real receiver verifies
with the secret listen printed."""

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from sandbox_harness import application  # noqa: E402
from test_cli import CLI, env, fapiao, js, sandbox, signed_in  # noqa: E402,F401 - the shared fixtures
from webhook_receiver import Receiver, verify  # noqa: E402


def token_of(sandbox, c):
    return sandbox.call("POST", "/v1/sessions", {"email": c["email"], "password": "passw0rd-1"}).json["token"]


def new_request(sandbox, c):
    r = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"][:1]), token=token_of(sandbox, c))
    assert r.status == 201, r
    return r.json


def test_webhooks_commands_manage_endpoints(env, signed_in):
    made = js(fapiao(env, "--json", "webhooks", "create", "--url", "https://partner.example.cn/hooks",
                     "--events", "invoice_request.created,invoice_request.status_changed", "--description", "生产"))
    assert made["secret"].startswith("whsec_")
    assert made["event_types"] == ["invoice_request.created", "invoice_request.status_changed"]
    human = fapiao(env, "webhooks", "create", "--url", "http://127.0.0.1:9/h")
    assert human.returncode == 0 and "Secret" in human.stdout and "whsec_" in human.stdout
    listed = js(fapiao(env, "--json", "webhooks", "list"))
    assert made["id"] in [e["id"] for e in listed] and all(not e.get("secret") for e in listed)
    table = fapiao(env, "webhooks", "list").stdout
    assert table.startswith("ENDPOINT") and "https://partner.example.cn/hooks" in table
    rotated = js(fapiao(env, "--json", "webhooks", "rotate", made["id"], "--expire-previous-in", "60"))
    assert rotated["secret"] != made["secret"]
    assert fapiao(env, "webhooks", "delete", made["id"]).returncode == 0
    gone = fapiao(env, "webhooks", "delete", made["id"])
    assert gone.returncode == 4 and "WEBHOOK_ENDPOINT_NOT_FOUND" in gone.stderr
    bad = fapiao(env, "webhooks", "create", "--url", "http://partner.example.cn/")
    assert bad.returncode == 3 and "URL_NOT_HTTPS" in bad.stderr


def test_events_lists_and_follows(sandbox, env, signed_in):
    request = new_request(sandbox, signed_in)
    listed = js(fapiao(env, "--json", "events", "--type", "invoice_request.created"))
    assert [e["data"]["object"]["id"] for e in listed] == [request["id"]]
    assert request["id"] in fapiao(env, "events").stdout
    assert fapiao(env, "events", "--type", "nonsense").returncode == 3
    follow = subprocess.Popen([CLI, "--json", "events", "--follow", "--interval", "0.2", "--max-events", "3"],
                              env=env, stdout=subprocess.PIPE, text=True)
    try:
        first = json.loads(follow.stdout.readline())  # the latest event, already there
        assert first["data"]["object"]["id"] == request["id"]
        sandbox.op("POST", f"/sandbox/invoice-requests/{request['id']}/advance", {"status": "PROCESSING"})
        sandbox.op("POST", f"/sandbox/invoice-requests/{request['id']}/advance", {"status": "PRINTED"})
        follow.wait(timeout=30)
        rest = [json.loads(line) for line in follow.stdout.read().splitlines()]
        assert [e["data"]["object"]["status"] for e in rest] == ["PROCESSING", "PRINTED"]  # oldest first
    finally:
        follow.kill()


def test_listen_forwards_new_events_signed_with_its_own_secret(sandbox, env, signed_in):
    rx = Receiver()
    listen = subprocess.Popen([CLI, "listen", "--forward-to", rx.url, "--events", "invoice_request.status_changed",
                               "--interval", "0.2", "--max-events", "1"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        lines = [listen.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("Ready: forwarding new events to " + rx.url)
        secret = lines[1].split()[-1]
        assert secret.startswith("whsec_")
        request = new_request(sandbox, signed_in)  # created: not among --events, so not forwarded
        time.sleep(0.5)
        sandbox.op("POST", f"/sandbox/invoice-requests/{request['id']}/advance", {"status": "PROCESSING"})
        listen.wait(timeout=30)
        assert listen.returncode == 0
        [(headers, body)] = rx.deliveries
        assert verify(body, headers["fapiao-signature"], secret)
        event = json.loads(body)
        assert event["type"] == "invoice_request.status_changed" and headers["fapiao-event-id"] == event["id"]
        assert event["data"]["object"]["status"] == "PROCESSING"
        assert f"{event['id']}  invoice_request.status_changed  -> 200" in listen.stdout.read()
    finally:
        listen.kill()
        rx.close()
    bad = fapiao(env, "listen", "--forward-to", "ftp://x")
    assert bad.returncode == 3
