"""Fixtures of the contract suite; the harness itself is sandbox_harness.py."""

import tempfile

import pytest

from sandbox_harness import (SHANGHAI, Sandbox, running_sandbox, application, courier, email_delivery,  # noqa: F401 (re-exported)
                             enterprise_buyer, pickup, special_buyer)


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox("fapiao-contract-") as sb:
        yield sb


@pytest.fixture
def make_sandbox():
    """Starts extra sandboxes with their own flags (stopped at teardown)."""
    started = []
    dirs = []

    def make(*flags):
        d = tempfile.TemporaryDirectory(prefix="fapiao-contract-")
        dirs.append(d)
        sb = Sandbox(d.name, *flags).start()
        started.append(sb)
        return sb

    yield make
    for sb in started:
        sb.stop()
    for d in dirs:
        d.cleanup()


