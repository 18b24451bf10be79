"""The portal's pages against a real sandbox, for what the browser test does
not walk: problems only the service can see, English, the support ticket,
account settings, and reconciling after downtime."""

import re

from conftest import form_of
from sandbox_harness import application, courier, enterprise_buyer
from portal import events


def apply(linked, body, **headers):
    linked.get("/apply?bill_ids=" + body["bill_ids"][0])
    return linked.post("/apply", form_of(body), headers=headers)


def test_a_problem_only_the_service_sees_is_shown_at_its_input(sandbox, linked):
    bill = linked.bill_ids[0]
    r = sandbox.call("POST", "/v1/invoice-requests", application([bill]), token=linked.service_token)
    assert r.status == 201, r
    page = apply(linked, application([bill])).get_data(as_text=True)
    errors = re.findall(r'data-error-for="bill_ids">([^<]+)<', page)
    assert errors == ["该账单已申请过发票"], page


def test_problems_are_in_english_for_an_english_browser(linked):
    body = application([linked.bill_ids[0]], buyer=dict(enterprise_buyer(), taxpayer_id="12345"),
                       delivery=dict(courier(), postal_code="12"))
    page = apply(linked, body, **{"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert 'id="err-buyer-taxpayer_id">' in page and 'id="err-delivery-postal_code">' in page
    assert "纳税人识别号格式不正确" not in page
    assert re.search(r'id="err-buyer-taxpayer_id">[^<]*[A-Za-z]', page)


def test_a_split_ticket_is_filed_once_and_a_bad_amount_is_shown_at_its_input(linked):
    bill = linked.bill_ids[0]
    linked.get("/support?bill=" + bill)
    bad = linked.post("/support/split", {"bill_id": bill, "split_amounts_fen": "600, abc", "form_token": "t1"})
    assert "split_amounts_fen" in bad.get_data(as_text=True) and "取值无效" in bad.get_data(as_text=True)
    form = {"bill_id": bill, "split_amounts_fen": "600.00, 400.00", "description": "两个抬头", "form_token": "t2"}
    assert linked.post("/support/split", form).status_code == 302
    assert linked.post("/support/split", form).status_code == 302  # the same form again
    page = linked.get("/support").get_data(as_text=True)
    assert page.count("data-ticket-id=") == 1, "one ticket for one form"


def test_password_change_and_reset_keep_the_portal_signed_in(sandbox, linked):
    linked.get("/account/password")
    wrong = linked.post("/account/password", {"current_password": "nope-1234", "new_password": "passw0rd-2"})
    assert "当前密码不正确" in wrong.get_data(as_text=True)
    ok = linked.post("/account/password", {"current_password": "passw0rd-1", "new_password": "passw0rd-2"})
    assert ok.status_code == 302
    assert linked.get("/bills").status_code == 200, "a fresh session for the new password"

    linked.get("/link/signin")
    assert linked.post("/link/reset", {"email": linked.email}).status_code == 302
    mailed = sandbox.last_mail(linked.email, "NEW_PASSWORD")["password"]
    r = linked.get("/bills")  # a reset ends every session
    assert "/link/signin" in r.headers["Location"]
    r = linked.post("/link/signin", {"email": linked.email, "password": mailed})
    assert r.headers["Location"].endswith("/account/password"), "a mailed password must be changed first"
    assert linked.post("/account/password", {"current_password": mailed, "new_password": "passw0rd-3"}).status_code == 302
    assert linked.get("/bills").status_code == 200


def test_after_downtime_the_portal_reconciles_from_the_events(sandbox, linked):
    # The endpoint registered at sign-in points at http://localhost:9: nothing
    # listens, so every delivery fails, as while the portal is down.
    r = sandbox.call("POST", "/v1/invoice-requests", application([linked.bill_ids[1]]), token=linked.service_token)
    request_id = r.json["id"]
    for status in ("PROCESSING", "PRINTED", "SHIPPED"):
        assert sandbox.op("POST", f"/sandbox/invoice-requests/{request_id}/advance", {"status": status}).status == 200
    assert linked.get("/live/status?after=0").get_json()["requests"] == []
    events.reconcile_all(linked.app)
    changes = linked.get("/live/status?after=0").get_json()["requests"]
    assert [(c["id"], c["label"]) for c in changes] == [(request_id, "已寄出")]
    assert changes[0]["tracking_number"]
    seq = linked.portal.store.latest_seq()
    events.reconcile_all(linked.app)  # read again: nothing new
    assert linked.portal.store.latest_seq() == seq
