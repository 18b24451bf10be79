"""The receiver examples (examples/python/webhook_receiver.py and
examples/cpp/webhook_receiver.cpp) as processes of their own, receiving real
deliveries from the sandbox: bill.available, invoice_request.created and each
status change of a courier request to SHIPPED, every one verified with the SDK,
ending with exactly the account's event ids (a repeat is only acknowledged)."""

import datetime as dt
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import fapiao
from conftest import enterprise

SCRIPT = Path(__file__).resolve().parents[3] / "examples" / "python" / "webhook_receiver.py"
CPP_RECEIVER = os.environ.get("FAPIAO_CPP_RECEIVER") or str(
    Path(__file__).resolve().parents[3] / "build/dev/examples/webhook_receiver")


def start_receiver(kind, secret):
    """The example as a process: the secret in its environment, never its argv."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "FAPIAO_WEBHOOK_SECRET": secret}
    command = [sys.executable, str(SCRIPT), "--port", "0"] if kind == "python" else [CPP_RECEIVER, "0"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    first = proc.stdout.readline()
    assert first.startswith("listening on "), first
    return proc, first.split()[-1]


def read_lines(proc, until, timeout=20):
    lines, deadline = [], time.time() + timeout
    while time.time() < deadline:
        line = proc.stdout.readline().strip()
        lines.append(line)
        if until(lines):
            return lines
    raise AssertionError(f"receiver printed {lines}")


@pytest.mark.parametrize("kind", ["python", "cpp"])
def test_the_receiver_gets_every_event_of_a_courier_request_verified(sandbox, client, kind):
    c = sandbox.customer(payments=((100000, 10),))
    email = f"rx.{c['customer_id']}@example.cn"
    sandbox.signed_in(c["order_ids"][0], email)
    session = client.sign_in(email, "passw0rd-1")
    # The endpoint's secret is created first, so the receiver can hold it: a placeholder URL, then the real one.
    endpoint = client.create_webhook_endpoint(session, "http://127.0.0.1:9/placeholder", ["*"], description="example")
    receiver, url = start_receiver(kind, endpoint.secret)
    try:
        assert client.update_webhook_endpoint(session, endpoint.id, url=url).url == url
        now = sandbox.now()
        sandbox.op("POST", "/sandbox/payments", {"order_id": c["order_ids"][0], "amount_fen": 30000,
                                                 "paid_at": (now - dt.timedelta(days=4)).isoformat()})
        application = fapiao.InvoiceApplication(
            kind=fapiao.InvoiceKind.VAT_ORDINARY, bill_ids=c["bills"], buyer=enterprise(),
            delivery=fapiao.Delivery(method=fapiao.DeliveryMethod.YUNDA, recipient="王小明", mobile="13800138000",
                                     province="上海市", city="上海市", street="科苑路88号", postal_code="201203"))
        request = client.create_invoice_request(session, application)
        for status in ("PROCESSING", "PRINTED", "SHIPPED"):
            sandbox.op("POST", f"/sandbox/invoice-requests/{request.id}/advance", {"status": status})
        sandbox.advance(0)  # returns once due deliveries were attempted
        expected = {e.id for e in client.events(session)}
        assert len(expected) == 5
        lines = read_lines(receiver, lambda ls: len({l.split()[1] for l in ls if l.startswith("event ")}) == 5)
        got = {line.split()[1] for line in lines if line.startswith("event ")}
        assert got == expected
        assert any(f"{request.id} SHIPPED YD" in line for line in lines)
        assert sum("bill.available" in line for line in lines) == 1
        # A forged delivery is refused; a repeated one only acknowledged.
        forged = urllib.request.Request(url, data=b'{"id":"evt_forged"}', method="POST",
                                        headers={"Fapiao-Signature": f"t={int(time.time())},v1=" + "0" * 64})
        try:
            urllib.request.urlopen(forged, timeout=10)
            raise AssertionError("a forged delivery was accepted")
        except urllib.error.HTTPError as e:
            assert e.code == 400
        event = next(iter(client.events(session)))
        raw = sandbox.call("GET", f"/v1/events/{event.id}", token=session._token).raw
        repeat = urllib.request.Request(url, data=raw, method="POST",
                                        headers={"Fapiao-Signature": fapiao.webhooks.sign(raw, endpoint.secret)})
        assert urllib.request.urlopen(repeat, timeout=10).status == 200
        tail = read_lines(receiver, lambda ls: any(l.startswith("refused") for l in ls) and
                          any(l.startswith("duplicate") for l in ls))
        assert f"duplicate {event.id}" in tail and "refused: WEBHOOK_SIGNATURE_MISMATCH" in tail
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


def test_client_calls_for_events_and_endpoints(sandbox, client, customer):
    session = customer["session"]
    made = client.create_webhook_endpoint(session, "https://partner.example.cn/hooks",
                                          [fapiao.EventType.INVOICE_REQUEST_STATUS_CHANGED])
    assert made.secret.startswith("whsec_") and made.status is fapiao.WebhookEndpointStatus.ENABLED
    assert [e.id for e in client.webhook_endpoints(session)] == [made.id]
    assert client.get_webhook_endpoint(session, made.id).secret is None
    off = client.update_webhook_endpoint(session, made.id, status="DISABLED")
    assert off.status is fapiao.WebhookEndpointStatus.DISABLED and off.url == made.url
    rotated = client.rotate_webhook_secret(session, made.id, previous_secret_expires_in=60)
    assert rotated.secret != made.secret
    try:
        client.create_webhook_endpoint(session, "http://partner.example.cn/", ["*"])
        raise AssertionError("plain http to a remote host was accepted")
    except fapiao.errors.InvalidRequestError as e:
        assert [(f.field, f.code) for f in e.field_errors] == [("url", "URL_NOT_HTTPS")]
    client.delete_webhook_endpoint(session, made.id)
    try:
        client.get_webhook_endpoint(session, made.id)
        raise AssertionError("a deleted endpoint was found")
    except fapiao.errors.NotFoundError as e:
        assert e.service_code == "WEBHOOK_ENDPOINT_NOT_FOUND"
    ticket = client.create_support_ticket(session, fapiao.NewSupportTicket(type=fapiao.TicketType.OTHER))
    sandbox.op("POST", f"/sandbox/support-tickets/{ticket.id}/resolve", {"approve": True, "note": "好"})
    [event] = list(client.events(session, type="support_ticket.resolved"))
    assert isinstance(event.data.object, fapiao.SupportTicket) and event.data.object.id == ticket.id
    assert client.get_event(session, event.id).data.object.status is fapiao.TicketStatus.APPROVED
