"""The protocol: idempotency, errors and request ids, body limits, fault
injection and the journal, the operator token, TLS, restarts."""

import http.client
import json
import socket
import ssl
import threading
import time
import uuid

import pytest

from sandbox_harness import application


@pytest.fixture
def customer(sandbox):
    c = sandbox.customer(payments=((100000, 10), (2000, 11)))
    c["token"] = sandbox.signed_in(c["order_ids"][0])
    return c


def test_idempotent_replay_is_byte_identical(sandbox, customer):
    key = str(uuid.uuid4())
    body = application(customer["bills"][:1])
    first = sandbox.call("POST", "/v1/invoice-requests", body, token=customer["token"],
                         headers={"Idempotency-Key": key})
    assert first.status == 201 and "idempotent-replayed" not in first.headers
    # Same body with its keys in another order: the same request after parsing.
    reordered = json.dumps(dict(reversed(list(body.items())))).encode()
    again = sandbox.call("POST", "/v1/invoice-requests", raw_body=reordered, token=customer["token"],
                         headers={"Idempotency-Key": key})
    assert again.status == 201 and again.raw == first.raw
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["request-id"] == first.headers["request-id"]
    assert len(sandbox.call("GET", "/v1/invoice-requests", token=customer["token"]).json["data"]) == 1
    r = sandbox.call("POST", "/v1/invoice-requests", application(customer["bills"][1:]), token=customer["token"],
                     headers={"Idempotency-Key": key})
    assert (r.status, r.code) == (409, "IDEMPOTENCY_KEY_REUSED")
    # Keys are per account: another customer's same key is a new request.
    other = sandbox.customer()
    other_token = sandbox.signed_in(other["order_ids"][0])
    r = sandbox.call("POST", "/v1/invoice-requests", application(other["bills"]), token=other_token,
                     headers={"Idempotency-Key": key})
    assert r.status == 201


def test_refusals_are_replayed_too(sandbox, customer):
    key = str(uuid.uuid4())
    body = application(customer["bills"][:1], buyer={"type": "INDIVIDUAL"})
    first = sandbox.call("POST", "/v1/invoice-requests", body, token=customer["token"], headers={"Idempotency-Key": key})
    assert first.status == 422
    again = sandbox.call("POST", "/v1/invoice-requests", body, token=customer["token"], headers={"Idempotency-Key": key})
    assert again.raw == first.raw and again.headers["idempotent-replayed"] == "true"


def test_idempotency_records_expire_after_24_hours(sandbox):
    c = sandbox.customer(payments=((100, 10),))
    key = str(uuid.uuid4())
    email = f"{uuid.uuid4().hex[:8]}@example.cn"
    body = {"email": email, "password": "passw0rd-1", "order_id": c["order_ids"][0]}
    first = sandbox.call("POST", "/v1/accounts", body, headers={"Idempotency-Key": key})
    assert first.status == 201
    assert sandbox.call("POST", "/v1/accounts", body, headers={"Idempotency-Key": key}).raw == first.raw
    sandbox.advance(24 * 3600 + 5)
    r = sandbox.call("POST", "/v1/accounts", body, headers={"Idempotency-Key": key})
    assert r.status == 201 and r.raw != first.raw  # executed again: the first registration lapsed


def test_key_in_use_while_executing(sandbox, customer):
    key = str(uuid.uuid4())
    sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": "/v1/invoice-requests", "action": "DELAY",
                                           "delay_ms": 1500, "count": 1})
    slow = {}
    t = threading.Thread(target=lambda: slow.setdefault("r", sandbox.call(
        "POST", "/v1/invoice-requests", application(customer["bills"][:1]), token=customer["token"],
        headers={"Idempotency-Key": key})))
    t.start()
    time.sleep(0.5)
    r = sandbox.call("POST", "/v1/invoice-requests", application(customer["bills"][:1]), token=customer["token"],
                     headers={"Idempotency-Key": key})
    t.join()
    assert (r.status, r.code) == (409, "IDEMPOTENCY_KEY_IN_USE")
    assert r.json["error"]["retryable"] is True
    assert slow["r"].status == 201


