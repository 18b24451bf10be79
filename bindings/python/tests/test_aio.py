"""fapiao.aio against a real sandbox: the operations as coroutines, async
pagers, errors as the same exception classes, a cancelled task cancelling the
call on the wire, and 1 000 calls in flight from one event-loop thread."""

import asyncio
import time

import fapiao
import fapiao.aio
import pytest
from conftest import enterprise, pickup


def aio_client(sandbox, **options):
    return fapiao.aio.Client(f"https://localhost:{sandbox.port}", ca_file=str(sandbox.data / "ca.pem"),
                             backoff_base=0.02, use_environment_proxy=False, **options)


def test_the_customer_guide_as_coroutines(sandbox):
    c = sandbox.customer(payments=((100000, 10), (50000, 11), (500, 1)))
    email = f"aio.{c['customer_id']}@example.cn"

    async def walk():
        async with aio_client(sandbox) as client:
            account = await client.register_account(email, "passw0rd-1", c["order_ids"][0])
            assert account.status == fapiao.AccountStatus.PENDING_ACTIVATION
            await client.activate_account(sandbox.last_mail(email, "ACTIVATION")["token"])
            session = await client.sign_in(email, "passw0rd-1")
            assert (await client.get_account(session)).email == email
            bills = [b async for b in client.bills(session, page_size=1)]  # two pages of one
            assert sorted(b.amount_fen for b in bills) == [50000, 100000]
            with pytest.raises(fapiao.errors.NotFoundError):
                await client.invoice_profile(session)
            app = fapiao.InvoiceApplication(kind=fapiao.InvoiceKind.VAT_ORDINARY, bill_ids=[bills[0].id],
                                            buyer=enterprise(), delivery=pickup())
            preview = await client.preview_invoice_request(session, app)
            assert preview.net_fen + preview.tax_fen == bills[0].amount_fen
            created = await client.create_invoice_request(session, app)
            assert created.status == fapiao.RequestStatus.SUBMITTED
            assert (await client.get_invoice_request(session, created.id)).id == created.id
            assert [r.id async for r in client.invoice_requests(session)] == [created.id]
            assert (await client.cancel_invoice_request(session, created.id)).status == fapiao.RequestStatus.CANCELLED
            events = [e async for e in client.events(session)]
            assert {str(e.type) for e in events} >= {"invoice_request.created", "invoice_request.status_changed"}
            assert isinstance(events[0].data.object, (fapiao.InvoiceRequest, fapiao.Bill))
            endpoint = await client.create_webhook_endpoint(session, "http://127.0.0.1:9/hook", ["*"])
            assert endpoint.secret and (await client.get_webhook_endpoint(session, endpoint.id)).id == endpoint.id
            await client.delete_webhook_endpoint(session, endpoint.id)
            await client.sign_out(session)
            with pytest.raises(fapiao.errors.AuthenticationError):
                await client.get_account(session)

    asyncio.run(walk())


def test_local_validation_raises_before_anything_is_sent(sandbox, customer):
    async def bad():
        async with aio_client(sandbox) as client:
            with pytest.raises(fapiao.errors.InvalidRequestError) as raised:
                await client.create_invoice_request(customer["session"], fapiao.InvoiceApplication())
            assert {f.field for f in raised.value.field_errors} >= {"kind", "bill_ids"}

    asyncio.run(bad())


def test_cancelling_the_task_cancels_the_call_on_the_wire(sandbox, customer):
    bill = customer["bills"][0]
    path = f"/v1/bills/{bill}"
    sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": path, "action": "DELAY", "count": 1,
                                           "delay_ms": 5000})

    async def cancel_it():
        async with aio_client(sandbox) as client:
            task = asyncio.create_task(client.get_bill(customer["session"], bill))
            await asyncio.sleep(0.3)
            started = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return time.monotonic() - started

    try:
        assert asyncio.run(cancel_it()) < 1.0
        time.sleep(5.2)  # past the delay: no retry was sent after the cancel
        journal = sandbox.op("GET", f"/sandbox/journal?method=GET&path={path}").json["data"]
        assert len(journal) == 1
    finally:
        sandbox.op("DELETE", "/sandbox/faults")


def test_a_thousand_calls_in_flight_from_one_event_loop_thread(sandbox, customer):
    session, bill = customer["session"], customer["bills"][0]

    async def many():
        async with aio_client(sandbox, pool_size=64) as client:
            results = await asyncio.gather(*(client.get_bill(session, bill) for _ in range(1000)))
            return results

    results = asyncio.run(many())
    assert len(results) == 1000 and all(r.id == bill for r in results)


def test_the_loop_keeps_running_while_calls_are_in_flight(sandbox, customer):
    """Nothing blocks the event loop: a ticker keeps ticking while calls wait at the sandbox."""
    bill = customer["bills"][0]
    sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": f"/v1/bills/{bill}", "action": "DELAY",
                                           "count": 4, "delay_ms": 400})

    async def tick_while_waiting():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.02)
                ticks += 1

        async with aio_client(sandbox) as client:
            ticking = asyncio.create_task(ticker())
            await asyncio.gather(*(client.get_bill(customer["session"], bill) for _ in range(4)))
            ticking.cancel()
        return ticks

    try:
        assert asyncio.run(tick_while_waiting()) >= 10
    finally:
        sandbox.op("DELETE", "/sandbox/faults")


CLOSE_RIGHT_AFTER = """
import asyncio, logging, sys
import fapiao.aio
endpoint, ca, email, close = sys.argv[1:5]

async def main():
    client = fapiao.aio.Client(endpoint, ca_file=ca, use_environment_proxy=False, logger=logging.getLogger("x"))
    try:
        await client.sign_in(email, "wrong-password-1")
    except fapiao.errors.AuthenticationError:
        pass
    return client

client = asyncio.run(main())
if close == "close":
    client.close()  # the I/O thread may still be handing the last completion over
    del client
print("done")
"""


