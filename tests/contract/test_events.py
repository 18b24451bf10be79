"""Events and webhook endpoints (service.md, "Events and signed webhooks"):
what is recorded for each change, the endpoint resource and its field codes,
and isolation between accounts. Deliveries are test_webhook_delivery.py's."""

import datetime

from sandbox_harness import application, courier, email_delivery


def events(sandbox, token, query=""):
    r = sandbox.call("GET", "/v1/events" + query, token=token)
    assert r.status == 200, r
    return r.json["data"]


def endpoint(sandbox, token, url="http://127.0.0.1:9/hook", types=("*",), **extra):
    r = sandbox.call("POST", "/v1/webhook-endpoints", {"url": url, "event_types": list(types), **extra}, token=token)
    assert r.status == 201, r
    return r.json


def test_a_request_moving_to_shipped_records_created_and_each_status_change(sandbox):
    c = sandbox.customer(payments=((100000, 10),))
    token = sandbox.signed_in(c["order_ids"][0])
    r = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"], delivery=courier()), token=token)
    assert r.status == 201, r
    request = r.json
    for status in ("PROCESSING", "PRINTED", "SHIPPED"):
        assert sandbox.op("POST", f"/sandbox/invoice-requests/{request['id']}/advance", {"status": status}).status == 200
    mine = events(sandbox, token)
    assert [e["type"] for e in mine] == ["invoice_request.status_changed"] * 3 + ["invoice_request.created"]
    assert [(e["data"]["previous_status"], e["data"]["object"]["status"]) for e in mine[:3]] == [
        ("PRINTED", "SHIPPED"), ("PROCESSING", "PRINTED"), ("SUBMITTED", "PROCESSING")]
    shipped = mine[0]["data"]["object"]
    assert shipped["id"] == request["id"] and shipped["tracking_number"]
    # The object is the request as GET answered at that moment.
    assert shipped == sandbox.call("GET", f"/v1/invoice-requests/{request['id']}", token=token).json
    assert mine[-1]["data"]["object"]["status"] == "SUBMITTED" and mine[-1]["data"]["previous_status"] is None
    assert all(e["id"].startswith("evt_") and e["account_id"] == mine[0]["account_id"] for e in mine)
    one = sandbox.call("GET", f"/v1/events/{mine[1]['id']}", token=token)
    assert one.status == 200 and one.json == mine[1]
    assert [e["id"] for e in events(sandbox, token, "?type=invoice_request.created")] == [mine[-1]["id"]]


def test_lists_page_newest_first_and_refuse_unknown_types_and_cursors(sandbox):
    c = sandbox.customer(payments=((100000, 10), (20000, 9), (30000, 8)))
    token = sandbox.signed_in(c["order_ids"][0])
    for bill in c["bills"]:
        assert sandbox.call("POST", "/v1/invoice-requests", application([bill]), token=token).status == 201
    first = sandbox.call("GET", "/v1/events?limit=2", token=token).json
    assert len(first["data"]) == 2 and first["has_more"]
    rest = sandbox.call("GET", "/v1/events?limit=2&starting_after=" + first["data"][1]["id"], token=token).json
    assert len(rest["data"]) == 1 and not rest["has_more"]
    ids = [e["id"] for e in first["data"] + rest["data"]]
    assert ids == [e["id"] for e in events(sandbox, token)] and len(set(ids)) == 3
    assert sandbox.call("GET", "/v1/events?type=bill.nonsense", token=token).fields() == [("type", "INVALID_VALUE")]
    assert sandbox.call("GET", "/v1/events?starting_after=evt_nope", token=token).code == "INVALID_CURSOR"
    assert sandbox.call("GET", "/v1/events/evt_nope", token=token).code == "EVENT_NOT_FOUND"


def test_bill_available_when_the_clock_passes_the_three_day_sync(make_sandbox):
    sb = make_sandbox()
    c = sb.customer(payments=((100000, 10), (50000, 1)))
    email = "sync@example.cn"
    token = sb.signed_in(c["order_ids"][0], email=email)
    assert events(sb, token, "?type=bill.available") == []  # both bills were paid before the account existed
    now = sb.now()
    r = sb.op("POST", "/sandbox/payments", {"order_id": c["order_ids"][0], "amount_fen": 7000,
                                            "paid_at": (now - datetime.timedelta(days=5)).isoformat()})
    old_enough = r.json["id"]
    assert [e["data"]["object"]["id"] for e in events(sb, token, "?type=bill.available")] == [old_enough]
    recent = c["bills"][1]  # paid a day ago: appears in two days
    sb.advance(2 * 86400 + 60)
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]  # the old one expired
    available = events(sb, token, "?type=bill.available")
    assert [e["data"]["object"]["id"] for e in available] == [recent, old_enough]
    assert available[0]["data"]["object"] == sb.call("GET", f"/v1/bills/{recent}", token=token).json