def test_invalid_input_at_the_protocol_level(sandbox, customer):
    token = customer["token"]
    r = sandbox.call("POST", "/v1/invoice-requests", raw_body=b'{"kind": ', token=token)
    assert (r.status, r.code) == (400, "INVALID_JSON")
    r = sandbox.call("POST", "/v1/invoice-requests", raw_body=b'{"remark": "\xff\xfe"}', token=token)
    assert (r.status, r.code) == (400, "INVALID_JSON")
    r = sandbox.call("POST", "/v1/invoice-requests", raw_body=b"[" * 5000, token=token)
    assert (r.status, r.code) == (400, "INVALID_JSON")
    r = sandbox.call("POST", "/v1/invoice-requests", {"bill_ids": "all"}, token=token)
    assert r.fields() == [("bill_ids", "INVALID_VALUE")]
    r = sandbox.call("POST", "/v1/invoice-requests", application(customer["bills"][:1], remark="x" * (1024 * 1024 + 10)),
                     token=token)
    assert (r.status, r.code) == (413, "BODY_TOO_LARGE")
    r = sandbox.call("POST", "/v1/invoice-requests", application(customer["bills"][:1]), token=token,
                     headers={"Idempotency-Key": "k" * 256})
    assert (r.status, r.code) == (400, "INVALID_IDEMPOTENCY_KEY")
    r = sandbox.call("GET", "/v1/nothing-here", token=token)
    assert (r.status, r.code) == (404, "NOT_FOUND")
    # Unknown fields are ignored; SQL metacharacters are just text.
    r = sandbox.call("POST", "/v1/invoice-requests", application(customer["bills"][:1], remark="'); DROP TABLE bills;--",
                                                                 future_field={"x": 1}), token=token)
    assert r.status == 201 and r.json["remark"] == "'); DROP TABLE bills;--"
    assert sandbox.call("GET", "/v1/bills", token=token).status == 200


def test_request_ids_and_client_request_ids(sandbox, customer):
    r = sandbox.call("GET", "/v1/bills", token=customer["token"], headers={"X-Client-Request-Id": "portal-42"})
    assert r.headers["x-client-request-id"] == "portal-42"
    ids = {sandbox.call("GET", "/v1/bills", token=customer["token"]).headers["request-id"] for _ in range(3)}
    assert len(ids) == 3
    journal = sandbox.op("GET", "/sandbox/journal?path=/v1/bills").json["data"]
    assert any(e["client_request_id"] == "portal-42" and e["request_id"] == r.headers["request-id"] for e in journal)


def test_injected_statuses_and_the_journal(sandbox, customer):
    path = "/v1/invoice-requests"
    sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": path, "action": "STATUS_503", "count": 2,
                                           "retry_after_seconds": 3})
    key = str(uuid.uuid4())
    body = application(customer["bills"][:1])
    for _ in range(2):
        r = sandbox.call("POST", path, body, token=customer["token"], headers={"Idempotency-Key": key})
        assert (r.status, r.code, r.headers["retry-after"]) == (503, "UNAVAILABLE", "3")
        assert r.json["error"]["retryable"] is True
    r = sandbox.call("POST", path, body, token=customer["token"], headers={"Idempotency-Key": key})
    assert r.status == 201  # 503s are not stored: the same key executes
    sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": "/v1/bills*", "action": "STATUS_429"})
    r = sandbox.call("GET", "/v1/bills?limit=1", token=customer["token"])
    assert (r.status, r.code) == (429, "RATE_LIMITED") and r.headers["retry-after"] == "1"
    entries = [e for e in sandbox.op("GET", "/sandbox/journal?method=POST&path=" + path).json["data"]
               if e["idempotency_key"] == key]
    assert [e["status"] for e in entries] == [503, 503, 201]


