"""The Python package against a real sandbox: every operation, every error
class, paging, threads, sessions as values, unknown enum values."""

import pickle
import signal
import subprocess
import sys
import threading
import time

import pytest

import fapiao
from conftest import enterprise, pickup


def application(bills, **kw):
    return fapiao.InvoiceApplication(kind=kw.pop("kind", fapiao.InvoiceKind.VAT_ORDINARY), bill_ids=list(bills),
                                     buyer=kw.pop("buyer", enterprise()), delivery=kw.pop("delivery", pickup()), **kw)


def test_customer_guide_through_the_package(sandbox, client):
    c = sandbox.customer(payments=((100000, 10), (500, 1)))
    email = f"guide.{c['customer_id']}@example.cn"
    account = client.register_account(email, "passw0rd-1", c["order_ids"][0])
    assert account.status is fapiao.AccountStatus.PENDING_ACTIVATION
    assert client.activate_account(sandbox.last_mail(email, "ACTIVATION")["token"]).status == "ACTIVE"
    session = client.sign_in(email, "passw0rd-1")
    assert session.account.email == email and not session.must_change_password
    assert [s.order_id for s in client.subscriptions(session)] == c["order_ids"]
    bills = list(client.bills(session, state="UNINVOICED"))
    assert [b.id for b in bills] == c["bills"][:1]
    assert bills[0].amount_fen == 100000 and bills[0].paid_at.tzinfo is not None
    preview = client.preview_invoice_request(session, application(c["bills"][:1]))
    assert (preview.total_fen, preview.net_fen, preview.tax_fen) == (100000, 94340, 5660)
    request = client.create_invoice_request(session, application(c["bills"][:1]), idempotency_key="py-" + c["bills"][0])
    assert request.status is fapiao.RequestStatus.SUBMITTED and request.status_label == "已提交"
    for status in ("PROCESSING", "PRINTED", "READY_FOR_PICKUP"):
        sandbox.op("POST", f"/sandbox/invoice-requests/{request.id}/advance", {"status": status})
    operation = client.track(session, request.id)
    done = operation.wait_until(fapiao.RequestStatus.READY_FOR_PICKUP, timeout=10, interval=0.05)
    assert done.status_label == "待自取" and operation.last == done
    profile = client.invoice_profile(session)
    assert profile.delivery.method is fapiao.DeliveryMethod.SELF_PICKUP
    changed = client.request_title_change(session, request.id, enterprise("新抬头有限公司"), note="更名")
    assert changed.status is fapiao.RequestStatus.AWAITING_RETURN
    ticket = client.create_support_ticket(session, fapiao.NewSupportTicket(type=fapiao.TicketType.PROGRESS,
                                                                           request_id=request.id, description="进度?"))
    assert client.get_support_ticket(session, ticket.id).status is fapiao.TicketStatus.OPEN
    assert [t.id for t in client.support_tickets(session)] == [ticket.id]
    assert isinstance(list(client.announcements(session)), list)
    client.sign_out(session)
    with pytest.raises(fapiao.errors.AuthenticationError):
        client.get_account(session)


def test_digital_invoice_document_and_cancel(sandbox, client, customer):
    s = customer["session"]
    digital = application(customer["bills"][:1], kind=fapiao.InvoiceKind.DIGITAL_ORDINARY,
                          delivery=fapiao.Delivery(method=fapiao.DeliveryMethod.EMAIL, email="e@example.cn"))
    request = client.create_invoice_request(s, digital)
    sandbox.op("POST", f"/sandbox/invoice-requests/{request.id}/advance", {"status": "PROCESSING"})
    sandbox.op("POST", f"/sandbox/invoice-requests/{request.id}/advance", {"status": "ISSUED"})
    doc = client.download_invoice_document(s, request.id)
    assert doc.content_type == "application/pdf" and doc.data.startswith(b"%PDF-") and doc.file_name.endswith(".pdf")
    other = client.create_invoice_request(s, application(customer["bills"][1:2]))
    assert client.cancel_invoice_request(s, other.id).status is fapiao.RequestStatus.CANCELLED
    assert [r.id for r in client.invoice_requests(s, status="CANCELLED")] == [other.id]
    assert client.get_bill(s, customer["bills"][1]).state is fapiao.BillState.UNINVOICED


def test_accounts_email_password_and_reset(sandbox, client, customer):
    s = customer["session"]
    with pytest.raises(fapiao.errors.InvalidRequestError) as e:
        client.change_email(s, "x" + customer["email"], "wrong-password-9")
    assert [(f.field, f.code) for f in e.value.field_errors] == [("current_password", "INCORRECT_PASSWORD")]
    assert client.change_email(s, "x" + customer["email"], "passw0rd-1").email == "x" + customer["email"]
    client.reset_password("x" + customer["email"])
    mailed = sandbox.last_mail("x" + customer["email"], "NEW_PASSWORD")["password"]
    temp = client.sign_in("x" + customer["email"], mailed)
    assert temp.must_change_password
    with pytest.raises(fapiao.errors.PermissionDeniedError) as denied:
        list(client.bills(temp))
    assert isinstance(denied.value, PermissionError) and denied.value.service_code == "PASSWORD_CHANGE_REQUIRED"
    client.change_password(temp, mailed, "fresh-passw0rd")
    assert list(client.bills(temp))
    client.resend_activation("nobody@example.cn")