def test_ticket_resolution_and_announcements_are_events(sandbox):
    c = sandbox.customer(payments=((100000, 10),))
    token = sandbox.signed_in(c["order_ids"][0])
    other = sandbox.signed_in(sandbox.customer()["order_ids"][0])
    t = sandbox.call("POST", "/v1/support-tickets", {"type": "OTHER", "description": "发票丢失"}, token=token).json
    resolved = sandbox.op("POST", f"/sandbox/support-tickets/{t['id']}/resolve", {"approve": True, "note": "ok"}).json
    [e] = events(sandbox, token, "?type=support_ticket.resolved")
    assert e["data"]["object"] == resolved
    a = sandbox.op("POST", "/sandbox/announcements", {"category": "MAINTENANCE", "title": "系统维护"}).json
    for account in (token, other):  # every account hears of it
        assert a["id"] in [e["data"]["object"]["id"] for e in events(sandbox, account, "?type=announcement.published")]


def test_a_title_change_records_the_reissue_as_created_with_replaces_request_id(sandbox):
    c = sandbox.customer(payments=((100000, 10),))
    token = sandbox.signed_in(c["order_ids"][0])
    request = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"], kind="DIGITAL_ORDINARY",
                                                                       delivery=email_delivery()), token=token).json
    for status in ("PROCESSING", "ISSUED"):
        sandbox.op("POST", f"/sandbox/invoice-requests/{request['id']}/advance", {"status": status})
    buyer = dict(request["buyer"], name="上海新抬头有限公司")
    r = sandbox.call("POST", f"/v1/invoice-requests/{request['id']}/title-change", {"buyer": buyer}, token=token)
    assert r.status == 200, r
    latest = events(sandbox, token)[:2]
    kinds = {e["type"]: e for e in latest}
    assert kinds["invoice_request.created"]["data"]["object"]["replaces_request_id"] == request["id"]
    changed = kinds["invoice_request.status_changed"]["data"]
    assert changed["object"]["id"] == request["id"] and changed["previous_status"] == "ISSUED"


def test_webhook_endpoints_create_read_update_delete(sandbox):
    token = sandbox.signed_in(sandbox.customer()["order_ids"][0])
    created = endpoint(sandbox, token, url="https://partner.example.cn/fapiao/hooks",
                       types=["invoice_request.status_changed"], description="生产环境")
    assert created["id"].startswith("we_") and created["secret"].startswith("whsec_") and created["status"] == "ENABLED"
    read = sandbox.call("GET", f"/v1/webhook-endpoints/{created['id']}", token=token).json
    assert read["secret"] is None and {k: v for k, v in read.items() if k != "secret"} == {
        k: v for k, v in created.items() if k != "secret"}
    assert [e["id"] for e in sandbox.call("GET", "/v1/webhook-endpoints", token=token).json["data"]] == [created["id"]]
    r = sandbox.call("PATCH", f"/v1/webhook-endpoints/{created['id']}", {"status": "DISABLED", "event_types": ["*"]},
                     token=token)
    assert r.status == 200 and r.json["status"] == "DISABLED" and r.json["event_types"] == ["*"]
    assert r.json["url"] == created["url"] and r.json["description"] == "生产环境" and r.json["secret"] is None
    rotated = sandbox.call("POST", f"/v1/webhook-endpoints/{created['id']}/rotate-secret", {}, token=token)
    assert rotated.status == 200 and rotated.json["secret"].startswith("whsec_")
    assert rotated.json["secret"] != created["secret"]
    assert sandbox.call("DELETE", f"/v1/webhook-endpoints/{created['id']}", token=token).status == 204
    assert sandbox.call("GET", f"/v1/webhook-endpoints/{created['id']}", token=token).code == "WEBHOOK_ENDPOINT_NOT_FOUND"


def test_webhook_endpoint_field_codes_name_every_problem_at_once(sandbox):
    token = sandbox.signed_in(sandbox.customer()["order_ids"][0])
    r = sandbox.call("POST", "/v1/webhook-endpoints", {"url": "ftp://x", "event_types": ["bill.available", "nope"]},
                     token=token)
    assert r.fields() == [("url", "URL_FORMAT"), ("event_types[1]", "INVALID_VALUE")]
    for url in ("http://partner.example.cn/hook", "http://10.0.0.1/hook"):
        r = sandbox.call("POST", "/v1/webhook-endpoints", {"url": url, "event_types": ["*"]}, token=token)
        assert r.fields() == [("url", "URL_NOT_HTTPS")], url
    for url in ("https://user:pw@partner.example.cn/", "https://", "https://host:99999/", "https://a b/"):
        r = sandbox.call("POST", "/v1/webhook-endpoints", {"url": url, "event_types": ["*"]}, token=token)
        assert r.fields() == [("url", "URL_FORMAT")], url
    assert sandbox.call("POST", "/v1/webhook-endpoints", {"url": "http://localhost:8080/h", "event_types": []},
                        token=token).fields() == [("event_types", "REQUIRED")]
    for n in range(16):
        endpoint(sandbox, token, url=f"http://[::1]:{8000 + n}/h")
    r = sandbox.call("POST", "/v1/webhook-endpoints", {"url": "https://partner.example.cn/", "event_types": ["*"]},
                     token=token)
    assert r.fields() == [("url", "TOO_MANY_ENDPOINTS")]
    some = sandbox.call("GET", "/v1/webhook-endpoints?limit=100", token=token).json["data"][0]["id"]
    r = sandbox.call("PATCH", f"/v1/webhook-endpoints/{some}", {"status": "PAUSED", "url": "https://"}, token=token)
    assert sorted(r.fields()) == [("status", "INVALID_VALUE"), ("url", "URL_FORMAT")]
    r = sandbox.call("POST", f"/v1/webhook-endpoints/{some}/rotate-secret",
                     {"previous_secret_expires_in_seconds": 604801}, token=token)
    assert r.fields() == [("previous_secret_expires_in_seconds", "INVALID_VALUE")]