def raw_post(sandbox, path, body, token, key):
    """Sends a request and reports whether the connection was dropped."""
    conn = http.client.HTTPSConnection("localhost", sandbox.port, context=sandbox.ctx, timeout=10)
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Authorization": "Bearer " + token,
                                                                  "Content-Type": "application/json",
                                                                  "Idempotency-Key": key})
        return conn.getresponse().status
    except (http.client.RemoteDisconnected, ConnectionError, ssl.SSLError):
        return None
    finally:
        conn.close()


def test_close_before_and_after_commit(sandbox, customer):
    path = "/v1/invoice-requests"
    body = application(customer["bills"][:1])
    key = str(uuid.uuid4())
    sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": path, "action": "CLOSE_BEFORE_COMMIT"})
    assert raw_post(sandbox, path, body, customer["token"], key) is None
    assert sandbox.call("GET", "/v1/invoice-requests", token=customer["token"]).json["data"] == []  # not executed
    sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": path, "action": "CLOSE_AFTER_COMMIT"})
    assert raw_post(sandbox, path, body, customer["token"], key) is None
    created = sandbox.call("GET", "/v1/invoice-requests", token=customer["token"]).json["data"]
    assert len(created) == 1  # executed and committed
    r = sandbox.call("POST", path, body, token=customer["token"], headers={"Idempotency-Key": key})
    assert r.status == 201 and r.headers["idempotent-replayed"] == "true" and r.json["id"] == created[0]["id"]
    statuses = [e["status"] for e in sandbox.op("GET", "/sandbox/journal?path=" + path).json["data"]
                if e["idempotency_key"] == key]
    assert statuses == [0, 0, 201]


def test_operator_api_needs_the_operator_token(sandbox, customer):
    for method, path in (("GET", "/sandbox/outbox"), ("POST", "/sandbox/clock"), ("GET", "/sandbox/journal")):
        assert sandbox.call(method, path).code == "UNAUTHENTICATED"
        assert sandbox.call(method, path, token=customer["token"]).code == "UNAUTHENTICATED"
    r = sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": "/v1/bills", "action": "EXPLODE"})
    assert r.fields() == [("action", "INVALID_VALUE")]
    assert sandbox.op("DELETE", "/sandbox/faults").status == 204


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_tls_is_verified_and_old_versions_refused(sandbox):
    untrusting = ssl.create_default_context()  # system roots do not know the sandbox CA
    conn = http.client.HTTPSConnection("localhost", sandbox.port, context=untrusting, timeout=5)
    with pytest.raises(ssl.SSLCertVerificationError):
        conn.request("GET", "/v1/announcements")
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.load_verify_locations(str(sandbox.data / "ca.pem"))
    old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    try:
        old.maximum_version = ssl.TLSVersion.TLSv1_1  # deprecated in Python, which is the point
        old.set_ciphers("ALL:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        pytest.skip("this OpenSSL cannot even offer TLS 1.1")
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as raw:
        # The server's own refusal: a protocol_version alert, not a client-side limit.
        with pytest.raises(ssl.SSLError, match="(?i)alert protocol version"):
            old.wrap_socket(raw, server_hostname="localhost")
    # 127.0.0.1 is in the certificate too.
    assert sandbox.call("GET", "/v1/announcements", host="127.0.0.1").code == "UNAUTHENTICATED"


def test_restart_keeps_everything(make_sandbox):
    sb = make_sandbox()
    c = sb.customer()
    email = "restart." + c["customer_id"] + "@example.cn"
    token = sb.signed_in(c["order_ids"][0], email)
    key = str(uuid.uuid4())
    created = sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token,
                      headers={"Idempotency-Key": key})
    sb.advance(3600)
    clock = sb.now()
    ca_before = (sb.data / "ca.pem").read_bytes()
    assert sb.restart().operator_token
    assert (sb.data / "ca.pem").read_bytes() == ca_before
    assert sb.now() == clock
    assert sb.call("GET", "/v1/account", token=token).status == 200  # sessions survive
    again = sb.call("POST", "/v1/invoice-requests", application(c["bills"]), token=token, headers={"Idempotency-Key": key})
    assert again.raw == created.raw and again.headers["idempotent-replayed"] == "true"
    assert len(sb.call("GET", "/v1/invoice-requests", token=token).json["data"]) == 1
    assert (sb.data / "outbox").is_dir() and list((sb.data / "outbox").glob("*.eml"))


