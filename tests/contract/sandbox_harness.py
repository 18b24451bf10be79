"""Sandbox harness shared by the contract suite and the Python binding tests: starts fapiao-sandbox on a free loopback port with a
temporary data dir and talks to it over real HTTPS with certificate
verification on (the sandbox's own CA). Every JSON response is validated
against api/openapi.yaml. Standard library only on the HTTP side, no SDK code."""

import contextlib
import datetime
import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]
SANDBOX_BIN = os.environ.get("FAPIAO_SANDBOX_BIN", str(ROOT / "build/dev/sandbox/fapiao-sandbox"))
SPEC = yaml.safe_load((ROOT / "api/openapi.yaml").read_text(encoding="utf-8"))
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@contextlib.contextmanager
def running_sandbox(prefix, *flags):
    """A sandbox on a temporary data dir, stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        sb = Sandbox(tmp, *flags).start()
        try:
            yield sb
        finally:
            sb.stop()


def refusing_unknown_properties(node):
    """The spec with every object schema closed (additionalProperties: false,
    where it says nothing else), so a field the document does not name - a
    typo shared by the client and the sandbox - fails validation. Clients
    still tolerate unknown fields; this strictness is the contract suite's."""
    if isinstance(node, list):
        return [refusing_unknown_properties(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: refusing_unknown_properties(v) for k, v in node.items()}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


class Contract:
    """Finds the documented schema of a response and validates it, unknown
    properties refused."""

    def __init__(self, spec):
        spec = refusing_unknown_properties(spec)
        self.spec = spec
        self.routes = []
        for template, item in spec["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
            self.routes.append((pattern, template, item))
        self.resolver = jsonschema.RefResolver("", spec)
        self.checked = 0

    # The protocol headers the suite checks both ways: each one the sandbox
    # sends must be declared on that response, and a declared required one
    # must be sent.
    TRACKED_HEADERS = ("request-id", "retry-after", "idempotent-replayed", "x-client-request-id")

    def operation_for(self, method, path):
        for pattern, template, item in self.routes:
            if pattern.match(path) and method.lower() in item:
                return template, item[method.lower()]
        return None, None  # an undocumented path: the caller expects a 404/405

    def response_for(self, method, path, status):
        template, op = self.operation_for(method, path)
        if op is None:
            return None, None
        response = op["responses"].get(str(status))
        if response is None:
            raise AssertionError(f"{method} {template} answered {status}, which the contract does not list")
        if "$ref" in response:
            response = self.resolve(response["$ref"])
        return template, response

    def schema_for(self, method, path, status):
        _, response = self.response_for(method, path, status)
        if response is None:
            return None
        return response.get("content", {}).get("application/json", {}).get("schema")

    def resolve(self, ref):
        node = self.spec
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def check_request(self, method, path, request_headers):
        """Every protocol header the suite sends is a declared parameter of the operation."""
        template, op = self.operation_for(method, path)
        if op is None:
            return
        declared = {self.resolve(p["$ref"])["name"].lower() if "$ref" in p else p["name"].lower()
                    for p in op.get("parameters", [])}
        for name in ("idempotency-key", "x-client-request-id"):
            if name in request_headers and name not in declared:
                raise AssertionError(f"{method} {template} takes {name}, which the contract does not declare")

    def check_headers(self, method, path, status, headers):
        template, response = self.response_for(method, path, status)
        if response is None:
            return
        declared = {}
        for name, header in (response.get("headers") or {}).items():
            declared[name.lower()] = self.resolve(header["$ref"]) if "$ref" in header else header
        for name, header in declared.items():
            if header.get("required") and name not in headers:
                raise AssertionError(f"{method} {template} {status} lacks the required header {name}")
        for name in self.TRACKED_HEADERS:
            if name not in headers:
                continue
            if name not in declared:
                raise AssertionError(f"{method} {template} {status} sent {name}, which the contract does not declare")
            schema = declared[name].get("schema", {})
            value = headers[name]
            if schema.get("type") == "integer":
                assert value.isdigit(), f"{name}: {value!r} is not a whole number"
                value = int(value)
            jsonschema.Draft202012Validator(schema).validate(value)

    def validate(self, method, path, status, body, headers=None, request_headers=None):
        if request_headers is not None:
            self.check_request(method, path, request_headers)
        if headers is not None:
            self.check_headers(method, path, status, headers)
        schema = self.schema_for(method, path, status)
        if schema is None or body is None:
            return
        jsonschema.Draft202012Validator(schema, resolver=self.resolver).validate(body)
        self.checked += 1


CONTRACT = Contract(SPEC)


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        ctype = headers.get("content-type", "")
        self.json = json.loads(raw) if raw and ctype.startswith("application/json") else None

    @property
    def code(self):
        return (self.json or {}).get("error", {}).get("code")

    def fields(self):
        return [(f["field"], f["code"]) for f in (self.json or {}).get("error", {}).get("details", {}).get("fields", [])]

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


class Sandbox:
    def __init__(self, tmp, *flags):
        self.dir = Path(tmp)
        self.data = self.dir / "data"
        self.flags = list(flags)
        self.proc = None
        self.port = None
        self.log = None

    def start(self):
        port_file = self.dir / "port"
        if port_file.exists():
            port_file.unlink()
        self.log = open(self.dir / "sandbox.log", "ab")
        self.proc = subprocess.Popen(
            [SANDBOX_BIN, "--data", str(self.data), "--listen", "127.0.0.1:0", "--port-file", str(port_file),
             "--password-hash-iterations", "1000", *self.flags],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while not port_file.exists():
            if self.proc.poll() is not None:
                raise RuntimeError("sandbox exited: " + (self.dir / "sandbox.log").read_text())
            if time.time() > deadline:
                raise RuntimeError("sandbox did not start")
            time.sleep(0.02)
        self.port = int(port_file.read_text())
        ca = self.data / "ca.pem"  # absent when the sandbox runs on --tls-cert/--tls-key
        self.ctx = ssl.create_default_context(cafile=str(ca)) if ca.exists() else ssl.create_default_context()
        self.operator_token = (self.data / "operator-token").read_text().strip()
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=20)
        if self.log:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def restart(self):
        self.stop()
        return self.start()

    # --- HTTP -----------------------------------------------------------
    def call(self, method, path, body=None, token=None, headers=None, raw_body=None, host="localhost",
             validate=True):
        conn = http.client.HTTPSConnection(host, self.port, context=self.ctx, timeout=30)
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        conn.close()
        assert "request-id" in resp.headers, f"no Request-Id on {method} {path}"
        if resp.json is not None and "error" in resp.json and isinstance(resp.json["error"], dict):
            assert resp.json["error"]["request_id"] == resp.headers["request-id"]
        if validate:
            CONTRACT.validate(method, path.split("?")[0], resp.status, resp.json, resp.headers,
                              {k.lower(): v for k, v in h.items()})
        return resp

    def op(self, method, path, body=None, **kw):
        return self.call(method, path, body, token=self.operator_token, **kw)

    # --- scenario helpers ---------------------------------------------
    def now(self):
        return datetime.datetime.fromisoformat(self.op("GET", "/sandbox/clock").json["now"])

    def set_clock(self, when):
        r = self.op("POST", "/sandbox/clock", {"now": when.isoformat()})
        assert r.status == 200, r
        return r

    def advance(self, seconds):
        r = self.op("POST", "/sandbox/clock", {"advance_seconds": int(seconds)})
        assert r.status == 200, r

    def customer(self, payer="上海示例科技有限公司", payments=((100000, 10),), orders=1):
        """A customer with `orders` orders; each payment is (amount fen, days ago)."""
        cid = "cus_" + uuid.uuid4().hex[:10]
        order_ids, bills = [], []
        now = self.now()
        for n in range(orders):
            oid = f"ORD-{uuid.uuid4().hex[:10].upper()}"
            r = self.op("POST", "/sandbox/orders", {"order_id": oid, "customer_id": cid, "payer_name": payer,
                                                    "subscription_id": f"sub_{oid}", "subscription_name": f"Azure 订阅 {n}"})
            assert r.status == 201, r
            order_ids.append(oid)
            for amount, days_ago in payments:
                paid = now - datetime.timedelta(days=days_ago)
                r = self.op("POST", "/sandbox/payments", {"order_id": oid, "amount_fen": amount,
                                                          "paid_at": paid.isoformat()})
                assert r.status == 201, r
                bills.append(r.json["id"])
        return {"customer_id": cid, "order_ids": order_ids, "bills": bills}

    def last_mail(self, to, kind=None):
        mails = [m for m in self.op("GET", "/sandbox/outbox?to=" + to).json["data"] if kind is None or m["kind"] == kind]
        return mails[-1] if mails else None

    def register(self, order_id, email=None, password="passw0rd-1"):
        email = email or f"{uuid.uuid4().hex[:8]}@example.cn"
        r = self.call("POST", "/v1/accounts", {"email": email, "password": password, "order_id": order_id})
        assert r.status == 201, r
        return email

    def signed_in(self, order_id, email=None, password="passw0rd-1"):
        email = self.register(order_id, email, password)
        token = self.last_mail(email, "ACTIVATION")["token"]
        assert self.call("POST", "/v1/accounts/activation", {"token": token}).status == 200
        r = self.call("POST", "/v1/sessions", {"email": email, "password": password})
        assert r.status == 201, r
        return r.json["token"]




def enterprise_buyer(name="上海示例科技有限公司"):
    return {"type": "ORGANIZATION", "organization_kind": "ENTERPRISE", "name": name,
            "taxpayer_id": "91330106673959654P"}


def special_buyer(name="上海示例科技有限公司"):
    b = enterprise_buyer(name)
    b.update({"address": "上海市浦东新区科苑路88号", "phone": "021-28986102", "bank_name": "中国工商银行上海张江支行",
              "bank_account": "1001234567890123"})
    return b


def courier(method="YUNDA"):
    return {"method": method, "recipient": "王小明", "mobile": "+86 138 0013 8000", "province": "上海市",
            "city": "上海市", "district": "浦东新区", "street": "科苑路88号", "postal_code": "201203"}


def pickup():
    return {"method": "SELF_PICKUP", "recipient": "王小明", "mobile": "13800138000"}


def email_delivery(addr="finance@example.cn"):
    return {"method": "EMAIL", "email": addr}


def application(bills, kind="VAT_ORDINARY", buyer=None, delivery=None, **extra):
    body = {"kind": kind, "bill_ids": list(bills), "buyer": buyer or enterprise_buyer(),
            "delivery": delivery or (email_delivery() if kind.startswith("DIGITAL") else courier())}
    body.update(extra)
    return body
