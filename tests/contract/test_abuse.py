"""Hostile input in every string field of every customer POST: SQL
metacharacters, NUL bytes, 1 MiB strings, invalid UTF-8 and deeply nested
JSON leave the sandbox running, answer with a 4xx (never a 5xx or a dropped
connection) and change nothing that belongs to anyone else."""

import json

import pytest

from sandbox_harness import application

HOSTILE = [
    "'); DROP TABLE bills; --",
    "\" OR 1=1 --",
    "nul\u0000byte",
    "x" * (1024 * 1024 - 200),
    "𠀀😀<script>alert(1)</script>",
]


def bodies(c):
    """Every customer POST, as (path, body builder taking a hostile string)."""
    return [
        ("/v1/accounts", lambda s: {"email": s, "password": s, "order_id": s}),
        ("/v1/accounts/activation", lambda s: {"token": s}),
        ("/v1/accounts/activation-emails", lambda s: {"email": s}),
        ("/v1/sessions", lambda s: {"email": s, "password": s}),
        ("/v1/password-resets", lambda s: {"email": s}),
        ("/v1/invoice-requests/preview", lambda s: application([s], buyer={"type": s, "name": s, "taxpayer_id": s,
                                                                            "address": s},
                                                                delivery={"method": s, "email": s}, remark=s)),
        ("/v1/invoice-requests", lambda s: application([c["bills"][0]], buyer={"type": "INDIVIDUAL", "name": s},
                                                        remark=s)),
        ("/v1/invoice-requests/ir_x/cancel", lambda s: {"note": s}),
        ("/v1/support-tickets", lambda s: {"type": s, "bill_ids": [s], "request_id": s, "description": s}),
    ]


@pytest.mark.parametrize("hostile", range(len(HOSTILE)))
def test_hostile_strings_are_refused_cleanly(sandbox, hostile):
    c = sandbox.customer()
    token = sandbox.signed_in(c["order_ids"][0])
    value = HOSTILE[hostile]
    for path, build in bodies(c):
        r = sandbox.call("POST", path, build(value), token=token, validate=False)
        assert 200 <= r.status < 500, (path, r.status, r.raw[:200])
    # Nothing changed: the bill is still free, the sandbox still answers.
    bill = sandbox.call("GET", f"/v1/bills/{c['bills'][0]}", token=token).json
    assert bill["state"] in ("UNINVOICED", "RESERVED")  # a hostile *remark* may be a valid create
    assert sandbox.call("GET", "/v1/bills", token=token).status == 200


def test_invalid_utf8_and_deep_nesting_everywhere(sandbox):
    c = sandbox.customer()
    token = sandbox.signed_in(c["order_ids"][0])
    deep = ("[" * 100000).encode()
    for path, _ in bodies(c):
        for raw in (b'{"email": "\xff\xfe"}', b'{"name": "\xc0\xaf"}', deep, b'{"a":' * 5000):
            r = sandbox.call("POST", path, raw_body=raw, token=token, validate=False)
            assert r.status == 400 and r.code == "INVALID_JSON", (path, r.status)
    assert sandbox.call("GET", "/v1/bills", token=token).status == 200


def test_another_customers_ids_are_not_found_on_every_endpoint(sandbox):
    owner = sandbox.customer(payments=((100000, 10), (5000, 11)))
    owner_token = sandbox.signed_in(owner["order_ids"][0])
    request = sandbox.call("POST", "/v1/invoice-requests", application(owner["bills"][:1]), token=owner_token).json
    ticket = sandbox.call("POST", "/v1/support-tickets", {"type": "PROGRESS", "request_id": request["id"]},
                          token=owner_token).json
    intruder = sandbox.customer()
    token = sandbox.signed_in(intruder["order_ids"][0])
    attempts = [
        ("GET", f"/v1/bills/{owner['bills'][1]}", None),
        ("GET", f"/v1/invoice-requests/{request['id']}", None),
        ("POST", f"/v1/invoice-requests/{request['id']}/cancel", {}),
        ("POST", f"/v1/invoice-requests/{request['id']}/title-change", {"buyer": {"type": "INDIVIDUAL", "name": "x"}}),
        ("GET", f"/v1/invoice-requests/{request['id']}/document", None),
        ("GET", f"/v1/support-tickets/{ticket['id']}", None),
        ("POST", "/v1/invoice-requests", application(owner["bills"][1:2])),
        ("POST", "/v1/invoice-requests/preview", application(owner["bills"][1:2])),
        ("POST", "/v1/support-tickets", {"type": "SPLIT_BILL", "bill_ids": [owner["bills"][1]],
                                         "split_amounts_fen": [2500, 2500]}),
        ("POST", "/v1/support-tickets", {"type": "PROGRESS", "request_id": request["id"]}),
    ]
    for method, path, body in attempts:
        r = sandbox.call(method, path, body, token=token)
        if path.endswith("/preview"):
            assert [f["code"] for f in r.json["field_errors"]] == ["BILL_NOT_FOUND"], path
        else:
            assert r.status == 404, (method, path, r.status)
    # The owner's objects are untouched.
    assert sandbox.call("GET", f"/v1/invoice-requests/{request['id']}", token=owner_token).json["status"] == "SUBMITTED"
    assert sandbox.call("GET", f"/v1/bills/{owner['bills'][1]}", token=owner_token).json["state"] == "UNINVOICED"
    assert [t["id"] for t in sandbox.call("GET", "/v1/support-tickets", token=owner_token).json["data"]] == [ticket["id"]]
