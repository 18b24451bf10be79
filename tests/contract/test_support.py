"""R18: support tickets, including a bill split that replaces the bill by
child bills, and announcements (R17) visible to customers."""

from sandbox_harness import application


def test_split_bill_ticket_approved_replaces_the_bill_with_children(sandbox):
    c = sandbox.customer(payments=((100000, 10),))
    token = sandbox.signed_in(c["order_ids"][0])
    bill = c["bills"][0]
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [bill],
                                                     "split_amounts_fen": [60000, 30000],
                                                     "description": "两个抬头"}, token=token)
    assert r.fields() == [("split_amounts_fen", "INVALID_VALUE")]  # does not add up
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [bill, bill],
                                                     "split_amounts_fen": [60000, 40000]}, token=token)
    assert r.fields() == [("bill_ids", "INVALID_VALUE")]
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [bill],
                                                     "split_amounts_fen": [60000, 40000],
                                                     "description": "两个抬头"}, token=token)
    assert r.status == 201 and r.json["status"] == "OPEN"
    ticket = r.json
    assert [t["id"] for t in sandbox.call("GET", "/v1/support-tickets", token=token).json["data"]] == [ticket["id"]]
    assert sandbox.call("GET", f"/v1/support-tickets/{ticket['id']}", token=token).json["description"] == "两个抬头"
    r = sandbox.op("POST", f"/sandbox/support-tickets/{ticket['id']}/resolve", {"approve": True, "note": "已拆分"})
    assert r.status == 200 and r.json["status"] == "APPROVED" and r.json["resolved_at"]
    parent = sandbox.call("GET", f"/v1/bills/{bill}", token=token).json
    assert parent["state"] == "SPLIT" and len(parent["child_bill_ids"]) == 2
    children = [sandbox.call("GET", f"/v1/bills/{cid}", token=token).json for cid in parent["child_bill_ids"]]
    assert sorted(ch["amount_fen"] for ch in children) == [40000, 60000]
    assert all(ch["parent_bill_id"] == bill and ch["state"] == "UNINVOICED" and ch["paid_at"] == parent["paid_at"]
               and ch["order_id"] == parent["order_id"] and ch["payer_name"] == parent["payer_name"] for ch in children)
    # The parent can no longer be invoiced; the children can, under different titles.
    r = sandbox.call("POST", "/v1/invoice-requests", application([bill]), token=token)
    assert r.code == "BILL_ALREADY_INVOICED"
    assert sandbox.call("POST", "/v1/invoice-requests", application(parent["child_bill_ids"][:1]), token=token).status == 201
    r = sandbox.op("POST", f"/sandbox/support-tickets/{ticket['id']}/resolve", {"approve": False})
    assert r.code == "INVALID_TRANSITION"


def test_split_needs_an_uninvoiced_bill_when_filed_and_when_approved(sandbox):
    c = sandbox.customer(payments=((100000, 10), (5000, 11)))
    token = sandbox.signed_in(c["order_ids"][0])
    a, b = c["bills"]
    assert sandbox.call("POST", "/v1/invoice-requests", application([a]), token=token).status == 201
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [a],
                                                     "split_amounts_fen": [50000, 50000]}, token=token)
    assert (r.status, r.code) == (409, "BILL_ALREADY_INVOICED")
    ticket = sandbox.call("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [b],
                                                          "split_amounts_fen": [2500, 2500]}, token=token).json
    assert sandbox.call("POST", "/v1/invoice-requests", application([b]), token=token).status == 201
    r = sandbox.op("POST", f"/sandbox/support-tickets/{ticket['id']}/resolve", {"approve": True})
    assert (r.status, r.code) == (409, "BILL_ALREADY_INVOICED")
    assert sandbox.call("GET", f"/v1/support-tickets/{ticket['id']}", token=token).json["status"] == "OPEN"


def test_other_ticket_types_and_isolation(sandbox):
    c = sandbox.customer()
    token = sandbox.signed_in(c["order_ids"][0])
    req = sandbox.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token).json
    for kind in ("PROGRESS", "NOT_RECEIVED", "TITLE_CHANGE", "OTHER"):
        r = sandbox.call("POST", "/v1/support-tickets", {"type": kind, "request_id": req["id"], "description": "请查询"},
                         token=token)
        assert r.status == 201 and r.json["type"] == kind
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "COMPLAINT"}, token=token)
    assert r.fields() == [("type", "INVALID_VALUE")]
    other = sandbox.customer()
    other_token = sandbox.signed_in(other["order_ids"][0])
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "PROGRESS", "request_id": req["id"]}, token=other_token)
    assert (r.status, r.code) == (404, "INVOICE_REQUEST_NOT_FOUND")
    r = sandbox.call("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [c["bills"][0]],
                                                     "split_amounts_fen": [1, 99999]}, token=other_token)
    assert (r.status, r.code) == (404, "BILL_NOT_FOUND")
    mine = sandbox.call("GET", "/v1/support-tickets?limit=2", token=token).json
    assert len(mine["data"]) == 2 and mine["has_more"] is True
    r = sandbox.call("GET", f"/v1/support-tickets/{mine['data'][0]['id']}", token=other_token)
    assert (r.status, r.code) == (404, "SUPPORT_TICKET_NOT_FOUND")
    assert sandbox.call("GET", "/v1/support-tickets", token=other_token).json["data"] == []
