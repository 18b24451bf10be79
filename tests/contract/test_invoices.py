"""R8–R18: preview and create, the buyer and delivery rules, one title per
bill, the status machine, title changes, announcements and the e-invoice."""

import datetime
import shutil
import subprocess
import threading

import pytest

from sandbox_harness import (SHANGHAI, application, courier, email_delivery, enterprise_buyer, pickup,
                      special_buyer)

FRIDAY = datetime.datetime(2026, 11, 13, 10, 0, tzinfo=SHANGHAI)


def signed_in_customer(sandbox, payments=((100000, 10),), payer="上海示例科技有限公司"):
    c = sandbox.customer(payer=payer, payments=payments)
    c["token"] = sandbox.signed_in(c["order_ids"][0])
    return c


def bill_state(sandbox, c, bill):
    return sandbox.call("GET", f"/v1/bills/{bill}", token=c["token"]).json["state"]


def test_preview_shows_lines_tax_due_date_and_changes_nothing(sandbox):
    sandbox.set_clock(FRIDAY)
    c = signed_in_customer(sandbox, payments=((100000, 10), (9, 12)))
    body = application(c["bills"], buyer=enterprise_buyer("另一家公司"))
    r = sandbox.call("POST", "/v1/invoice-requests/preview", body, token=c["token"])
    assert r.status == 200
    p = r.json
    assert [(l["gross_fen"], l["net_fen"], l["tax_fen"], l["tax_rate_bp"]) for l in p["lines"]] == [
        (100000, 94340, 5660, 600), (9, 8, 1, 600)]
    assert (p["total_fen"], p["net_fen"], p["tax_fen"]) == (100009, 94348, 5661)  # sums of lines
    assert p["due_at"] == "2026-11-17T23:59:59+08:00"  # Fri -> Tue, 2 working days (R15)
    assert [w["code"] for w in p["warnings"]] == ["PAYER_MISMATCH", "PAYER_MISMATCH"]  # R12, one per bill
    assert p["warnings"][0]["field"] == "buyer.name"
    assert p["field_errors"] == []
    assert all(bill_state(sandbox, c, b) == "UNINVOICED" for b in c["bills"])
    assert sandbox.call("GET", "/v1/invoice-requests", token=c["token"]).json["data"] == []


def test_preview_reports_problems_instead_of_refusing(sandbox):
    c = signed_in_customer(sandbox)
    body = application([c["bills"][0], "bill_missing"], buyer={"type": "ORGANIZATION", "organization_kind": "ENTERPRISE",
                                                               "name": "某公司"})
    r = sandbox.call("POST", "/v1/invoice-requests/preview", body, token=c["token"])
    assert r.status == 200
    assert [(f["field"], f["code"]) for f in r.json["field_errors"]] == [
        ("buyer.taxpayer_id", "TAXPAYER_ID_REQUIRED"), ("bill_ids[1]", "BILL_NOT_FOUND")]


def test_create_reserves_bills_and_one_title_per_bill(sandbox):
    sandbox.set_clock(FRIDAY)
    c = signed_in_customer(sandbox, payments=((100000, 10), (20000, 11)))
    r = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"][:1]), token=c["token"])
    assert r.status == 201
    req = r.json
    assert (req["status"], req["status_label"]) == ("SUBMITTED", "已提交")
    assert req["due_at"] == "2026-11-17T23:59:59+08:00"
    assert req["buyer"]["taxpayer_id"] == "91330106673959654P"
    assert req["delivery"]["mobile"] == "13800138000"  # stored normalised
    assert [h["status"] for h in req["history"]] == ["SUBMITTED"]
    assert bill_state(sandbox, c, c["bills"][0]) == "RESERVED"
    assert sandbox.call("GET", f"/v1/bills/{c['bills'][0]}", token=c["token"]).json["invoice_request_id"] == req["id"]
    # R10: the same bill under another title is refused, and the message points to support.
    r = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"], buyer=enterprise_buyer("别的抬头")),
                     token=c["token"])
    assert (r.status, r.code) == (409, "BILL_ALREADY_INVOICED")
    assert "SPLIT_BILL" in r.json["error"]["message"] and "TITLE_CHANGE" in r.json["error"]["message"]
    assert r.fields() == [("bill_ids[0]", "BILL_ALREADY_INVOICED")]
    assert bill_state(sandbox, c, c["bills"][1]) == "UNINVOICED"  # nothing half-written
    # Different bills may go to different titles.
    r = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"][1:], buyer=enterprise_buyer("别的抬头")),
                     token=c["token"])
    assert r.status == 201
    listed = sandbox.call("GET", "/v1/invoice-requests", token=c["token"]).json["data"]
    assert [x["id"] for x in listed] == [r.json["id"], req["id"]]  # newest first
    assert [x["id"] for x in sandbox.call("GET", "/v1/invoice-requests?status=CANCELLED", token=c["token"]).json["data"]] == []


