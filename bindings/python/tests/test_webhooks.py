"""fapiao.webhooks: the vectors shared with the C++ and C tests, and what a
Python receiver notices (typed objects, exceptions it can catch)."""

import time
from pathlib import Path

import pytest

import fapiao
from fapiao import webhooks

VECTORS = Path(__file__).resolve().parents[3] / "tests/webhooks/vectors.tsv"


def cases():
    for line in VECTORS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, verdict, now, tolerance, type_, object_id, payload, header, secrets = line.split("\t")
        yield pytest.param(verdict, int(now), int(tolerance), type_, object_id, payload, header,
                           [s for s in secrets.split(",") if s], id=name)


@pytest.mark.parametrize("verdict,now,tolerance,type_,object_id,payload,header,secrets", list(cases()))
def test_shared_vectors(verdict, now, tolerance, type_, object_id, payload, header, secrets):
    body = payload.encode("utf-8")
    if verdict == "ok":
        event = webhooks.construct_event(body, header, secrets, tolerance=tolerance, now=now)
        assert event.id == "evt_0123456789abcdef" and event.type == type_
        if object_id == "-":
            assert isinstance(event.data.object, dict) and not event.type.is_known
        else:
            assert event.data.object.id == object_id
            assert isinstance(event.data.object, (fapiao.Bill, fapiao.InvoiceRequest))
    else:
        expected = fapiao.errors.ProtocolError if verdict == webhooks.PAYLOAD_MALFORMED else \
            webhooks.SignatureVerificationError
        with pytest.raises(expected) as raised:
            webhooks.construct_event(body, header or None, secrets, tolerance=tolerance, now=now)
        assert raised.value.service_code == verdict


def test_a_signed_status_change_arrives_typed():
    body = ('{"id":"evt_1","type":"invoice_request.status_changed","created_at":"2026-01-01T08:00:00+08:00",'
            '"account_id":"acct_1","data":{"object":{"id":"ir_1","kind":"VAT_ORDINARY","status":"SHIPPED",'
            '"tracking_number":"YD1"},"previous_status":"PRINTED"}}').encode()
    header = webhooks.sign(body, ["whsec_new", "whsec_old"])
    event = webhooks.construct_event(body, header, "whsec_old")
    assert isinstance(event, fapiao.Event) and event.type is fapiao.EventType.INVOICE_REQUEST_STATUS_CHANGED
    request = event.data.object
    assert isinstance(request, fapiao.InvoiceRequest)
    assert request.status is fapiao.RequestStatus.SHIPPED and request.tracking_number == "YD1"
    assert event.data.previous_status is fapiao.RequestStatus.PRINTED
    # An AuthenticationError and a FapiaoError, for handlers that catch broadly.
    with pytest.raises(fapiao.errors.AuthenticationError):
        webhooks.construct_event(body + b" ", header, "whsec_old")
    stale = webhooks.sign(body, "whsec_old", int(time.time()) - 3600)
    with pytest.raises(fapiao.FapiaoError, match="from now"):
        webhooks.construct_event(body, stale, "whsec_old")


def test_the_payload_must_be_the_raw_bytes():
    with pytest.raises(TypeError, match="raw request body"):
        webhooks.construct_event({"id": "evt_1"}, "t=1,v1=00", "whsec_a")  # type: ignore[arg-type]
