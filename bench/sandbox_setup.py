"""A benchmark customer in a running sandbox, made over plain HTTPS with the
standard library (so the Python comparisons do not lean on the SDK for it)."""

import datetime
import http.client
import json
import ssl
import uuid
from urllib.parse import urlsplit


class Sandbox:
    def __init__(self, endpoint, ca_file, operator_token_file):
        parts = urlsplit(endpoint)
        self.endpoint = endpoint
        self.ca_file = ca_file
        self.host, self.port = parts.hostname, parts.port
        with open(operator_token_file, encoding="utf-8") as f:
            self.operator_token = f.read().strip()
        self._context = ssl.create_default_context(cafile=ca_file)

    def call(self, method, path, body=None, token=None, headers=None):
        connection = http.client.HTTPSConnection(self.host, self.port, context=self._context, timeout=60)
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = "Bearer " + token
        connection.request(method, path, body=None if body is None else json.dumps(body), headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path} -> {response.status}: {data[:300]!r}")
        return data

    def call_json(self, method, path, body=None, token=None, headers=None):
        data = self.call(method, path, body, token, headers)
        return json.loads(data) if data else None

    def customer(self, bills=1, with_request=True, password="bench-passw0rd"):
        """Returns (email, password, session token, first bill id, request id or None)."""
        suffix = uuid.uuid4().hex[:10]
        order = f"ORD-PYB-{suffix}"
        email = f"pyb{suffix}@example.cn"
        op = self.operator_token
        self.call_json("POST", "/sandbox/orders", {"order_id": order, "customer_id": f"cus_pyb_{suffix}",
                                                   "payer_name": "上海示例科技有限公司",
                                                   "subscription_id": f"sub_{suffix}",
                                                   "subscription_name": "Azure 订阅"}, token=op)
        now = datetime.datetime.fromisoformat(self.call_json("GET", "/sandbox/clock", token=op)["now"])
        paid = (now - datetime.timedelta(days=5)).isoformat()
        self.call_json("POST", "/sandbox/payments/batch",
                       {"order_id": order, "amount_fen": 1500, "count": bills, "paid_at": paid}, token=op)
        self.call_json("POST", "/v1/accounts", {"email": email, "password": password, "order_id": order})
        mails = self.call_json("GET", "/sandbox/outbox?to=" + email, token=op)["data"]
        activation = [m for m in mails if m["kind"] == "ACTIVATION"][-1]["token"]
        self.call_json("POST", "/v1/accounts/activation", {"token": activation})
        session = self.call_json("POST", "/v1/sessions", {"email": email, "password": password})["token"]
        bill = self.call_json("GET", "/v1/bills?limit=1", token=session)["data"][0]["id"]
        request_id = None
        if with_request:
            application = {"kind": "DIGITAL_ORDINARY", "bill_ids": [bill],
                           "buyer": {"type": "INDIVIDUAL", "name": "张三"},
                           "delivery": {"method": "EMAIL", "email": "zhang@example.cn"}}
            request_id = self.call_json("POST", "/v1/invoice-requests", application, token=session,
                                        headers={"Idempotency-Key": uuid.uuid4().hex})["id"]
        return email, password, session, bill, request_id