def test_buyer_rules_per_kind(sandbox):
    c = signed_in_customer(sandbox)
    create = lambda body: sandbox.call("POST", "/v1/invoice-requests", body, token=c["token"])
    no_id = {"type": "ORGANIZATION", "organization_kind": "ENTERPRISE", "name": "上海示例科技有限公司"}
    r = create(application(c["bills"], buyer=no_id))
    assert (r.status, r.code, r.fields()) == (422, "VALIDATION_FAILED", [("buyer.taxpayer_id", "TAXPAYER_ID_REQUIRED")])
    r = create(application(c["bills"], kind="VAT_SPECIAL", buyer=no_id))
    assert r.fields() == [("buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED"), ("buyer.address", "SPECIAL_FIELDS_REQUIRED"),
                          ("buyer.phone", "SPECIAL_FIELDS_REQUIRED"), ("buyer.bank_name", "SPECIAL_FIELDS_REQUIRED"),
                          ("buyer.bank_account", "SPECIAL_FIELDS_REQUIRED")]
    r = create(application(c["bills"], kind="DIGITAL_SPECIAL", buyer=no_id))
    assert r.fields() == [("buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED")]
    bad = dict(special_buyer(), name="<b>公司😀</b>", phone="12345", taxpayer_id="91330106673959654I")
    r = create(application(c["bills"], kind="VAT_SPECIAL", buyer=bad))
    assert set(r.fields()) == {("buyer.name", "UNENCODABLE_CHARACTER"), ("buyer.name", "FORBIDDEN_CHARACTER"),
                               ("buyer.taxpayer_id", "USCC_FORMAT"), ("buyer.phone", "PHONE_FORMAT")}
    assert all(bill_state(sandbox, c, b) == "UNINVOICED" for b in c["bills"])
    # Non-enterprises and individuals need only the name.
    gov = {"type": "ORGANIZATION", "organization_kind": "NON_ENTERPRISE", "name": "上海市某区人民政府"}
    r = sandbox.call("POST", "/v1/invoice-requests/preview", application(c["bills"], buyer=gov), token=c["token"])
    assert r.json["field_errors"] == []
    # A USCC whose check character is wrong is a warning by default.
    lenient = dict(enterprise_buyer(), taxpayer_id="91330106673959654Q")
    r = sandbox.call("POST", "/v1/invoice-requests/preview", application(c["bills"], buyer=lenient), token=c["token"])
    assert r.json["field_errors"] == [] and "USCC_CHECKSUM" in [w["code"] for w in r.json["warnings"]]


