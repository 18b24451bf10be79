"""fapiao.Client: every operation of the invoicing service, for automation.
One Client (connection pool, retries, TLS) serves many sessions and may be
shared by threads: the network waits run without the GIL."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Callable, Dict, Generic, Iterator, List, Optional, Type, TypeVar, Union

from . import _fapiao
from . import lifecycle
from .enums import BillState, RequestStatus
from .errors import DeadlineExceededError, FapiaoError, ProtocolError, from_native
from .models import (Account, Announcement, Bill, Buyer, Document, InvoiceApplication, InvoicePreview,
                     InvoiceProfile, InvoiceRequest, Model, NewSupportTicket, Session, Subscription, SupportTicket)

M = TypeVar("M", bound=Model)

_LEVELS = {0: logging.DEBUG, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR}


def _ms(seconds: Optional[float]) -> Optional[int]:
    return None if seconds is None else int(seconds * 1000)


#: The keyword-only options every operation takes (`**call` in the signatures).
CALL_OPTIONS = ("idempotency_key", "timeout", "client_request_id", "skip_validation")


def _call_options(operation: str, call: Dict[str, Any]) -> Dict[str, Any]:
    """The native call options from a method's `**call`; an unknown keyword is
    a TypeError, as Python itself raises, so that a misspelt idempotency_key
    can never silently drop the one option that makes a create exactly-once."""
    for name in call:
        if name not in CALL_OPTIONS:
            raise TypeError(f"{operation}() got an unexpected keyword argument {name!r} "
                            f"(call options: {', '.join(CALL_OPTIONS)})")
    timeout = call.get("timeout")
    return {"timeout_ms": _ms(timeout), "idempotency_key": call.get("idempotency_key"),
            "client_request_id": call.get("client_request_id"),
            "skip_validation": bool(call.get("skip_validation", False))}


class Pager(Generic[M]):
    """Every item of a list, fetched one page at a time as you iterate.
    `pages()` gives whole pages; `cursor` is the id of the last item fetched,
    to resume later with `starting_after`."""

    def __init__(self, fetch: Callable[[str], Dict[str, Any]], model: Type[M], starting_after: str = "") -> None:
        self._fetch = fetch
        self._model = model
        self.cursor = starting_after
        self.has_more = True
        self._seen_cursors = {starting_after}

    def pages(self) -> Iterator[List[M]]:
        while self.has_more:
            page = self._fetch(self.cursor)
            items = [self._model.from_dict(d) for d in page["data"]]
            self.has_more = bool(page["has_more"]) and bool(items)
            if items:
                cursor = getattr(items[-1], "id")
                if self.has_more and cursor in self._seen_cursors:
                    # A server handing back a cursor it gave before would make the list go round forever.
                    self.has_more = False
                    raise ProtocolError(f"The service returned the cursor {cursor!r} a second time; "
                                        "the list would never end, so paging stopped.")
                self._seen_cursors.add(cursor)
                self.cursor = cursor
            yield items

    def __iter__(self) -> Iterator[M]:
        for page in self.pages():
            yield from page


class InvoiceOperation:
    """Tracks one invoice request; `resume_token` (the request id) resumes it
    in another process, days later: `client.track(session, token)`."""

    def __init__(self, client: "Client", session: Session, request_id: str) -> None:
        self._client = client
        self._session = session
        self.resume_token = request_id
        self.last: Optional[InvoiceRequest] = None

    def poll(self) -> InvoiceRequest:
        self.last = self._client.get_invoice_request(self._session, self.resume_token)
        return self.last

    def wait_until(self, until: Union[RequestStatus, str, Callable[[InvoiceRequest], bool]], *,
                   timeout: float, interval: float = 30.0) -> InvoiceRequest:
        """Polls until `until` (a status, or a predicate) holds or the request is
        final. Raises DeadlineExceededError after `timeout` seconds. Ctrl-C
        interrupts the wait (KeyboardInterrupt)."""
        if callable(until):
            done = until
        else:
            wanted = RequestStatus(until)
            done = lambda r: r.status == wanted  # noqa: E731
        deadline = time.monotonic() + timeout
        while True:
            request = self.poll()
            if done(request) or (request.status is not None and lifecycle.is_final(request.status)):
                return request
            if time.monotonic() + interval > deadline:
                raise DeadlineExceededError(
                    f"Request {self.resume_token} is still {request.status} after {timeout:g} s.")
            time.sleep(interval)


class Client:
    """A client of the invoicing service.

        with fapiao.Client("https://localhost:8443", ca_file="ca.pem") as client:
            session = client.sign_in("finance@example.cn", "passw0rd-1")
            for bill in client.bills(session, state="UNINVOICED"):
                print(bill.id, fapiao.format_yuan(bill.amount_fen))
    """

    def __init__(self, endpoint: str, *, ca_file: Optional[str] = None, ca_pem: Optional[str] = None,
                 insecure_skip_tls_verify: bool = False, timeout: float = 60.0, connect_timeout: float = 10.0,
                 attempt_timeout: float = 30.0, retries: int = 3, backoff_base: float = 0.5,
                 backoff_cap: float = 20.0, jitter: bool = True, pool_size: int = 8, proxy: Optional[str] = None,
                 use_environment_proxy: bool = True, application_id: Optional[str] = None,
                 logger: Optional[logging.Logger] = None, keep_alive: bool = True,
                 tls_session_resumption: bool = True) -> None:
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        self._logger = logger
        options = {
            "endpoint": endpoint, "ca_file": ca_file or "", "ca_pem": ca_pem or "",
            "insecure_skip_tls_verify": insecure_skip_tls_verify, "connect_timeout_ms": _ms(connect_timeout),
            "attempt_timeout_ms": _ms(attempt_timeout), "timeout_ms": _ms(timeout), "max_attempts": retries + 1,
            "backoff_base_ms": _ms(backoff_base), "backoff_cap_ms": _ms(backoff_cap), "jitter": jitter,
            "pool_size": pool_size, "proxy": proxy or "", "use_environment_proxy": use_environment_proxy,
            "keep_alive": keep_alive, "tls_session_resumption": tls_session_resumption,
            "application_id": application_id or "", "log": self._log if logger else None,
            "log_level": 0 if logger and logger.isEnabledFor(logging.DEBUG) else 1,
        }
        self._native: Optional[_fapiao.NativeClient] = _fapiao.NativeClient(options)
        self._lock = threading.Lock()

    # ---- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        """Closes the connection pool. Further calls raise RuntimeError."""
        with self._lock:
            self._native = None

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _log(self, level: int, message: str) -> None:
        if self._logger is not None:
            self._logger.log(_LEVELS.get(level, logging.INFO), message)

    # ---- plumbing --------------------------------------------------------------
    def _call(self, operation: str, session: Optional[Session] = None, arguments: Optional[Dict[str, Any]] = None,
              call: Optional[Dict[str, Any]] = None) -> Any:
        """Runs one operation. `arguments` are the operation's own; `call` holds
        the keyword-only call options every public method takes (CALL_OPTIONS),
        checked here so that a misspelt option is a TypeError, never ignored."""
        options = _call_options(operation, call or {})
        native = self._native
        if native is None:
            raise RuntimeError("the client is closed")
        try:
            return native.call(operation, session.serialize() if session is not None else "", arguments or {},
                               options)
        except _fapiao.NativeError as e:
            raise from_native(str(e.args[0])) from None

    def _model(self, model: Type[M], operation: str, session: Optional[Session] = None,
               arguments: Optional[Dict[str, Any]] = None, call: Optional[Dict[str, Any]] = None) -> M:
        return model.from_dict(json.loads(self._call(operation, session, arguments, call)))

    def _pager(self, model: Type[M], operation: str, session: Session, starting_after: str = "",
               arguments: Optional[Dict[str, Any]] = None, call: Optional[Dict[str, Any]] = None) -> Pager[M]:
        # Checked now, when the pager is made, not at the first page.
        _call_options(operation, call or {})

        def fetch(after: str) -> Dict[str, Any]:
            return json.loads(self._call(operation, session, dict(arguments or {}, starting_after=after), call))
        return Pager(fetch, model, starting_after)

    # ---- accounts (R1–R6) ------------------------------------------------------
    def register_account(self, email: str, password: str, order_id: str, **call: Any) -> Account:
        return self._model(Account, "register_account", None,
                           {"email": email, "password": password, "order_id": order_id}, call)

    def activate_account(self, token: str, **call: Any) -> Account:
        return self._model(Account, "activate_account", None, {"token": token}, call)

    def resend_activation(self, email: str, **call: Any) -> None:
        self._call("resend_activation", None, {"email": email}, call)

    def sign_in(self, email: str, password: str, **call: Any) -> Session:
        return Session(self._call("sign_in", None, {"email": email, "password": password}, call))

    def sign_out(self, session: Session, **call: Any) -> None:
        self._call("sign_out", session, None, call)

    def get_account(self, session: Session, **call: Any) -> Account:
        return self._model(Account, "get_account", session, None, call)

    def change_email(self, session: Session, new_email: str, current_password: str, **call: Any) -> Account:
        return self._model(Account, "change_email", session,
                           {"email": new_email, "current_password": current_password}, call)

    def change_password(self, session: Session, current_password: str, new_password: str, **call: Any) -> Account:
        return self._model(Account, "change_password", session,
                           {"current_password": current_password, "new_password": new_password}, call)

    def reset_password(self, email: str, **call: Any) -> None:
        self._call("reset_password", None, {"email": email}, call)

    # ---- subscriptions and bills (R7, R19) -----------------------------------------
    def subscriptions(self, session: Session, **call: Any) -> Pager[Subscription]:
        return self._pager(Subscription, "subscriptions", session, "", None, call)

    def bills(self, session: Session, *, state: Union[BillState, str, None] = None, page_size: int = 20,
              starting_after: str = "", **call: Any) -> Pager[Bill]:
        if state is not None and not BillState(state).is_known:
            raise ValueError(f"unknown bill state {state!r}")
        return self._pager(Bill, "bills", session, starting_after,
                           {"state": str(state) if state else None, "page_size": page_size}, call)

    def get_bill(self, session: Session, bill_id: str, **call: Any) -> Bill:
        return self._model(Bill, "get_bill", session, {"bill_id": bill_id}, call)

    # ---- invoice requests (R8–R18) -------------------------------------------------
    def invoice_profile(self, session: Session, **call: Any) -> InvoiceProfile:
        return self._model(InvoiceProfile, "invoice_profile", session, None, call)

    def preview_invoice_request(self, session: Session, application: InvoiceApplication, **call: Any) -> InvoicePreview:
        return self._model(InvoicePreview, "preview_invoice_request", session,
                           {"application": json.dumps(application.to_dict())}, call)

    def create_invoice_request(self, session: Session, application: InvoiceApplication,
                               **call: Any) -> InvoiceRequest:
        """Validated locally first (InvalidRequestError lists every field). Pass
        idempotency_key= so a re-run after a crash can never apply twice."""
        return self._model(InvoiceRequest, "create_invoice_request", session,
                           {"application": json.dumps(application.to_dict())}, call)

    def invoice_requests(self, session: Session, *, status: Union[RequestStatus, str, None] = None,
                         page_size: int = 20, starting_after: str = "", **call: Any) -> Pager[InvoiceRequest]:
        if status is not None and not RequestStatus(status).is_known:
            raise ValueError(f"unknown request status {status!r}")
        return self._pager(InvoiceRequest, "invoice_requests", session, starting_after,
                           {"status": str(status) if status else None, "page_size": page_size}, call)

    def get_invoice_request(self, session: Session, request_id: str, **call: Any) -> InvoiceRequest:
        return self._model(InvoiceRequest, "get_invoice_request", session, {"request_id": request_id}, call)

    def cancel_invoice_request(self, session: Session, request_id: str, **call: Any) -> InvoiceRequest:
        return self._model(InvoiceRequest, "cancel_invoice_request", session, {"request_id": request_id}, call)

    def request_title_change(self, session: Session, request_id: str, buyer: Buyer, note: str = "",
                             **call: Any) -> InvoiceRequest:
        return self._model(InvoiceRequest, "request_title_change", session,
                           {"request_id": request_id, "buyer": json.dumps(buyer.to_dict()), "note": note}, call)

    def download_invoice_document(self, session: Session, request_id: str, **call: Any) -> Document:
        raw: bytes = self._call("download_invoice_document", session, {"request_id": request_id}, call)
        content_type, file_name, data = raw.split(b"\n", 2)
        return Document(content_type.decode(), file_name.decode(), data)

    def track(self, session: Session, request_id: str) -> InvoiceOperation:
        return InvoiceOperation(self, session, request_id)

    # ---- announcements and support (R17, R18) ---------------------------------------
    def announcements(self, session: Session, **call: Any) -> Pager[Announcement]:
        return self._pager(Announcement, "announcements", session, "", None, call)

    def create_support_ticket(self, session: Session, ticket: NewSupportTicket, **call: Any) -> SupportTicket:
        return self._model(SupportTicket, "create_support_ticket", session,
                           {"ticket": json.dumps(ticket.to_dict())}, call)

    def support_tickets(self, session: Session, **call: Any) -> Pager[SupportTicket]:
        return self._pager(SupportTicket, "support_tickets", session, "", None, call)

    def get_support_ticket(self, session: Session, ticket_id: str, **call: Any) -> SupportTicket:
        return self._model(SupportTicket, "get_support_ticket", session, {"ticket_id": ticket_id}, call)
