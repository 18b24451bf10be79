#!/usr/bin/python3
"""Writes vectors.tsv: the webhook verification cases that the C++, C and
Python tests all read, so the three receivers can never disagree. The
signatures are computed here with Python's own hmac, independently of the
SDK's implementation. Run it again only to add a case; the file is committed."""

import hashlib
import hmac
import json
from pathlib import Path

NOW = 1767225600  # 2026-01-01T00:00:00Z, the verifier's injected clock
SECRET = "whsec_c2FuZGJveC1zZWNyZXQtb25l"
OLD_SECRET = "whsec_b2xkLXNlY3JldC1iZWZvcmUtcm90YXRpb24"


def sig(secret, t, payload):
    return hmac.new(secret.encode(), f"{t}.".encode() + payload.encode(), hashlib.sha256).hexdigest()


def header(t, payload, *secrets):
    return f"t={t}" + "".join(f",v1={sig(s, t, payload)}" for s in secrets)


def event(type_, obj, previous=None, extra=None):
    e = {"id": "evt_0123456789abcdef", "type": type_, "created_at": "2026-01-01T08:00:00+08:00",
         "account_id": "acct_0123456789abcdef", "data": {"object": obj, "previous_status": previous}}
    e.update(extra or {})
    return json.dumps(e, ensure_ascii=False, separators=(",", ":"))


REQUEST = {"id": "ir_0123456789abcdef", "kind": "VAT_ORDINARY", "status": "SHIPPED", "status_label": "已寄出",
           "tracking_number": "YD1234567890123", "bill_ids": ["bill_0123456789abcdef"], "total_fen": 100000}
BILL = {"id": "bill_0123456789abcdef", "amount_fen": 100000, "state": "UNINVOICED",
        "paid_at": "2025-12-28T10:00:00+08:00"}
SHIPPED = event("invoice_request.status_changed", REQUEST, "PRINTED")
AVAILABLE = event("bill.available", BILL)
FUTURE = event("invoice.voided", {"id": "inv_1", "reason": "红冲"}, extra={"livemode": False})
MISFIT = event("bill.available", {"id": 5})
NO_DATA = json.dumps({"id": "evt_0123456789abcdef", "type": "bill.available"}, separators=(",", ":"))

