"""fapiao.aio: the Client for asyncio. The same methods as fapiao.Client, as
coroutines, on the SDK's own transport: one I/O thread per client runs every
call in flight (no thread per call, no thread pool around the blocking
methods), with the same deadlines, retries on timers, idempotency keys, pool
and TLS sessions.

    async with fapiao.aio.Client("https://localhost:8443", ca_file="ca.pem") as client:
        session = await client.sign_in("finance@example.cn", "passw0rd-1")
        async for bill in client.bills(session, state="UNINVOICED"):
            print(bill.id)

Cancelling the task that awaits a call cancels the call on the wire (its
connection is closed, it is not retried). Completions reach the event loop
through call_soon_threadsafe; the GIL is held only for that hand-off."""

from __future__ import annotations

import asyncio
import json
import typing
from typing import Any, AsyncIterator, Callable, Dict, Generic, List, Optional, Sequence, Type, TypeVar, Union

from . import _fapiao
from .client import Client as _BlockingClient
from .client import RequestOptions, endpoint_change_json, list_filter, new_endpoint_json
from .enums import BillState, EventType, RequestStatus, WebhookEndpointStatus
from .errors import from_native
from .models import (Account, Announcement, Bill, Buyer, Document, Event, InvoiceApplication, InvoicePreview,
                     InvoiceProfile, InvoiceRequest, Model, NewSupportTicket, Session,
                     SupportTicket, Subscription, WebhookEndpoint, event_from_dict)

if typing.TYPE_CHECKING:
    from typing_extensions import Unpack

M = TypeVar("M", bound=Model)


def _settle(future: "asyncio.Future[Any]", error: Optional[str], value: Any) -> None:
    if future.done():  # the task was cancelled meanwhile
        return
    if error is not None:
        future.set_exception(from_native(error))
    else:
        future.set_result(value)


async def _completion(start: Callable[[Callable[[Optional[str], Any], None]], None],
                      cancellation: Optional[_fapiao.NativeCancellation] = None) -> Any:
    """Starts native work with a `done` callback and awaits what it hands back:
    the native side calls `done` from its I/O thread, the result crosses to this loop."""
    loop = asyncio.get_running_loop()
    future: "asyncio.Future[Any]" = loop.create_future()

    def done(error: Optional[str], value: Any) -> None:
        try:
            loop.call_soon_threadsafe(_settle, future, error, value)
        except RuntimeError:  # the loop is closed: nobody waits any more
            pass

    try:
        start(done)
    except _fapiao.NativeError as e:
        raise from_native(str(e.args[0])) from None
    try:
        return await future
    except asyncio.CancelledError:
        if cancellation is not None:
            cancellation.cancel()  # closes the connection; the call is not retried
        raise


async def _call(method: Callable[..., None], **arguments: Any) -> Any:
    """One native asynchronous call, cancelled on the wire if the awaiting task is."""
    cancellation = _fapiao.NativeCancellation()
    return await _completion(lambda done: method(**arguments, cancellation=cancellation, done=done), cancellation)


async def _model(model: Type[M], method: Callable[..., None], **arguments: Any) -> M:
    return model.from_dict(json.loads(await _call(method, **arguments)))


class AsyncPager(Generic[M]):
    """Every item of a list, a page at a time, with `async for`; `pages()`
    gives whole pages; `cursor` resumes later with `starting_after`."""

    def __init__(self, native: _fapiao.NativeAsyncPager, model: Type[M],
                 load: Optional[Callable[[Dict[str, Any]], M]] = None) -> None:
        self._native = native
        self._load = load or model.from_dict

    @property
    def cursor(self) -> str:
        return self._native.cursor

    @property
    def has_more(self) -> bool:
        return self._native.has_more

    async def pages(self) -> AsyncIterator[List[M]]:
        load = self._load
        while True:
            text = await _completion(lambda done: self._native.next_page(done=done))
            if text is None:
                return
            yield [load(item) for item in json.loads(text)]

    async def __aiter__(self) -> AsyncIterator[M]:
        async for page in self.pages():
            for item in page:
                yield item


