"""Webhook deliveries for real (service.md, "Delivery" and "Sandbox"): signed
POSTs to the customer's endpoints, retries on the service's clock, secret
rotation, deliveries that survive kill -9, isolation between accounts."""

import signal
import time
import uuid

import pytest

from sandbox_harness import application, courier
from webhook_receiver import Receiver, verify


@pytest.fixture
def receiver():
    made = []

    def make(**kw):
        r = Receiver(**kw)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def account(sb, order_id):
    """(e-mail, session token) of a new signed-in account."""
    email = f"{uuid.uuid4().hex[:10]}@example.cn"
    return email, sb.signed_in(order_id, email=email)


def sign_in(sb, email):
    """A fresh session (moving the clock by more than 12 hours expires the old one)."""
    r = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"})
    assert r.status == 201, r
    return r.json["token"]


def hook(sb, token, url, types=("*",)):
    r = sb.call("POST", "/v1/webhook-endpoints", {"url": url, "event_types": list(types)}, token=token)
    assert r.status == 201, r
    return r.json


def attempts(sb, **query):
    q = "&".join(f"{k}={v}" for k, v in query.items())
    return sb.op("GET", "/sandbox/webhook-deliveries?" + q).json["data"]


def flush(sb):
    """POST /sandbox/clock answers once due deliveries were attempted."""
    sb.advance(0)


def test_a_courier_request_to_shipped_is_delivered_signed_with_no_event_lost(make_sandbox, receiver):
    sb = make_sandbox()
    rx = receiver()
    c = sb.customer(payments=((100000, 10), (50000, 2)))
    email, token = account(sb, c["order_ids"][0])
    secret = hook(sb, token, rx.url)["secret"]
    sb.advance(86400 + 60)  # the second bill passes its 3-day sync
    token = sign_in(sb, email)
    request = sb.call("POST", "/v1/invoice-requests", application(c["bills"][:1], delivery=courier()), token=token).json
    for status in ("PROCESSING", "PRINTED", "SHIPPED"):
        assert sb.op("POST", f"/sandbox/invoice-requests/{request['id']}/advance", {"status": status}).status == 200
    flush(sb)
    expected = {e["id"] for e in sb.call("GET", "/v1/events", token=token).json["data"]}
    got = rx.wait_for(len(expected))
    for headers, body in got:
        assert headers["content-type"] == "application/json"
        assert verify(body, headers["fapiao-signature"], secret)
        assert not verify(body, headers["fapiao-signature"], "whsec_wrong")
    events = rx.events()
    assert {e["id"] for e in events} == expected  # duplicates allowed in transit, none lost
    assert all(h["fapiao-event-id"] == e["id"] and h["fapiao-event-type"] == e["type"]
               for (h, _), e in zip(got, events))
    types = sorted(e["type"] for e in events)
    assert types == ["bill.available", "invoice_request.created"] + ["invoice_request.status_changed"] * 3
    shipped = [e for e in events if e["type"] == "invoice_request.status_changed"
               and e["data"]["object"]["status"] == "SHIPPED"]
    assert shipped and shipped[0]["data"]["object"]["tracking_number"]
    # Each event was delivered once and is recorded as SUCCEEDED on the first attempt.
    rows = attempts(sb)
    assert {r["event_id"] for r in rows} == expected
    assert all(r["state"] == "SUCCEEDED" and r["attempt"] == 1 and r["status_code"] == 200 for r in rows)


def test_a_failing_receiver_is_retried_on_the_schedule_then_failed(make_sandbox, receiver):
    sb = make_sandbox()
    rx = receiver(statuses=[500, 500])
    c = sb.customer(payments=((100000, 10),))
    email, token = account(sb, c["order_ids"][0])
    we = hook(sb, token, rx.url, ["invoice_request.created"])
    sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token)
    flush(sb)
    rows = attempts(sb, endpoint_id=we["id"])
    assert [(r["attempt"], r["status_code"], r["state"]) for r in rows] == [(1, 500, "PENDING")]
    sb.advance(59)
    assert len(attempts(sb, endpoint_id=we["id"])) == 1  # not yet: the first retry is a minute later
    sb.advance(1)
    sb.advance(300)
    token = sign_in(sb, email)
    rows = attempts(sb, endpoint_id=we["id"])
    assert [(r["attempt"], r["status_code"], r["state"]) for r in rows] == [
        (1, 500, "PENDING"), (2, 500, "PENDING"), (3, 200, "SUCCEEDED")]
    assert rows[2]["next_attempt_at"] is None and rows[0]["next_attempt_at"] is not None
    assert len({e["id"] for e in rx.events()}) == 1 and len(rx.deliveries) == 3

    # A receiver that never answers 2xx: nine attempts over about three days, then FAILED.
    dead = receiver(statuses=[503] * 20)
    we2 = hook(sb, token, dead.url, ["support_ticket.resolved"])
    t = sb.call("POST", "/v1/support-tickets", {"type": "OTHER"}, token=token).json
    sb.op("POST", f"/sandbox/support-tickets/{t['id']}/resolve", {"approve": False, "note": "no"})
    flush(sb)
    for delay in (60, 300, 1800, 7200, 18000, 36000, 86400, 86400):
        sb.advance(delay)
    rows = attempts(sb, endpoint_id=we2["id"])
    assert [r["attempt"] for r in rows] == list(range(1, 10))
    assert rows[-1]["state"] == "FAILED" and rows[-1]["next_attempt_at"] is None
    assert all(r["state"] == "PENDING" for r in rows[:-1])
    sb.advance(10 * 86400)
    assert len(attempts(sb, endpoint_id=we2["id"])) == 9  # no tenth
    token = sign_in(sb, email)  # the event of a FAILED delivery is still there to reconcile with
    assert rows[-1]["event_id"] in [e["id"] for e in sb.call("GET", "/v1/events", token=token).json["data"]]


