"""fapiao.Client: every operation of the invoicing service, for automation.
One Client (connection pool, retries, TLS) serves many sessions and may be
shared by threads: the network waits run without the GIL. Each method is a
typed wrapper over one native function of the C++ client (fapiao._fapiao);
the pager and the operation are the C++ ones."""

from __future__ import annotations

import json
import logging
import threading
import typing
from typing import Any, Callable, Dict, Generic, Iterator, List, Optional, Sequence, Type, TypeVar, Union

from . import _fapiao
from .enums import BillState, EventType, RequestStatus, WebhookEndpointStatus
from ._open_enum import OpenEnum
from .errors import from_native
from .models import (Account, Announcement, Bill, Buyer, Document, Event, InvoiceApplication, InvoicePreview,
                     InvoiceProfile, InvoiceRequest, Model, NewSupportTicket, NewWebhookEndpoint, Session,
                     Subscription, SupportTicket, WebhookEndpoint, event_from_dict)

if typing.TYPE_CHECKING:
    from typing_extensions import Unpack

M = TypeVar("M", bound=Model)
R = TypeVar("R")

_LEVELS = {0: logging.DEBUG, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR}


class RequestOptions(typing.TypedDict, total=False):
    """The options every operation takes as keywords. Any other keyword is a
    TypeError, raised before anything is sent."""

    #: Makes a POST safe to repeat (generated per call when absent; set it to make re-runs safe).
    idempotency_key: str
    #: Seconds for the whole call, retries included (default: the client's `timeout`).
    timeout: float
    #: Your own id for the request, echoed by the service and kept in its journal.
    client_request_id: str
    #: Send without validating locally first (create only).
    skip_validation: bool


def _ms(seconds: Optional[float]) -> Optional[int]:
    return None if seconds is None else int(seconds * 1000)


def _native(call: Callable[..., R], **arguments: Any) -> R:
    """Runs one native function, turning its errors into fapiao.errors classes."""
    try:
        return call(**arguments)
    except _fapiao.NativeError as e:
        raise from_native(str(e.args[0])) from None


def _model(model: Type[M], call: Callable[..., str], **arguments: Any) -> M:
    """Runs one native function and decodes its JSON answer into `model`."""
    return model.from_dict(json.loads(_native(call, **arguments)))


E = TypeVar("E", bound=OpenEnum)


def list_filter(enum: Type[E], value: Union[E, str, None], what: str) -> Optional[str]:
    """The wire value of a list's filter, or None for none. An unknown value is a
    ValueError before anything is sent (fapiao.Client and fapiao.aio.Client)."""
    if value is None:
        return None
    if not enum(value).is_known:
        raise ValueError(f"unknown {what} {value!r}")
    return str(value)


def new_endpoint_json(url: str, event_types: Sequence[Union[EventType, str]], description: Optional[str]) -> str:
    """The body of create_webhook_endpoint."""
    return json.dumps(NewWebhookEndpoint(url=url, event_types=[str(t) for t in event_types],
                                         description=description).to_dict())


def endpoint_change_json(url: Optional[str], event_types: Optional[Sequence[Union[EventType, str]]],
                         description: Optional[str], status: Union[WebhookEndpointStatus, str, None]) -> str:
    """The body of update_webhook_endpoint: what is given; what is None stays as it is."""
    change: Dict[str, Any] = {}
    if url is not None:
        change["url"] = url
    if event_types is not None:
        change["event_types"] = [str(t) for t in event_types]
    if description is not None:
        change["description"] = description
    if status is not None:
        change["status"] = str(status)
    return json.dumps(change)


class Pager(Generic[M]):
    """Every item of a list, fetched one page at a time as you iterate.
    `pages()` gives whole pages; `cursor` is the id of the last item fetched,
    to resume later with `starting_after`. The paging itself (cursor, the
    end, a server that repeats a cursor) is the C++ pager's."""

    def __init__(self, native: _fapiao.NativePager, model: Type[M],
                 load: Optional[Callable[[Dict[str, Any]], M]] = None) -> None:
        self._native = native
        self._model = model
        self._load = load or model.from_dict

    @property
    def cursor(self) -> str:
        return self._native.cursor

    @property
    def has_more(self) -> bool:
        return self._native.has_more

    def pages(self) -> Iterator[List[M]]:
        load = self._load
        while True:
            text = _native(self._native.next_page)
            if text is None:
                return
            yield [load(item) for item in json.loads(text)]

    def __iter__(self) -> Iterator[M]:
        for page in self.pages():
            yield from page