cases = [
    dict(name="valid", payload=SHIPPED, header=header(NOW, SHIPPED, SECRET), secrets=[SECRET],
         verdict="ok", type="invoice_request.status_changed", object_id="ir_0123456789abcdef"),
    dict(name="typed bill", payload=AVAILABLE, header=header(NOW - 10, AVAILABLE, SECRET), secrets=[SECRET],
         verdict="ok", type="bill.available", object_id="bill_0123456789abcdef"),
    dict(name="during a rotation the receiver still holds only the old secret", payload=SHIPPED,
         header=header(NOW, SHIPPED, SECRET, OLD_SECRET), secrets=[OLD_SECRET], verdict="ok",
         type="invoice_request.status_changed", object_id="ir_0123456789abcdef"),
    dict(name="the receiver holds both secrets, the header signs with the new one", payload=SHIPPED,
         header=header(NOW, SHIPPED, SECRET), secrets=[OLD_SECRET, SECRET], verdict="ok",
         type="invoice_request.status_changed", object_id="ir_0123456789abcdef"),
    dict(name="after the rotation the old secret no longer verifies", payload=SHIPPED,
         header=header(NOW, SHIPPED, SECRET), secrets=[OLD_SECRET], verdict="WEBHOOK_SIGNATURE_MISMATCH"),
    dict(name="one byte of the body changed", payload=SHIPPED.replace("YD1234567890123", "YD1234567890124"),
         header=header(NOW, SHIPPED, SECRET), secrets=[SECRET], verdict="WEBHOOK_SIGNATURE_MISMATCH"),
    dict(name="signed for another time", payload=SHIPPED,
         header=f"t={NOW}," + header(NOW - 1, SHIPPED, SECRET).split(",", 1)[1], secrets=[SECRET],
         verdict="WEBHOOK_SIGNATURE_MISMATCH"),
    dict(name="no secret to verify with", payload=SHIPPED, header=header(NOW, SHIPPED, SECRET), secrets=[],
         verdict="WEBHOOK_SIGNATURE_MISMATCH"),
    dict(name="no header", payload=SHIPPED, header="", secrets=[SECRET], verdict="WEBHOOK_SIGNATURE_MISSING"),
    dict(name="no timestamp", payload=SHIPPED, header=f"v1={sig(SECRET, NOW, SHIPPED)}", secrets=[SECRET],
         verdict="WEBHOOK_SIGNATURE_MISSING"),
    dict(name="no v1", payload=SHIPPED, header=f"t={NOW}", secrets=[SECRET], verdict="WEBHOOK_SIGNATURE_MISSING"),
    dict(name="a timestamp that is not a number", payload=SHIPPED,
         header=f"t=soon,v1={sig(SECRET, NOW, SHIPPED)}", secrets=[SECRET], verdict="WEBHOOK_SIGNATURE_MISSING"),
    dict(name="upper-case hex is not the scheme", payload=SHIPPED,
         header=f"t={NOW},v1={sig(SECRET, NOW, SHIPPED).upper()}", secrets=[SECRET],
         verdict="WEBHOOK_SIGNATURE_MISSING"),
    dict(name="unknown schemes beside v1 are ignored, spaces tolerated", payload=SHIPPED,
         header=f"t={NOW}, v0=deadbeef, v1={sig(SECRET, NOW, SHIPPED)}, v2=zz", secrets=[SECRET], verdict="ok",
         type="invoice_request.status_changed", object_id="ir_0123456789abcdef"),
    dict(name="exactly at the tolerance", payload=SHIPPED, header=header(NOW - 300, SHIPPED, SECRET),
         secrets=[SECRET], verdict="ok", type="invoice_request.status_changed", object_id="ir_0123456789abcdef"),
    dict(name="one second too old", payload=SHIPPED, header=header(NOW - 301, SHIPPED, SECRET), secrets=[SECRET],
         verdict="WEBHOOK_TIMESTAMP_OUTSIDE_TOLERANCE"),
    dict(name="too far in the future", payload=SHIPPED, header=header(NOW + 301, SHIPPED, SECRET),
         secrets=[SECRET], verdict="WEBHOOK_TIMESTAMP_OUTSIDE_TOLERANCE"),
    dict(name="a wider tolerance accepts it", payload=SHIPPED, header=header(NOW - 3600, SHIPPED, SECRET),
         secrets=[SECRET], tolerance=7200, verdict="ok", type="invoice_request.status_changed",
         object_id="ir_0123456789abcdef"),
    dict(name="an event type this SDK does not know, with unknown fields", payload=FUTURE,
         header=header(NOW, FUTURE, SECRET), secrets=[SECRET], verdict="ok", type="invoice.voided", object_id=None),
    dict(name="signed, but not JSON", payload="not json", header=header(NOW, "not json", SECRET), secrets=[SECRET],
         verdict="WEBHOOK_PAYLOAD_MALFORMED"),
    dict(name="signed, but the object does not fit its type", payload=MISFIT, header=header(NOW, MISFIT, SECRET),
         secrets=[SECRET], verdict="WEBHOOK_PAYLOAD_MALFORMED"),
    dict(name="signed, but without its data (found by fuzz_webhook)", payload=NO_DATA,
         header=header(NOW, NO_DATA, SECRET), secrets=[SECRET], verdict="WEBHOOK_PAYLOAD_MALFORMED"),
]
COLUMNS = ("name", "verdict", "now", "tolerance", "type", "object_id", "payload", "header", "secrets")
lines = [
    "# Webhook verification vectors, shared by the C++, C and Python tests; written by make_vectors.py.",
    "# One case per line, tab-separated: " + ", ".join(COLUMNS) + ".",
    "# verdict is ok or the error's code; type and object_id are - when not checked; secrets are comma-separated.",
]
for c in cases:
    c.setdefault("now", NOW)
    c.setdefault("tolerance", 300)
    c.setdefault("type", None)
    c.setdefault("object_id", None)
    row = [c["name"], c["verdict"], str(c["now"]), str(c["tolerance"]), c["type"] or "-", c["object_id"] or "-",
           c["payload"], c["header"], ",".join(c["secrets"])]
    assert not any("\t" in f or "\n" in f for f in row), c["name"]
    lines.append("\t".join(row))
Path(__file__).with_name("vectors.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