def test_delivery_rules_per_kind(sandbox):
    c = signed_in_customer(sandbox)
    create = lambda body: sandbox.call("POST", "/v1/invoice-requests", body, token=c["token"])
    r = create(application(c["bills"], kind="DIGITAL_ORDINARY", delivery=courier()))
    assert r.fields() == [("delivery.method", "DELIVERY_NOT_ALLOWED")]
    r = create(application(c["bills"], kind="DIGITAL_ORDINARY", delivery=pickup()))
    assert r.fields() == [("delivery.method", "DELIVERY_NOT_ALLOWED")]
    r = create(application(c["bills"], kind="VAT_ORDINARY", delivery=email_delivery()))
    assert r.fields() == [("delivery.method", "DELIVERY_NOT_ALLOWED")]
    r = create(application(c["bills"], delivery={"method": "SF_FREIGHT_COLLECT", "recipient": "王小明"}))
    assert r.fields() == [("delivery.mobile", "ADDRESS_REQUIRED"), ("delivery.province", "ADDRESS_REQUIRED"),
                          ("delivery.city", "ADDRESS_REQUIRED"), ("delivery.street", "ADDRESS_REQUIRED"),
                          ("delivery.postal_code", "ADDRESS_REQUIRED")]
    r = create(application(c["bills"], delivery={"method": "DRONE"}))
    assert r.fields() == [("delivery.method", "INVALID_VALUE")]
    r = create(application(c["bills"], kind="VAT_FANCY"))
    assert ("kind", "INVALID_VALUE") in r.fields()


def test_selection_rules(sandbox):
    c = signed_in_customer(sandbox, payments=((100000, 10), (5000, 1)))
    old, fresh = c["bills"][0], c["bills"][1]
    create = lambda body: sandbox.call("POST", "/v1/invoice-requests", body, token=c["token"])
    r = create(application([]))
    assert (r.status, r.code, r.fields()) == (422, "EMPTY_SELECTION", [("bill_ids", "EMPTY_SELECTION")])
    r = create(application([old, old]))
    assert (r.status, r.code) == (422, "SPLIT_REQUIRES_SUPPORT")
    r = create(application([old], amounts_fen={old: 50000}))
    assert (r.status, r.code) == (422, "SPLIT_REQUIRES_SUPPORT")
    r = create(application([fresh]))
    assert (r.status, r.code) == (422, "BILL_NOT_YET_AVAILABLE")
    assert r.json["error"]["details"]["available_at"]
    theirs = sandbox.customer()["bills"][0]
    r = create(application([theirs]))
    assert (r.status, r.code) == (404, "BILL_NOT_FOUND")
    # Field problems come first, bill problems only once the fields are valid.
    r = create(application([theirs], buyer={"type": "INDIVIDUAL"}))
    assert (r.code, r.fields()) == ("VALIDATION_FAILED", [("buyer.name", "REQUIRED")])
    r = create(application([old], amounts_fen={old: 100000}))  # the full amount is fine
    assert r.status == 201


def test_profile_prefills_the_second_application(sandbox):
    c = signed_in_customer(sandbox, payments=((100, 10), (200, 11)))
    r = sandbox.call("GET", "/v1/invoice-profile", token=c["token"])
    assert (r.status, r.code) == (404, "PROFILE_NOT_FOUND")
    body = application(c["bills"][:1], kind="VAT_SPECIAL", buyer=special_buyer(), delivery=pickup())
    assert sandbox.call("POST", "/v1/invoice-requests", body, token=c["token"]).status == 201
    profile = sandbox.call("GET", "/v1/invoice-profile", token=c["token"]).json
    assert profile["kind"] == "VAT_SPECIAL"
    assert profile["buyer"]["bank_account"] == "1001234567890123"
    assert profile["delivery"]["method"] == "SELF_PICKUP"


def test_cancel_only_while_submitted(sandbox):
    c = signed_in_customer(sandbox)
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=c["token"]).json
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/cancel", token=c["token"])
    assert r.status == 200 and r.json["status"] == "CANCELLED"
    assert bill_state(sandbox, c, c["bills"][0]) == "UNINVOICED"
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/cancel", token=c["token"])
    assert (r.status, r.code) == (409, "INVALID_TRANSITION")


def advance(sandbox, rid, status, **extra):
    r = sandbox.op("POST", f"/sandbox/invoice-requests/{rid}/advance", {"status": status, **extra})
    assert r.status == 200, r
    return r.json