def test_every_reachable_error_class(sandbox, client, customer):
    s = customer["session"]
    E = fapiao.errors
    with pytest.raises(E.InvalidRequestError) as local:  # refused before sending
        client.create_invoice_request(s, fapiao.InvoiceApplication(kind="VAT_SPECIAL"))
    assert isinstance(local.value, ValueError) and len(local.value.field_errors) >= 4
    with pytest.raises(E.AuthenticationError) as auth:
        client.sign_in(customer["email"], "wrong-passw0rd")
    assert auth.value.service_code == "INVALID_CREDENTIALS" and auth.value.http_status == 401 and auth.value.request_id
    with pytest.raises(E.NotFoundError) as missing:
        client.get_bill(s, "bill_nope")
    assert isinstance(missing.value, LookupError)
    with pytest.raises(E.NotFoundError):
        client.get_bill(s, customer["bills"][3])  # BILL_NOT_YET_AVAILABLE
    client.create_invoice_request(s, application(customer["bills"][:1]), idempotency_key="k-" + customer["bills"][0])
    with pytest.raises(E.ConflictError) as conflict:
        client.create_invoice_request(s, application(customer["bills"][:1]))
    assert conflict.value.service_code == "BILL_ALREADY_INVOICED" and conflict.value.idempotency_key
    with pytest.raises(E.IdempotencyError) as reused:
        client.create_invoice_request(s, application(customer["bills"][1:2]), idempotency_key="k-" + customer["bills"][0])
    assert reused.value.service_code == "IDEMPOTENCY_KEY_REUSED"
    with pytest.raises(E.RejectedError) as rejected:
        client.create_invoice_request(s, application([]), skip_validation=True)
    assert rejected.value.service_code == "EMPTY_SELECTION"

    no_retry = fapiao.Client(f"https://localhost:{sandbox.port}", ca_file=str(sandbox.data / "ca.pem"), retries=0,
                             use_environment_proxy=False)
    sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": "/v1/password-resets", "action": "STATUS_429"})
    with pytest.raises(E.RateLimitError) as limited:
        no_retry.reset_password("a@example.cn")
    assert limited.value.retryable and limited.value.retry_after == 1
    sandbox.op("POST", "/sandbox/faults", {"method": "POST", "path": "/v1/password-resets", "action": "STATUS_503"})
    with pytest.raises(E.ServiceUnavailableError):
        no_retry.reset_password("a@example.cn")
    sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": "/v1/account", "action": "DELAY", "delay_ms": 3000})
    with pytest.raises(E.DeadlineExceededError) as late:
        client.get_account(s, timeout=0.3)
    assert isinstance(late.value, TimeoutError)
    sandbox.op("DELETE", "/sandbox/faults")
    with pytest.raises(E.TLSError) as tls:
        fapiao.Client(f"https://localhost:{sandbox.port}", use_environment_proxy=False).reset_password("a@example.cn")
    assert isinstance(tls.value, ConnectionError) and "certificate" in str(tls.value)
    with pytest.raises(E.APIConnectionError):
        fapiao.Client("https://127.0.0.1:9", retries=0, use_environment_proxy=False).reset_password("a@example.cn")
    with pytest.raises(ValueError):
        client.bills(s, state="PAID")


def test_paging_across_many_pages(sandbox, client):
    c = sandbox.customer(payments=tuple((100 + i, 5 + i) for i in range(35)))
    email = f"pages.{c['customer_id']}@example.cn"
    sandbox.signed_in(c["order_ids"][0], email)
    s = client.sign_in(email, "passw0rd-1")
    pager = client.bills(s, page_size=10)
    pages = [len(p) for p in pager.pages()]
    assert pages == [10, 10, 10, 5]
    assert [b.id for b in client.bills(s, page_size=7)] == c["bills"]
    resumed = client.bills(s, page_size=10, starting_after=c["bills"][29])
    assert [b.id for b in resumed] == c["bills"][30:]


