"""The portal's webhook receiver: only deliveries signed with the link's
secret are applied, each event once, and an older snapshot arriving late
never overwrites a newer status."""

import datetime
import json
import time

import fapiao
import pytest
from conftest import Browser, make_app
from portal.store import Link

SECRET = "whsec_portal_unit_test_secret"


@pytest.fixture
def browser(tmp_path):
    b = Browser(make_app(tmp_path)).sign_up()
    user = b.portal.store.user_by_name("alice")
    b.portal.store.save_link(Link(user_id=user.id, email="alice@example.cn", session_text=None, hook_id="h_test",
                                  endpoint_id="we_1", webhook_secret=SECRET, reconciled_through=None))
    b.user_id = user.id
    return b


def event(event_id, status, label, history_len, tracking=None):
    request = fapiao.InvoiceRequest(id="ir_1", kind=fapiao.InvoiceKind.VAT_ORDINARY, status=status,
                                    status_label=label, tracking_number=tracking,
                                    history=[fapiao.HistoryEntry(status=status, at=datetime.datetime.now(datetime.timezone.utc))
                                             for _ in range(history_len)])
    body = {"id": event_id, "type": "invoice_request.status_changed", "created_at": "2026-12-04T08:00:00Z",
            "account_id": "acct_1", "data": {"object": request.to_dict(), "previous_status": "PROCESSING"}}
    return json.dumps(body, ensure_ascii=False).encode()


def deliver(browser, raw, secret=SECRET, hook="h_test"):
    signature = fapiao.webhooks.sign(raw, secret, int(time.time()))
    return browser.http.post("/webhooks/fapiao/" + hook, data=raw, base_url="https://localhost",
                             headers={fapiao.webhooks.SIGNATURE_HEADER: signature,
                                      "Content-Type": "application/json"})


def statuses(browser):
    return browser.get("/live/status?after=0").get_json()["requests"]


def test_a_delivery_with_a_bad_signature_is_refused_and_changes_nothing(browser):
    raw = event("evt_1", "PRINTED", "已打印", 3)
    r = deliver(browser, raw, secret="whsec_someone_else")
    assert r.status_code == 400
    assert r.get_json()["error"] == fapiao.webhooks.SIGNATURE_MISMATCH
    unsigned = browser.http.post("/webhooks/fapiao/h_test", data=raw, base_url="https://localhost")
    assert unsigned.status_code == 400 and unsigned.get_json()["error"] == fapiao.webhooks.SIGNATURE_MISSING
    assert statuses(browser) == []
    assert browser.portal.store.read().execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0


def test_a_repeated_delivery_is_acknowledged_and_ignored(browser):
    raw = event("evt_1", "PRINTED", "已打印", 3)
    first = deliver(browser, raw)
    assert first.status_code == 200 and first.get_json() == {"received": "evt_1", "duplicate": False}
    seq = browser.portal.store.latest_seq()
    again = deliver(browser, raw)
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    assert browser.portal.store.latest_seq() == seq, "a repeat changes nothing the pages poll"
    assert [(s["id"], s["label"]) for s in statuses(browser)] == [("ir_1", "已打印")]


def test_an_older_snapshot_arriving_late_does_not_overwrite_a_newer_one(browser):
    assert deliver(browser, event("evt_2", "SHIPPED", "已寄出", 4, tracking="YD123")).status_code == 200
    assert deliver(browser, event("evt_1", "PRINTED", "已打印", 3)).status_code == 200
    assert [(s["label"], s["tracking_number"]) for s in statuses(browser)] == [("已寄出", "YD123")]


def test_an_unknown_endpoint_path_is_not_found(browser):
    assert deliver(browser, event("evt_1", "PRINTED", "已打印", 3), hook="h_nobody").status_code == 404


def test_the_receiver_needs_no_csrf_token_but_every_form_does(browser):
    r = browser.post("/link/register", {"email": "x@example.cn", "password": "passw0rd-1", "order_id": "X"},
                     csrf=False)
    assert r.status_code == 400
    assert browser.portal.store.link(browser.user_id).email == "alice@example.cn", "nothing changed"