def test_courier_path_to_shipped_with_tracking_number(sandbox):
    c = signed_in_customer(sandbox)
    email = sandbox.call("GET", "/v1/account", token=c["token"]).json["email"]
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=c["token"]).json
    advance(sandbox, req["id"], "PROCESSING")
    printed = advance(sandbox, req["id"], "PRINTED")
    assert printed["status_label"] == "已打印" and printed["fapiao_number"]
    assert bill_state(sandbox, c, c["bills"][0]) == "INVOICED"
    shipped = advance(sandbox, req["id"], "SHIPPED", tracking_number="YD1234567890123")
    assert (shipped["status_label"], shipped["tracking_number"]) == ("已寄出", "YD1234567890123")
    mail = sandbox.last_mail(email, "REQUEST_SHIPPED")
    assert "YD1234567890123" in mail["body"]
    tracked = sandbox.call("GET", f"/v1/invoice-requests/{req['id']}", token=c["token"]).json
    assert [h["status"] for h in tracked["history"]] == ["SUBMITTED", "PROCESSING", "PRINTED", "SHIPPED"]
    assert advance(sandbox, req["id"], "DELIVERED")["status"] == "DELIVERED"


def test_pickup_path_and_invalid_steps(sandbox):
    c = signed_in_customer(sandbox)
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"], delivery=pickup()), token=c["token"]).json
    r = sandbox.op("POST", f"/sandbox/invoice-requests/{req['id']}/advance", {"status": "PRINTED"})
    assert (r.status, r.code) == (409, "INVALID_TRANSITION")
    advance(sandbox, req["id"], "PROCESSING")
    r = sandbox.op("POST", f"/sandbox/invoice-requests/{req['id']}/advance", {"status": "ISSUED"})
    assert r.code == "INVALID_TRANSITION"  # paper kinds are printed
    advance(sandbox, req["id"], "PRINTED")
    r = sandbox.op("POST", f"/sandbox/invoice-requests/{req['id']}/advance", {"status": "SHIPPED"})
    assert r.code == "INVALID_TRANSITION"  # a pickup is not shipped
    ready = advance(sandbox, req["id"], "READY_FOR_PICKUP")
    assert ready["status_label"] == "待自取"
    assert advance(sandbox, req["id"], "PICKED_UP")["status"] == "PICKED_UP"
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/cancel", token=c["token"])
    assert r.code == "INVALID_TRANSITION"


def test_rejection_frees_the_bills(sandbox):
    c = signed_in_customer(sandbox)
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=c["token"]).json
    r = sandbox.op("POST", f"/sandbox/invoice-requests/{req['id']}/advance", {"status": "REJECTED"})
    assert r.fields() == [("reason", "REQUIRED")]
    rejected = advance(sandbox, req["id"], "REJECTED", reason="抬头与付款方不符")
    assert rejected["rejection_reason"] == "抬头与付款方不符"
    assert bill_state(sandbox, c, c["bills"][0]) == "UNINVOICED"


def test_digital_invoice_is_issued_as_a_pdf(sandbox):
    c = signed_in_customer(sandbox)
    body = application(c["bills"], kind="DIGITAL_ORDINARY", buyer=enterprise_buyer("数电发票测试有限公司"),
                       delivery=email_delivery("einvoice@example.cn"))
    req = sandbox.call("POST", "/v1/invoice-requests", body, token=c["token"]).json
    r = sandbox.call("GET", f"/v1/invoice-requests/{req['id']}/document", token=c["token"])
    assert (r.status, r.code) == (404, "DOCUMENT_NOT_FOUND")
    advance(sandbox, req["id"], "PROCESSING")
    issued = advance(sandbox, req["id"], "ISSUED")
    assert issued["status_label"] == "已开具" and len(issued["fapiao_number"]) == 20
    assert sandbox.last_mail("einvoice@example.cn", "EINVOICE_ISSUED")
    r = sandbox.call("GET", f"/v1/invoice-requests/{req['id']}/document", token=c["token"])
    assert r.status == 200 and r.headers["content-type"] == "application/pdf"
    assert r.raw.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=r.raw, capture_output=True, check=True).stdout.decode()
        assert "数电发票测试有限公司" in text
        assert issued["fapiao_number"] in text
        assert "¥1,000.00" in text
    assert advance(sandbox, req["id"], "DELIVERED")["status"] == "DELIVERED"