@pytest.mark.parametrize("close", ["close", "keep"])
def test_closing_right_after_a_call_neither_hangs_nor_aborts(sandbox, tmp_path, close):
    """The last reference to a client joins its I/O thread with the GIL released,
    and that thread never takes the GIL while the interpreter shuts down."""
    import os
    import subprocess
    import sys
    script = tmp_path / "close_right_after.py"
    script.write_text(CLOSE_RIGHT_AFTER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for _ in range(8):
        done = subprocess.run([sys.executable, str(script), f"https://localhost:{sandbox.port}",
                               str(sandbox.data / "ca.pem"), "nobody@example.cn", close],
                              capture_output=True, text=True, env=env, timeout=30)
        assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr


def test_the_remaining_operations_as_coroutines(sandbox):
    c = sandbox.customer(payments=((100000, 10), (50000, 11)))
    email = f"aio2.{c['customer_id']}@example.cn"
    sandbox.signed_in(c["order_ids"][0], email)

    async def walk():
        async with aio_client(sandbox) as client:
            session = await client.sign_in(email, "passw0rd-1")
            assert [s.order_id async for s in client.subscriptions(session)] == c["order_ids"]
            bills = [b async for b in client.bills(session)]
            bill = await client.get_bill(session, bills[0].id)
            app = fapiao.InvoiceApplication(kind=fapiao.InvoiceKind.DIGITAL_ORDINARY, bill_ids=[bill.id],
                                            buyer=enterprise(), delivery=fapiao.Delivery(
                                                method=fapiao.DeliveryMethod.EMAIL, email="finance@example.cn"))
            request = await client.create_invoice_request(session, app)
            for status in ("PROCESSING", "ISSUED"):
                sandbox.op("POST", f"/sandbox/invoice-requests/{request.id}/advance", {"status": status})
            document = await client.download_invoice_document(session, request.id)
            assert bytes(document.data)[:5] == b"%PDF-"
            changed = await client.request_title_change(session, request.id, enterprise("上海另一家公司"), "新抬头")
            assert changed.replaced_by_request_id
            assert (await client.invoice_profile(session)).kind == fapiao.InvoiceKind.DIGITAL_ORDINARY
            _ = [a async for a in client.announcements(session)]
            ticket = await client.create_support_ticket(session, fapiao.NewSupportTicket(
                type=fapiao.TicketType.SPLIT_BILL, bill_ids=[bills[1].id], split_amounts_fen=[30000, 20000]))
            assert (await client.get_support_ticket(session, ticket.id)).id == ticket.id
            assert [t.id async for t in client.support_tickets(session)] == [ticket.id]
            event = [e async for e in client.events(session, type="invoice_request.created")][0]
            assert (await client.get_event(session, event.id)).id == event.id
            endpoint = await client.create_webhook_endpoint(session, "http://127.0.0.1:9/hook", ["*"])
            assert [e.id async for e in client.webhook_endpoints(session)] == [endpoint.id]
            assert (await client.update_webhook_endpoint(session, endpoint.id, description="aio")).description == "aio"
            assert (await client.rotate_webhook_secret(session, endpoint.id)).secret != endpoint.secret
            await client.resend_activation("nobody@example.cn")  # always accepted
            assert (await client.change_email(session, "new." + email, "passw0rd-1")).email == "new." + email
            await client.change_password(session, "passw0rd-1", "passw0rd-2")
            await client.reset_password("new." + email)
            assert sandbox.last_mail("new." + email, "NEW_PASSWORD")

    asyncio.run(walk())


def test_many_creates_in_flight_under_faults_apply_exactly_once(sandbox):
    c = sandbox.customer(payments=tuple((100 + i, 10) for i in range(30)))
    email = f"aio3.{c['customer_id']}@example.cn"
    sandbox.signed_in(c["order_ids"][0], email)
    for action in ("STATUS_503", "CLOSE_AFTER_COMMIT", "CLOSE_BEFORE_COMMIT"):
        sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": "/v1/invoice-requests", "action": action,
                                               "count": 3, "retry_after_seconds": 0})

    async def apply_all():
        async with aio_client(sandbox, retries=8) as client:
            session = await client.sign_in(email, "passw0rd-1")
            bills = [b async for b in client.bills(session, page_size=100)]
            apps = [fapiao.InvoiceApplication(kind=fapiao.InvoiceKind.VAT_ORDINARY, bill_ids=[b.id],
                                              buyer=enterprise(), delivery=pickup()) for b in bills]
            created = await asyncio.gather(*(client.create_invoice_request(session, a) for a in apps))
            stored = [r async for r in client.invoice_requests(session, page_size=100)]
            return bills, created, stored

    try:
        bills, created, stored = asyncio.run(apply_all())
    finally:
        sandbox.op("DELETE", "/sandbox/faults")
    assert len(created) == len(bills) == 30
    assert len(stored) == 30 and len({b for r in stored for b in r.bill_ids}) == 30  # none twice


def test_a_deadline_ends_the_call_with_timeout(sandbox, customer):
    bill = customer["bills"][0]
    sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": f"/v1/bills/{bill}", "action": "DELAY",
                                           "count": 4, "delay_ms": 3000})

    async def late():
        async with aio_client(sandbox) as client:
            started = time.monotonic()
            with pytest.raises(fapiao.errors.DeadlineExceededError):
                await client.get_bill(customer["session"], bill, timeout=0.5)
            return time.monotonic() - started

    try:
        assert asyncio.run(late()) < 2.0
    finally:
        sandbox.op("DELETE", "/sandbox/faults")