def test_a_replayed_create_answers_the_same_secret_and_the_database_never_holds_it(sandbox):
    token = sandbox.signed_in(sandbox.customer()["order_ids"][0])
    body = {"url": "http://127.0.0.1:9/h", "event_types": ["*"]}
    first = sandbox.call("POST", "/v1/webhook-endpoints", body, token=token, headers={"Idempotency-Key": "we-1"})
    again = sandbox.call("POST", "/v1/webhook-endpoints", body, token=token, headers={"Idempotency-Key": "we-1"})
    assert again.headers.get("idempotent-replayed") == "true" and again.raw == first.raw
    assert first.json["secret"].encode() not in (sandbox.data / "sandbox.db").read_bytes()
    assert len(sandbox.call("GET", "/v1/webhook-endpoints", token=token).json["data"]) == 1


def test_another_accounts_events_and_endpoints_are_not_found(sandbox):
    c = sandbox.customer(payments=((100000, 10),))
    mine = sandbox.signed_in(c["order_ids"][0])
    theirs = sandbox.signed_in(sandbox.customer()["order_ids"][0])
    sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=mine)
    [event] = events(sandbox, mine, "?type=invoice_request.created")
    hook = endpoint(sandbox, mine)
    assert sandbox.call("GET", f"/v1/events/{event['id']}", token=theirs).code == "EVENT_NOT_FOUND"
    assert event["id"] not in [e["id"] for e in events(sandbox, theirs)]
    for method, path in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/rotate-secret")):
        r = sandbox.call(method, f"/v1/webhook-endpoints/{hook['id']}{path}", {} if method != "GET" else None,
                         token=theirs)
        assert r.code == "WEBHOOK_ENDPOINT_NOT_FOUND", (method, path)
    assert sandbox.call("GET", "/v1/webhook-endpoints", token=theirs).json["data"] == []


def test_a_cancel_is_a_status_change(sandbox):
    c = sandbox.customer(payments=((100000, 10),))
    token = sandbox.signed_in(c["order_ids"][0])
    request = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token).json
    assert sandbox.call("POST", f"/v1/invoice-requests/{request['id']}/cancel", {}, token=token).status == 200
    [latest] = events(sandbox, token, "?limit=1")
    assert latest["type"] == "invoice_request.status_changed"
    assert (latest["data"]["previous_status"], latest["data"]["object"]["status"]) == ("SUBMITTED", "CANCELLED")


def test_auto_processing_records_each_step_at_its_time(make_sandbox):
    sb = make_sandbox("--auto-process")
    c = sb.customer(payments=((100000, 10),))
    email = "auto@example.cn"
    token = sb.signed_in(c["order_ids"][0], email=email)
    request = sb.call("POST", "/v1/invoice-requests", application(c["bills"], delivery=courier()), token=token).json
    sb.advance(5 * 86400)  # past the due date: PROCESSING, PRINTED, SHIPPED
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]
    changes = events(sb, token, "?type=invoice_request.status_changed")
    assert [e["data"]["object"]["status"] for e in changes] == ["SHIPPED", "PRINTED", "PROCESSING"]
    assert all(e["data"]["object"]["id"] == request["id"] for e in changes)
    # Each event carries the time of its step, as the request's history does.
    history = {h["status"]: h["at"] for h in changes[0]["data"]["object"]["history"]}
    assert [e["created_at"] for e in changes] == [history["SHIPPED"], history["PRINTED"], history["PROCESSING"]]


def test_events_are_kept_thirty_days(make_sandbox):
    sb = make_sandbox()
    c = sb.customer(payments=((100000, 10),))
    email = "kept@example.cn"
    token = sb.signed_in(c["order_ids"][0], email=email)
    sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token)
    [event] = events(sb, token)
    sb.advance(29 * 86400)
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]
    assert sb.call("GET", f"/v1/events/{event['id']}", token=token).status == 200
    sb.advance(2 * 86400)
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]
    assert sb.call("GET", f"/v1/events/{event['id']}", token=token).code == "EVENT_NOT_FOUND"
    assert events(sb, token) == []