def test_paper_title_change_waits_for_the_original(sandbox):
    c = signed_in_customer(sandbox)
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=c["token"]).json
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/title-change",
                     {"buyer": enterprise_buyer("新抬头有限公司")}, token=c["token"])
    assert (r.status, r.code) == (409, "INVALID_TRANSITION")  # not issued yet
    for status in ("PROCESSING", "PRINTED", "SHIPPED"):
        advance(sandbox, req["id"], status)
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/title-change",
                     {"buyer": {"type": "ORGANIZATION", "organization_kind": "ENTERPRISE", "name": "新抬头有限公司"}},
                     token=c["token"])
    assert r.fields() == [("buyer.taxpayer_id", "TAXPAYER_ID_REQUIRED")]
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/title-change",
                     {"buyer": enterprise_buyer("新抬头有限公司"), "note": "公司更名"}, token=c["token"])
    assert r.status == 200 and r.json["status"] == "AWAITING_RETURN"
    original = sandbox.op("POST", f"/sandbox/invoice-requests/{req['id']}/original-returned").json
    assert original["status"] == "REVERSED" and original["replaced_by_request_id"]
    new = sandbox.call("GET", f"/v1/invoice-requests/{original['replaced_by_request_id']}", token=c["token"]).json
    assert new["status"] == "SUBMITTED" and new["replaces_request_id"] == req["id"]
    assert new["buyer"]["name"] == "新抬头有限公司" and new["bill_ids"] == req["bill_ids"]
    assert new["delivery"]["method"] == req["delivery"]["method"]
    bill = sandbox.call("GET", f"/v1/bills/{c['bills'][0]}", token=c["token"]).json
    assert (bill["state"], bill["invoice_request_id"]) == ("RESERVED", new["id"])
    r = sandbox.op("POST", f"/sandbox/invoice-requests/{req['id']}/original-returned")
    assert r.code == "INVALID_TRANSITION"


def test_digital_title_change_reverses_at_once(sandbox):
    c = signed_in_customer(sandbox)
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"], kind="DIGITAL_SPECIAL"),
                       token=c["token"]).json
    advance(sandbox, req["id"], "PROCESSING")
    advance(sandbox, req["id"], "ISSUED")
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/title-change",
                     {"buyer": enterprise_buyer("新抬头有限公司")}, token=c["token"])
    assert r.status == 200 and r.json["status"] == "REVERSED"
    new = sandbox.call("GET", f"/v1/invoice-requests/{r.json['replaced_by_request_id']}", token=c["token"]).json
    assert new["kind"] == "DIGITAL_SPECIAL" and new["replaces_request_id"] == req["id"]


def test_stock_shortage_moves_due_dates(sandbox):
    sandbox.set_clock(FRIDAY)
    c = signed_in_customer(sandbox, payments=((100, 10), (200, 11), (300, 12)))
    before = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"][:1], kind="VAT_SPECIAL",
                                                                       buyer=special_buyer()), token=c["token"]).json
    digital = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"][1:2], kind="DIGITAL_ORDINARY"),
                           token=c["token"]).json
    r = sandbox.op("POST", "/sandbox/announcements", {"category": "STOCK_SHORTAGE", "title": "专用发票票源紧张",
                                                      "body": "预计 11 月 30 日寄出", "affects_kinds": ["VAT_SPECIAL"],
                                                      "expected_ship_date": "2026-11-30"})
    assert r.status == 201
    ann = r.json
    listed = sandbox.call("GET", "/v1/announcements", token=c["token"]).json["data"]
    assert ann["id"] in [a["id"] for a in listed]
    moved = sandbox.call("GET", f"/v1/invoice-requests/{before['id']}", token=c["token"]).json
    assert moved["due_at"] == "2026-11-30T23:59:59+08:00"
    untouched = sandbox.call("GET", f"/v1/invoice-requests/{digital['id']}", token=c["token"]).json
    assert untouched["due_at"] == digital["due_at"]
    p = sandbox.call("POST", "/v1/invoice-requests/preview",
                     application(c["bills"][2:], kind="VAT_SPECIAL", buyer=special_buyer()), token=c["token"]).json
    assert p["due_at"] == "2026-11-30T23:59:59+08:00"
    assert "STOCK_SHORTAGE" in [w["code"] for w in p["warnings"]]
    assert sandbox.op("DELETE", f"/sandbox/announcements/{ann['id']}").status == 204
    assert ann["id"] not in [a["id"] for a in sandbox.call("GET", "/v1/announcements", token=c["token"]).json["data"]]
    still = sandbox.call("GET", f"/v1/invoice-requests/{before['id']}", token=c["token"]).json
    assert still["due_at"] == "2026-11-30T23:59:59+08:00"  # moved dates stay