def test_threads_share_one_client_and_run_in_parallel(sandbox, client, customer):
    s = customer["session"]
    sandbox.op("POST", "/sandbox/faults", {"method": "GET", "path": "/v1/account", "action": "DELAY",
                                           "delay_ms": 800, "count": 4})
    results = []

    def work():
        results.append(client.get_account(s).email)

    threads = [threading.Thread(target=work) for _ in range(4)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    assert results == [customer["email"]] * 4
    # Four 0.8 s waits finish together only if the GIL was released while waiting.
    assert elapsed < 2.4, elapsed


def test_sessions_are_values(sandbox, client, customer):
    s = customer["session"]
    text = s.to_text()
    restored = fapiao.Session.parse(text)
    assert restored == s and hash(restored) == hash(s)
    assert pickle.loads(pickle.dumps(s)) == s
    assert "passw0rd" not in repr(s) and s.serialize() not in repr(s)
    other = fapiao.Client(f"https://localhost:{sandbox.port}", ca_file=str(sandbox.data / "ca.pem"),
                          use_environment_proxy=False)
    assert other.get_account(restored).email == customer["email"]
    with pytest.raises(ValueError):
        fapiao.Session.parse("token-only")


def test_printing_a_session_never_shows_its_token(customer, capsys):
    s = customer["session"]
    assert s.token and s.token in s.to_text()
    print(s)
    shown = capsys.readouterr().out + str(s) + f"{s}" + repr(s) + "%s" % s
    assert s.token not in shown
    assert customer["email"] in shown


def test_a_misspelt_keyword_is_a_type_error_and_sends_nothing(sandbox, client, customer):
    s = customer["session"]
    def journal():
        return sandbox.op("GET", "/sandbox/journal?method=POST&path=/v1/invoice-requests").json["data"]

    before = len(journal())
    app = fapiao.InvoiceApplication(kind="DIGITAL_ORDINARY", bill_ids=["bill_x"],
                                    buyer=fapiao.Buyer(type="INDIVIDUAL", name="张三"),
                                    delivery=fapiao.Delivery(method="EMAIL", email="me@example.cn"))
    with pytest.raises(TypeError, match="idempotancy_key"):
        client.create_invoice_request(s, app, idempotancy_key="k-1")
    assert len(journal()) == before
    # Every method checks, lists too (at once, not at the first page).
    with pytest.raises(TypeError, match="timeuot"):
        client.bills(s, timeuot=3)
    with pytest.raises(TypeError, match="idempotency"):
        client.sign_in(customer["email"], "passw0rd-1", idempotency="k")
    with pytest.raises(TypeError):
        client.get_account(s, request_id="x")
    # The right spelling still works.
    assert client.get_account(s, timeout=10, client_request_id="crid-1").email == customer["email"]


def test_preview_reports_problems_instead_of_refusing(client, customer):
    # The same rule in C++, C, Python and the CLI: a preview is sent as it is and
    # every problem, local rule or bill, comes back in field_errors.
    app = fapiao.InvoiceApplication(kind="VAT_SPECIAL", bill_ids=["bill_nope"],
                                    buyer=fapiao.Buyer(type="ORGANIZATION", name=""),
                                    delivery=fapiao.Delivery(method="EMAIL"))
    preview = client.preview_invoice_request(customer["session"], app)
    found = {(f.field, f.code) for f in preview.field_errors}
    assert ("buyer.name", "REQUIRED") in found or ("buyer.name", "SPECIAL_FIELDS_REQUIRED") in found, found
    assert ("delivery.method", "DELIVERY_NOT_ALLOWED") in found
    assert ("bill_ids[0]", "BILL_NOT_FOUND") in found
    with pytest.raises(fapiao.errors.InvalidRequestError):  # create refuses the same locally
        client.create_invoice_request(customer["session"], app)


def test_closed_client_refuses_calls(client, customer):
    client.close()
    with pytest.raises(RuntimeError):
        client.get_account(customer["session"])


def test_logging_goes_to_a_python_logger_without_secrets(sandbox, customer, caplog):
    import logging
    logger = logging.getLogger("fapiao.test")
    with caplog.at_level(logging.DEBUG, logger="fapiao.test"):
        c = fapiao.Client(f"https://localhost:{sandbox.port}", ca_file=str(sandbox.data / "ca.pem"), logger=logger,
                          use_environment_proxy=False)
        c.sign_in(customer["email"], "passw0rd-1")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "POST /v1/sessions" in text
    assert "passw0rd-1" not in text and customer["email"] not in text


def test_connection_options_reach_the_transport(sandbox, customer, caplog):
    import logging
    logger = logging.getLogger("fapiao.test.connections")
    for resumption in (True, False):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="fapiao.test.connections"):
            with fapiao.Client(f"https://localhost:{sandbox.port}", ca_file=str(sandbox.data / "ca.pem"),
                               logger=logger, use_environment_proxy=False, keep_alive=False,
                               tls_session_resumption=resumption) as c:
                for _ in range(3):
                    c.get_account(customer["session"])
        lines = [r.getMessage() for r in caplog.records if "connected to" in r.getMessage()]
        assert len(lines) == 3  # keep_alive=False: a connection per call
        resumed = sum("TLS session resumed" in line for line in lines)
        assert resumed == (2 if resumption else 0)


def test_ctrl_c_interrupts_a_long_wait(sandbox, customer, client):
    request = client.create_invoice_request(customer["session"], application(customer["bills"][2:3]))
    script = f"""
import sys, fapiao
client = fapiao.Client("https://localhost:{sandbox.port}", ca_file={str(sandbox.data / 'ca.pem')!r}, use_environment_proxy=False)
session = fapiao.Session.parse({customer['session'].to_text()!r})
print("waiting", flush=True)
try:
    client.track(session, {request.id!r}).wait_until("SHIPPED", timeout=600, interval=0.2)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(3)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env={**__import__("os").environ,
                            "PYTHONPATH": ":".join(sys.path)})
    assert proc.stdout.readline().strip() == "waiting"
    time.sleep(0.6)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 3
    assert proc.stdout.read().strip() == "interrupted"