def test_sigint_shuts_down_cleanly(make_sandbox):
    import signal
    sb = make_sandbox()
    assert sb.stop(signal.SIGINT) == 0


def test_own_certificate_and_system_clock(make_sandbox, tmp_path):
    first = make_sandbox()
    cert, key = first.data / "server.pem", first.data / "server-key.pem"
    sb = make_sandbox("--tls-cert", str(cert), "--tls-key", str(key), "--clock", "system")
    # Verified with the first sandbox's CA, which signed the certificate given.
    sb.ctx = ssl.create_default_context(cafile=str(first.data / "ca.pem"))
    clock = sb.op("GET", "/sandbox/clock").json
    assert clock["mode"] == "system"
    r = sb.op("POST", "/sandbox/clock", {"advance_seconds": 60})
    assert (r.status, r.code) == (409, "CLOCK_NOT_VIRTUAL")


# ---- The document itself --------------------------------------------------

def operations():
    from sandbox_harness import SPEC
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_every_post_declares_idempotency_and_every_response_its_headers():
    from sandbox_harness import CONTRACT
    for path, method, op in operations():
        params = {(CONTRACT.resolve(p["$ref"]) if "$ref" in p else p)["name"] for p in op.get("parameters", [])}
        assert "X-Client-Request-Id" in params, f"{method} {path}"
        if method == "post":
            assert "Idempotency-Key" in params, f"{method} {path}"
            assert "409" in op["responses"], f"{method} {path} can answer IDEMPOTENCY_KEY_REUSED/IN_USE"
        for status, response in op["responses"].items():
            if "$ref" in response:
                response = CONTRACT.resolve(response["$ref"])
            headers = response.get("headers", {})
            assert "Request-Id" in headers, f"{method} {path} {status}"
            if status in ("429", "503"):
                assert "Retry-After" in headers, f"{method} {path} {status}"


def test_the_checker_refuses_what_the_document_does_not_say():
    import jsonschema
    from sandbox_harness import CONTRACT
    bill = {"id": "b", "order_id": "o", "subscription_name": "s", "amount_fen": 1, "currency": "CNY",
            "paid_at": "2026-11-13T10:00:00+08:00", "available_at": "2026-11-16T10:00:00+08:00",
            "payment_method": "ALIPAY", "payer_name": "p", "state": "UNINVOICED", "invoice_request_id": None,
            "parent_bill_id": None, "child_bill_ids": []}
    CONTRACT.validate("GET", "/v1/bills/b", 200, bill)
    with pytest.raises(jsonschema.ValidationError, match="ammount_fen"):
        CONTRACT.validate("GET", "/v1/bills/b", 200, {**bill, "ammount_fen": 1})  # a typo is an unknown field
    profile = {"kind": "VAT_ORDINARY", "buyer": {"type": "INDIVIDUAL", "name": "张三"},
               "delivery": {"method": "EMAIL", "email": "a@example.cn"}}
    with pytest.raises(jsonschema.ValidationError, match="required"):
        CONTRACT.validate("GET", "/v1/invoice-profile", 200, profile)  # nested objects carry every field
    with pytest.raises(AssertionError, match="request-id"):
        CONTRACT.check_headers("GET", "/v1/bills/b", 200, {})
    with pytest.raises(AssertionError, match="retry-after"):
        CONTRACT.check_headers("GET", "/v1/bills/b", 200, {"request-id": "r", "retry-after": "1"})
    with pytest.raises(AssertionError, match="idempotent-replayed"):
        CONTRACT.check_headers("GET", "/v1/bills/b", 200, {"request-id": "r", "idempotent-replayed": "true"})
    with pytest.raises(AssertionError, match="Retry-After|retry-after"):
        CONTRACT.check_headers("GET", "/v1/bills/b", 503, {"request-id": "r"})