def test_another_customers_requests_are_not_found_and_unchanged(sandbox):
    mine = signed_in_customer(sandbox)
    theirs = signed_in_customer(sandbox)
    req = sandbox.call("POST", "/v1/invoice-requests", application(theirs["bills"]), token=theirs["token"]).json
    for method, path in (("GET", ""), ("POST", "/cancel"), ("GET", "/document")):
        r = sandbox.call(method, f"/v1/invoice-requests/{req['id']}{path}", token=mine["token"])
        assert (r.status, r.code) == (404, "INVOICE_REQUEST_NOT_FOUND"), path
    r = sandbox.call("POST", f"/v1/invoice-requests/{req['id']}/title-change", {"buyer": enterprise_buyer()},
                     token=mine["token"])
    assert r.status == 404
    assert sandbox.call("GET", f"/v1/invoice-requests/{req['id']}", token=theirs["token"]).json["status"] == "SUBMITTED"


def test_concurrent_creates_for_one_bill_exactly_one_wins(sandbox):
    c = signed_in_customer(sandbox)
    results = []

    def create(name):
        r = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"], buyer=enterprise_buyer(name)),
                         token=c["token"])
        results.append((r.status, r.code))

    threads = [threading.Thread(target=create, args=(f"公司{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=str) == sorted([(201, None)] + [(409, "BILL_ALREADY_INVOICED")] * 5, key=str)
    assert len(sandbox.call("GET", "/v1/invoice-requests", token=c["token"]).json["data"]) == 1


def test_names_only_ordinary_flag(make_sandbox):
    sb = make_sandbox("--names-only-ordinary")
    c = sb.customer()
    token = sb.signed_in(c["order_ids"][0])
    no_id = {"type": "ORGANIZATION", "organization_kind": "ENTERPRISE", "name": "上海示例科技有限公司"}
    assert sb.call("POST", "/v1/invoice-requests", application(c["bills"], buyer=no_id), token=token).status == 201


def test_strict_uscc_flag(make_sandbox):
    sb = make_sandbox("--strict-uscc")
    c = sb.customer()
    token = sb.signed_in(c["order_ids"][0])
    buyer = dict(enterprise_buyer(), taxpayer_id="91330106673959654Q")
    r = sb.call("POST", "/v1/invoice-requests", application(c["bills"], buyer=buyer), token=token)
    assert r.fields() == [("buyer.taxpayer_id", "USCC_CHECKSUM")]


def test_auto_process_works_requests_through_in_virtual_time(make_sandbox):
    sb = make_sandbox("--auto-process")
    sb.set_clock(FRIDAY)
    c = sb.customer()
    email = "auto." + c["customer_id"] + "@example.cn"
    token = sb.signed_in(c["order_ids"][0], email)
    req = sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token).json
    sb.advance(3601)
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]
    assert sb.call("GET", f"/v1/invoice-requests/{req['id']}", token=token).json["status"] == "PROCESSING"
    sb.set_clock(datetime.datetime(2026, 11, 17, 23, 30, tzinfo=SHANGHAI))
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]
    r = sb.call("GET", f"/v1/invoice-requests/{req['id']}", token=token).json
    assert r["status"] == "PRINTED"
    assert r["history"][-1]["at"] == "2026-11-17T22:59:59+08:00"  # an hour before due
    sb.advance(3600)
    token = sb.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).json["token"]
    r = sb.call("GET", f"/v1/invoice-requests/{req['id']}", token=token).json
    assert r["status"] == "SHIPPED" and r["tracking_number"].startswith("YD")
    assert sb.last_mail(email, "REQUEST_SHIPPED")
