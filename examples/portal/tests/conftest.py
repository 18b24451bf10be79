"""Fixtures for the portal's own tests: the staged fapiao package and the
portal on sys.path, a portal app on a fresh data dir (Flask's test client,
over https so its Secure cookie comes back), and, for the tests that need the
service, a sandbox from the contract suite's harness."""

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "examples" / "portal"))
sys.path.insert(0, str(ROOT / "tests" / "contract"))
if os.environ.get("FAPIAO_PYTHON_PATH"):
    sys.path.insert(0, os.environ["FAPIAO_PYTHON_PATH"])

from portal import Config, create_app  # noqa: E402
from portal.app import portal as portal_of  # noqa: E402


@pytest.fixture(scope="module")
def sandbox():
    from sandbox_harness import running_sandbox
    with running_sandbox("fapiao-portal-") as sb:
        yield sb


def make_app(tmp_path, endpoint="https://localhost:1", ca_file=None):
    app = create_app(Config(fapiao_endpoint=endpoint, ca_file=ca_file, data_dir=tmp_path / "portal",
                            public_url="http://localhost:9", reconcile_on_start=False))
    app.testing = True
    return app


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def form_of(application: dict) -> dict:
    """The apply form's inputs for an application in the contract's JSON shape."""
    form = {"kind": application["kind"], "bill_ids": application["bill_ids"]}
    for part in ("buyer", "delivery"):
        form.update({f"{part}.{k}": v for k, v in application[part].items()})
    return form


class Browser:
    """Flask's test client with the portal's CSRF token carried along."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        self.csrf = ""

    def get(self, path, **kw):
        r = self.http.get(path, base_url="https://localhost", **kw)
        found = re.search(r'name="csrf_token" value="([^"]+)"', r.get_data(as_text=True))
        if found:
            self.csrf = found.group(1)
        return r

    def post(self, path, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf)
        return self.http.post(path, data=data, base_url="https://localhost", **kw)

    def sign_up(self, username="alice"):
        self.get("/signup")
        r = self.post("/signup", {"username": username, "password": "portal-pass-1"})
        assert r.status_code == 302, r.get_data(as_text=True)
        self.set_cookie = " ".join(r.headers.getlist("Set-Cookie"))
        return self

    @property
    def portal(self):
        with self.app.app_context():
            return portal_of()


@pytest.fixture
def linked(sandbox, tmp_path):
    """A portal user whose fapiao account (two synced bills) is linked and signed in."""
    customer = sandbox.customer(payments=((100000, 10), (50000, 11)))
    email = f"portal.{customer['customer_id']}@example.cn"
    token = sandbox.signed_in(customer["order_ids"][0], email)
    b = Browser(make_app(tmp_path, f"https://localhost:{sandbox.port}", str(sandbox.data / "ca.pem"))).sign_up()
    b.get("/link/signin")
    r = b.post("/link/signin", {"email": email, "password": "passw0rd-1"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/bills"), r.get_data(as_text=True)
    b.user_id = b.portal.store.user_by_name("alice").id
    b.email = email
    b.bill_ids = [bill["id"] for bill in sandbox.call("GET", "/v1/bills", token=token).json["data"]]
    b.service_token = token
    return b
