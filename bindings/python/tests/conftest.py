"""Fixtures for the Python package's tests: a sandbox of their own (the
contract suite's harness starts it and speaks the operator API) and the
staged package on sys.path (FAPIAO_PYTHON_PATH, set by CTest)."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "contract"))
if os.environ.get("FAPIAO_PYTHON_PATH"):
    sys.path.insert(0, os.environ["FAPIAO_PYTHON_PATH"])

from sandbox_harness import running_sandbox  # noqa: E402

import fapiao  # noqa: E402


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox("fapiao-py-") as sb:
        yield sb


@pytest.fixture
def client(sandbox):
    with fapiao.Client(f"https://localhost:{sandbox.port}", ca_file=str(sandbox.data / "ca.pem"),
                       backoff_base=0.02, use_environment_proxy=False) as c:
        yield c


@pytest.fixture
def customer(sandbox, client):
    """A signed-in customer with three visible bills and one still syncing."""
    c = sandbox.customer(payments=((100000, 10), (50000, 11), (20000, 12), (500, 1)))
    c["email"] = f"py.{c['customer_id']}@example.cn"
    sandbox.signed_in(c["order_ids"][0], c["email"])
    c["session"] = client.sign_in(c["email"], "passw0rd-1")
    return c


def enterprise(name="上海示例科技有限公司"):
    return fapiao.Buyer(type=fapiao.BuyerType.ORGANIZATION, organization_kind=fapiao.OrganizationKind.ENTERPRISE,
                        name=name, taxpayer_id="91330106673959654P")


def pickup():
    return fapiao.Delivery(method=fapiao.DeliveryMethod.SELF_PICKUP, recipient="王小明", mobile="13800138000")