class Client:
    """fapiao.Client's operations as coroutines. Takes the same options as
    fapiao.Client; share one per process (or per event loop)."""

    def __init__(self, endpoint: str, **options: Any) -> None:
        self._blocking = _BlockingClient(endpoint, **options)
        self._native: Optional[_fapiao.NativeAsyncClient] = _fapiao.NativeAsyncClient(self._blocking._nc())

    @property
    def blocking(self) -> _BlockingClient:
        """The blocking client over the same pool (for a call outside the event loop)."""
        return self._blocking

    def close(self) -> None:
        """No new calls; calls in flight still finish."""
        self._native = None
        self._blocking.close()

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()

    def _nc(self) -> _fapiao.NativeAsyncClient:
        native = self._native
        if native is None:
            raise RuntimeError("the client is closed")
        return native

    # ---- accounts ------------------------------------------------------------------
    async def register_account(self, email: str, password: str, order_id: str,
                               **options: Unpack[RequestOptions]) -> Account:
        return await _model(Account, self._nc().register_account, email=email, password=password, order_id=order_id,
                            options=options)

    async def activate_account(self, token: str, **options: Unpack[RequestOptions]) -> Account:
        return await _model(Account, self._nc().activate_account, token=token, options=options)

    async def resend_activation(self, email: str, **options: Unpack[RequestOptions]) -> None:
        await _call(self._nc().resend_activation, email=email, options=options)

    async def sign_in(self, email: str, password: str, **options: Unpack[RequestOptions]) -> Session:
        native = await _call(self._nc().sign_in, email=email, password=password, options=options)
        return Session(native.to_text())

    async def sign_out(self, session: Session, **options: Unpack[RequestOptions]) -> None:
        await _call(self._nc().sign_out, session=session._native, options=options)

    async def get_account(self, session: Session, **options: Unpack[RequestOptions]) -> Account:
        return await _model(Account, self._nc().get_account, session=session._native, options=options)

    async def change_email(self, session: Session, new_email: str, current_password: str,
                           **options: Unpack[RequestOptions]) -> Account:
        return await _model(Account, self._nc().change_email, session=session._native, new_email=new_email,
                            current_password=current_password, options=options)

    async def change_password(self, session: Session, current_password: str, new_password: str,
                              **options: Unpack[RequestOptions]) -> Account:
        return await _model(Account, self._nc().change_password, session=session._native,
                            current_password=current_password, new_password=new_password, options=options)

    async def reset_password(self, email: str, **options: Unpack[RequestOptions]) -> None:
        await _call(self._nc().reset_password, email=email, options=options)

    # ---- subscriptions and bills ---------------------------------------------------
    def subscriptions(self, session: Session, *, starting_after: str = "",
                      **options: Unpack[RequestOptions]) -> AsyncPager[Subscription]:
        return AsyncPager(self._nc().subscriptions(session=session._native, starting_after=starting_after,
                                                   options=options), Subscription)

    def bills(self, session: Session, *, state: Union[BillState, str, None] = None, page_size: int = 20,
              starting_after: str = "", **options: Unpack[RequestOptions]) -> AsyncPager[Bill]:
        return AsyncPager(self._nc().bills(session=session._native, state=list_filter(BillState, state, "bill state"),
                                           page_size=page_size, starting_after=starting_after, options=options), Bill)

    async def get_bill(self, session: Session, bill_id: str, **options: Unpack[RequestOptions]) -> Bill:
        return await _model(Bill, self._nc().get_bill, session=session._native, bill_id=bill_id, options=options)

    # ---- invoice requests ------------------------------------------------------------
    async def invoice_profile(self, session: Session, **options: Unpack[RequestOptions]) -> InvoiceProfile:
        return await _model(InvoiceProfile, self._nc().invoice_profile, session=session._native, options=options)

    async def preview_invoice_request(self, session: Session, application: InvoiceApplication,
                                      **options: Unpack[RequestOptions]) -> InvoicePreview:
        return await _model(InvoicePreview, self._nc().preview_invoice_request, session=session._native,
                            application=json.dumps(application.to_dict()), options=options)

    async def create_invoice_request(self, session: Session, application: InvoiceApplication,
                                     **options: Unpack[RequestOptions]) -> InvoiceRequest:
        """Validated locally first; pass idempotency_key= so a re-run can never apply twice."""
        return await _model(InvoiceRequest, self._nc().create_invoice_request, session=session._native,
                            application=json.dumps(application.to_dict()), options=options)

    def invoice_requests(self, session: Session, *, status: Union[RequestStatus, str, None] = None,
                         page_size: int = 20, starting_after: str = "",
                         **options: Unpack[RequestOptions]) -> AsyncPager[InvoiceRequest]:
        return AsyncPager(self._nc().invoice_requests(session=session._native,
                                                      status=list_filter(RequestStatus, status, "request status"),
                                                      page_size=page_size, starting_after=starting_after,
                                                      options=options), InvoiceRequest)

    async def get_invoice_request(self, session: Session, request_id: str,
                                  **options: Unpack[RequestOptions]) -> InvoiceRequest:
        return await _model(InvoiceRequest, self._nc().get_invoice_request, session=session._native,
                            request_id=request_id, options=options)

    async def cancel_invoice_request(self, session: Session, request_id: str,
                                     **options: Unpack[RequestOptions]) -> InvoiceRequest:
        return await _model(InvoiceRequest, self._nc().cancel_invoice_request, session=session._native,
                            request_id=request_id, options=options)

    async def request_title_change(self, session: Session, request_id: str, buyer: Buyer, note: str = "",
                                   **options: Unpack[RequestOptions]) -> InvoiceRequest:
        return await _model(InvoiceRequest, self._nc().request_title_change, session=session._native,
                            request_id=request_id, buyer=json.dumps(buyer.to_dict()), note=note, options=options)

    async def download_invoice_document(self, session: Session, request_id: str,
                                        **options: Unpack[RequestOptions]) -> Document:
        document: Document = await _call(self._nc().download_invoice_document, session=session._native,
                                         request_id=request_id, options=options)
        return document

    # ---- announcements and support ---------------------------------------------------
    def announcements(self, session: Session, *, starting_after: str = "",
                      **options: Unpack[RequestOptions]) -> AsyncPager[Announcement]:
        return AsyncPager(self._nc().announcements(session=session._native, starting_after=starting_after,
                                                   options=options), Announcement)

    async def create_support_ticket(self, session: Session, ticket: NewSupportTicket,
                                    **options: Unpack[RequestOptions]) -> SupportTicket:
        return await _model(SupportTicket, self._nc().create_support_ticket, session=session._native,
                            ticket=json.dumps(ticket.to_dict()), options=options)

    def support_tickets(self, session: Session, *, starting_after: str = "",
                        **options: Unpack[RequestOptions]) -> AsyncPager[SupportTicket]:
        return AsyncPager(self._nc().support_tickets(session=session._native, starting_after=starting_after,
                                                     options=options), SupportTicket)

    async def get_support_ticket(self, session: Session, ticket_id: str,
                                 **options: Unpack[RequestOptions]) -> SupportTicket:
        return await _model(SupportTicket, self._nc().get_support_ticket, session=session._native,
                            ticket_id=ticket_id, options=options)

    # ---- events and webhook endpoints ------------------------------------------------
    def events(self, session: Session, *, type: Union[EventType, str, None] = None, page_size: int = 20,
               starting_after: str = "", **options: Unpack[RequestOptions]) -> AsyncPager[Event]:
        return AsyncPager(self._nc().events(session=session._native, type=list_filter(EventType, type, "event type"),
                                            page_size=page_size, starting_after=starting_after, options=options),
                          Event, event_from_dict)

    async def get_event(self, session: Session, event_id: str, **options: Unpack[RequestOptions]) -> Event:
        return event_from_dict(json.loads(await _call(self._nc().get_event, session=session._native,
                                                      event_id=event_id, options=options)))

    async def create_webhook_endpoint(self, session: Session, url: str, event_types: Sequence[Union[EventType, str]],
                                      *, description: Optional[str] = None,
                                      **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        return await _model(WebhookEndpoint, self._nc().create_webhook_endpoint, session=session._native,
                            endpoint=new_endpoint_json(url, event_types, description), options=options)

    def webhook_endpoints(self, session: Session, *, starting_after: str = "",
                          **options: Unpack[RequestOptions]) -> AsyncPager[WebhookEndpoint]:
        return AsyncPager(self._nc().webhook_endpoints(session=session._native, starting_after=starting_after,
                                                       options=options), WebhookEndpoint)

    async def get_webhook_endpoint(self, session: Session, endpoint_id: str,
                                   **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        return await _model(WebhookEndpoint, self._nc().get_webhook_endpoint, session=session._native,
                            endpoint_id=endpoint_id, options=options)

    async def update_webhook_endpoint(self, session: Session, endpoint_id: str, *, url: Optional[str] = None,
                                      event_types: Optional[Sequence[Union[EventType, str]]] = None,
                                      description: Optional[str] = None,
                                      status: Union[WebhookEndpointStatus, str, None] = None,
                                      **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        return await _model(WebhookEndpoint, self._nc().update_webhook_endpoint, session=session._native,
                            endpoint_id=endpoint_id,
                            change=endpoint_change_json(url, event_types, description, status), options=options)

    async def delete_webhook_endpoint(self, session: Session, endpoint_id: str,
                                      **options: Unpack[RequestOptions]) -> None:
        await _call(self._nc().delete_webhook_endpoint, session=session._native, endpoint_id=endpoint_id,
                    options=options)

    async def rotate_webhook_secret(self, session: Session, endpoint_id: str, *,
                                    previous_secret_expires_in: int = 86400,
                                    **options: Unpack[RequestOptions]) -> WebhookEndpoint:
        return await _model(WebhookEndpoint, self._nc().rotate_webhook_secret, session=session._native,
                            endpoint_id=endpoint_id, previous_secret_expires_in_seconds=int(previous_secret_expires_in),
                            options=options)


__all__ = ["AsyncPager", "Client"]