class InvoiceOperation:
    """Tracks one invoice request; `resume_token` (the request id) resumes it
    in another process, days later: `client.track(session, token)`. The
    waiting is the C++ operation's; Ctrl-C interrupts it (KeyboardInterrupt)."""

    def __init__(self, native: _fapiao.NativeOperation) -> None:
        self._native = native
        self.last: Optional[InvoiceRequest] = None

    @property
    def resume_token(self) -> str:
        return self._native.resume_token

    def poll(self, **options: Unpack[RequestOptions]) -> InvoiceRequest:
        self.last = _model(InvoiceRequest, self._native.poll, options=options)
        return self.last

    def wait_until(self, until: Union[RequestStatus, str, Callable[[InvoiceRequest], bool]], *, timeout: float,
                   interval: float = 30.0,
                   on_change: Optional[Callable[[InvoiceRequest], None]] = None) -> InvoiceRequest:
        """Polls until `until` (a status, or a predicate) holds or the request is
        final (fapiao.lifecycle.is_final). Raises DeadlineExceededError after
        `timeout` seconds. `on_change` sees the request each time its status changes."""
        def decode(text: str) -> InvoiceRequest:
            return InvoiceRequest.from_dict(json.loads(text))

        status: Optional[str] = None
        predicate: Optional[Callable[[str], bool]] = None
        if callable(until):
            test = until
            predicate = lambda text: bool(test(decode(text)))  # noqa: E731
        else:
            status = str(RequestStatus(until))
        changed: Optional[Callable[[str], None]] = None
        if on_change is not None:
            report = on_change
            changed = lambda text: report(decode(text))  # noqa: E731
        self.last = decode(_native(self._native.wait_until, status=status, until=predicate, on_change=changed,
                                   timeout=float(timeout), interval=float(interval)))
        return self.last


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
    def _nc(self) -> _fapiao.NativeClient:
        native = self._native
        if native is None:
            raise RuntimeError("the client is closed")
        return native

    # ---- accounts (R1–R6) ------------------------------------------------------
    def register_account(self, email: str, password: str, order_id: str,
                         **options: Unpack[RequestOptions]) -> Account:
        return _model(Account, self._nc().register_account, email=email, password=password, order_id=order_id,
                      options=options)

    def activate_account(self, token: str, **options: Unpack[RequestOptions]) -> Account:
        return _model(Account, self._nc().activate_account, token=token, options=options)

    def resend_activation(self, email: str, **options: Unpack[RequestOptions]) -> None:
        _native(self._nc().resend_activation, email=email, options=options)

    def sign_in(self, email: str, password: str, **options: Unpack[RequestOptions]) -> Session:
        native = _native(self._nc().sign_in, email=email, password=password, options=options)
        return Session(native.to_text())

    def sign_out(self, session: Session, **options: Unpack[RequestOptions]) -> None:
        _native(self._nc().sign_out, session=session._native, options=options)

    def get_account(self, session: Session, **options: Unpack[RequestOptions]) -> Account:
        return _model(Account, self._nc().get_account, session=session._native, options=options)

    def change_email(self, session: Session, new_email: str, current_password: str,
                     **options: Unpack[RequestOptions]) -> Account:
        return _model(Account, self._nc().change_email, session=session._native, new_email=new_email,
                      current_password=current_password, options=options)

    def change_password(self, session: Session, current_password: str, new_password: str,
                        **options: Unpack[RequestOptions]) -> Account:
        return _model(Account, self._nc().change_password, session=session._native,
                      current_password=current_password, new_password=new_password, options=options)

    def reset_password(self, email: str, **options: Unpack[RequestOptions]) -> None:
        _native(self._nc().reset_password, email=email, options=options)

    # ---- subscriptions and bills (R7, R19) -----------------------------------------
    def subscriptions(self, session: Session, *, starting_after: str = "",
                      **options: Unpack[RequestOptions]) -> Pager[Subscription]:
        return Pager(_native(self._nc().subscriptions, session=session._native, starting_after=starting_after,
                             options=options), Subscription)

    def bills(self, session: Session, *, state: Union[BillState, str, None] = None, page_size: int = 20,
              starting_after: str = "", **options: Unpack[RequestOptions]) -> Pager[Bill]:
        return Pager(_native(self._nc().bills, session=session._native,
                             state=list_filter(BillState, state, "bill state"), page_size=page_size,
                             starting_after=starting_after, options=options), Bill)

    def get_bill(self, session: Session, bill_id: str, **options: Unpack[RequestOptions]) -> Bill:
        return _model(Bill, self._nc().get_bill, session=session._native, bill_id=bill_id, options=options)

    # ---- invoice requests (R8–R18) -------------------------------------------------
    def invoice_profile(self, session: Session, **options: Unpack[RequestOptions]) -> InvoiceProfile:
        return _model(InvoiceProfile, self._nc().invoice_profile, session=session._native, options=options)

    def preview_invoice_request(self, session: Session, application: InvoiceApplication,
                                **options: Unpack[RequestOptions]) -> InvoicePreview:
        return _model(InvoicePreview, self._nc().preview_invoice_request, session=session._native,
                      application=json.dumps(application.to_dict()), options=options)

    def create_invoice_request(self, session: Session, application: InvoiceApplication,
                               **options: Unpack[RequestOptions]) -> InvoiceRequest:
        """Validated locally first (InvalidRequestError lists every field). Pass
        idempotency_key= so a re-run after a crash can never apply twice."""
        return _model(InvoiceRequest, self._nc().create_invoice_request, session=session._native,
                      application=json.dumps(application.to_dict()), options=options)

    def invoice_requests(self, session: Session, *, status: Union[RequestStatus, str, None] = None,
                         page_size: int = 20, starting_after: str = "",
                         **options: Unpack[RequestOptions]) -> Pager[InvoiceRequest]:
        return Pager(_native(self._nc().invoice_requests, session=session._native,
                             status=list_filter(RequestStatus, status, "request status"), page_size=page_size,
                             starting_after=starting_after, options=options), InvoiceRequest)

    def get_invoice_request(self, session: Session, request_id: str,
                            **options: Unpack[RequestOptions]) -> InvoiceRequest:
        return _model(InvoiceRequest, self._nc().get_invoice_request, session=session._native,
                      request_id=request_id, options=options)

    def cancel_invoice_request(self, session: Session, request_id: str,
                               **options: Unpack[RequestOptions]) -> InvoiceRequest:
        return _model(InvoiceRequest, self._nc().cancel_invoice_request, session=session._native,
                      request_id=request_id, options=options)

    def request_title_change(self, session: Session, request_id: str, buyer: Buyer, note: str = "",
                             **options: Unpack[RequestOptions]) -> InvoiceRequest:
        return _model(InvoiceRequest, self._nc().request_title_change, session=session._native,
                      request_id=request_id, buyer=json.dumps(buyer.to_dict()), note=note, options=options)

    def download_invoice_document(self, session: Session, request_id: str,
                                  **options: Unpack[RequestOptions]) -> Document:
        return _native(self._nc().download_invoice_document, session=session._native, request_id=request_id,
                       options=options)

    def track(self, session: Session, request_id: str) -> InvoiceOperation:
        return InvoiceOperation(self._nc().track(session=session._native, request_id=request_id))

    # ---- announcements and support (R17, R18) ---------------------------------------
    def announcements(self, session: Session, *, starting_after: str = "",
                      **options: Unpack[RequestOptions]) -> Pager[Announcement]:
        return Pager(_native(self._nc().announcements, session=session._native, starting_after=starting_after,
                             options=options), Announcement)

    def create_support_ticket(self, session: Session, ticket: NewSupportTicket,
                              **options: Unpack[RequestOptions]) -> SupportTicket:
        return _model(SupportTicket, self._nc().create_support_ticket, session=session._native,
                      ticket=json.dumps(ticket.to_dict()), options=options)

    def support_tickets(self, session: Session, *, starting_after: str = "",
                        **options: Unpack[RequestOptions]) -> Pager[SupportTicket]:
        return Pager(_native(self._nc().support_tickets, session=session._native, starting_after=starting_after,
                             options=options), SupportTicket)

    def get_support_ticket(self, session: Session, ticket_id: str,
                           **options: Unpack[RequestOptions]) -> SupportTicket:
        return _model(SupportTicket, self._nc().get_support_ticket, session=session._native, ticket_id=ticket_id,
                      options=options)

    # ---- events and webhook endpoints (docs/webhooks.md) ------------------------------
    def events(self, session: Session, *, type: Union[EventType, str, None] = None, page_size: int = 20,
               starting_after: str = "", **options: Unpack[RequestOptions]) -> Pager[Event]:
        """The account's events, newest first (kept 30 days): reconcile with these after
        missed deliveries. Each event's data.object is typed as in a webhook."""
        return Pager(_native(self._nc().events, session=session._native,
                             type=list_filter(EventType, type, "event type"), page_size=page_size,
                             starting_after=starting_after, options=options), Event,
                     event_from_dict)

    def get_event(self, session: Session, event_id: str, **options: Unpack[RequestOptions]) -> Event:
        return event_from_dict(json.loads(_native(self._nc().get_event, session=session._native, event_id=event_id,
                                                  options=options)))

    def create_webhook_endpoint(self, session: Session, url: str, event_types: Sequence[Union[EventType, str]],
                                *, description: Optional[str] = None,
                                **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        """Registers `url` for `event_types` (or ["*"]). The answer's `secret` is shown only
        here: keep it like a password, and verify deliveries with it."""
        return _model(WebhookEndpoint, self._nc().create_webhook_endpoint, session=session._native,
                      endpoint=new_endpoint_json(url, event_types, description), options=options)

    def webhook_endpoints(self, session: Session, *, starting_after: str = "",
                          **options: Unpack[RequestOptions]) -> Pager[WebhookEndpoint]:
        return Pager(_native(self._nc().webhook_endpoints, session=session._native, starting_after=starting_after,
                             options=options), WebhookEndpoint)

    def get_webhook_endpoint(self, session: Session, endpoint_id: str,
                             **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        return _model(WebhookEndpoint, self._nc().get_webhook_endpoint, session=session._native,
                      endpoint_id=endpoint_id, options=options)

    def update_webhook_endpoint(self, session: Session, endpoint_id: str, *, url: Optional[str] = None,
                                event_types: Optional[Sequence[Union[EventType, str]]] = None,
                                description: Optional[str] = None,
                                status: Union[WebhookEndpointStatus, str, None] = None,
                                **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        """Changes what is given; what is None stays as it is."""
        return _model(WebhookEndpoint, self._nc().update_webhook_endpoint, session=session._native,
                      endpoint_id=endpoint_id, change=endpoint_change_json(url, event_types, description, status),
                      options=options)

    def delete_webhook_endpoint(self, session: Session, endpoint_id: str, **options: Unpack[RequestOptions]) -> None:
        """Removes the endpoint; deliveries still pending to it stop."""
        _native(self._nc().delete_webhook_endpoint, session=session._native, endpoint_id=endpoint_id, options=options)

    def rotate_webhook_secret(self, session: Session, endpoint_id: str, *,
                              previous_secret_expires_in: int = 86400,
                              **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        """A new signing secret (in the answer's `secret`); the previous one keeps signing
        for `previous_secret_expires_in` seconds (0 to 7 days), so receivers can switch."""
        return _model(WebhookEndpoint, self._nc().rotate_webhook_secret, session=session._native,
                      endpoint_id=endpoint_id, previous_secret_expires_in_seconds=int(previous_secret_expires_in),
                      options=options)