def test_during_a_rotation_both_secrets_sign_and_after_it_only_the_new_one(make_sandbox, receiver):
    sb = make_sandbox()
    rx = receiver()
    c = sb.customer(payments=((100000, 10),))
    email, token = account(sb, c["order_ids"][0])
    we = hook(sb, token, rx.url, ["support_ticket.resolved"])
    new = sb.call("POST", f"/v1/webhook-endpoints/{we['id']}/rotate-secret",
                  {"previous_secret_expires_in_seconds": 3600}, token=token).json["secret"]

    def resolve_one():
        before = len(rx.deliveries)
        t = sb.call("POST", "/v1/support-tickets", {"type": "OTHER"}, token=sign_in(sb, email)).json
        sb.op("POST", f"/sandbox/support-tickets/{t['id']}/resolve", {"approve": True, "note": "ok"})
        flush(sb)
        return rx.wait_for(before + 1)[-1]

    headers, body = resolve_one()
    assert headers["fapiao-signature"].count("v1=") == 2
    assert verify(body, headers["fapiao-signature"], we["secret"]) and verify(body, headers["fapiao-signature"], new)
    sb.advance(3601)
    headers, body = resolve_one()
    assert headers["fapiao-signature"].count("v1=") == 1
    assert verify(body, headers["fapiao-signature"], new) and not verify(body, headers["fapiao-signature"], we["secret"])


def test_deliveries_pending_at_a_kill_are_delivered_after_the_restart(make_sandbox, receiver):
    sb = make_sandbox()
    slow = receiver(delay=3.0)  # holds the first attempt while the sandbox is killed
    c = sb.customer(payments=((100000, 10),))
    token = sb.signed_in(c["order_ids"][0])
    hook(sb, token, slow.url, ["invoice_request.created"])
    sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token)
    slow.wait_for(1)  # the attempt is in flight, not yet recorded
    sb.stop(signal.SIGKILL)
    slow.delay = 0
    sb.start()
    got = slow.wait_for(2)  # delivered again at start: at least once
    assert got[0][1] == got[1][1]
    deadline = time.time() + 10
    while time.time() < deadline and not attempts(sb):
        time.sleep(0.05)
    [row] = attempts(sb)
    assert row["state"] == "SUCCEEDED" and row["attempt"] == 1


def test_https_endpoints_are_delivered_to_with_the_certificate_verified(make_sandbox, receiver):
    sb = make_sandbox()
    rx = receiver(tls_files=(str(sb.data / "server.pem"), str(sb.data / "server-key.pem")))
    c = sb.customer(payments=((100000, 10),))
    token = sb.signed_in(c["order_ids"][0])
    we = hook(sb, token, rx.url, ["invoice_request.created"])
    sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token)
    flush(sb)
    assert rx.wait_for(1) and attempts(sb, endpoint_id=we["id"])[0]["state"] == "SUCCEEDED"


def test_disabled_and_deleted_endpoints_get_nothing_and_accounts_never_see_each_others(make_sandbox, receiver):
    sb = make_sandbox()
    mine, theirs, off, gone = receiver(), receiver(), receiver(), receiver(statuses=[500])
    c1, c2 = sb.customer(payments=((100000, 10),)), sb.customer(payments=((100000, 10),))
    t1, t2 = sb.signed_in(c1["order_ids"][0]), sb.signed_in(c2["order_ids"][0])
    hook(sb, t1, mine.url)
    hook(sb, t2, theirs.url)
    disabled = hook(sb, t1, off.url)
    sb.call("PATCH", f"/v1/webhook-endpoints/{disabled['id']}", {"status": "DISABLED"}, token=t1)
    deleted = hook(sb, t1, gone.url, ["invoice_request.created"])
    sb.call("POST", "/v1/invoice-requests", application(c1["bills"]), token=t1)
    flush(sb)
    gone.wait_for(1)  # answered 500: a retry is pending ...
    assert sb.call("DELETE", f"/v1/webhook-endpoints/{deleted['id']}", token=t1).status == 204
    sb.advance(3600)  # ... and stops with the endpoint
    assert len(gone.deliveries) == 1
    mine.wait_for(1)
    assert all(e["account_id"] == mine.events()[0]["account_id"] for e in mine.events())
    assert theirs.deliveries == [] and off.deliveries == []


def test_a_receiver_slower_than_ten_seconds_is_a_failed_attempt(make_sandbox, receiver):
    sb = make_sandbox()
    slow = receiver(delay=12.0)
    c = sb.customer(payments=((100000, 10),))
    token = sb.signed_in(c["order_ids"][0])
    we = hook(sb, token, slow.url, ["invoice_request.created"])
    sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token)
    started = time.time()
    flush(sb)  # waits for the attempt under way
    deadline = time.time() + 20
    while time.time() < deadline and not attempts(sb, endpoint_id=we["id"]):
        time.sleep(0.1)
    [row] = attempts(sb, endpoint_id=we["id"])
    assert row["status_code"] == 0 and row["state"] == "PENDING" and row["next_attempt_at"]
    assert 9500 <= row["duration_ms"] <= 11500, row
    assert time.time() - started < 15
