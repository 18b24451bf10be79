"""fapiao: Chinese VAT invoices (发票) from Python.

    import fapiao
    with fapiao.Client("https://localhost:8443", ca_file="ca.pem") as client:
        session = client.sign_in("finance@example.cn", "passw0rd-1")
        for bill in client.bills(session, state="UNINVOICED"):
            print(bill.id, fapiao.format_yuan(bill.amount_fen))
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from typing import Any, Dict, List, Tuple, Union

from . import _fapiao, errors, lifecycle
from .client import Client, InvoiceOperation, Pager, RequestOptions
from .enums import (AccountStatus, AnnouncementCategory, BillState, BuyerType, DeliveryMethod, EventType, InvoiceKind,
                    OrganizationKind, PaymentMethod, RequestStatus, TicketStatus, TicketType, WebhookEndpointStatus)
from .errors import FapiaoError, FieldError
from .models import (Account, Announcement, Bill, Buyer, Delivery, Document, Event, EventData, HistoryEntry,
                     InvoiceApplication, InvoiceLine, InvoicePreview, InvoiceProfile, InvoiceRequest, NewSupportTicket,
                     NewWebhookEndpoint, Session, Subscription, SupportTicket, ValidationReport, Warning,
                     WebhookEndpoint)
from . import webhooks  # noqa: E402 - after the models it types events with

__version__ = _fapiao.__version__

#: VAT rate of cloud (modern IT) services, in basis points: 6 %.
CLOUD_SERVICE_RATE_BP = 600


def format_yuan(fen: int) -> str:
    """123456 -> '¥1,234.56'."""
    return _fapiao.format_yuan(int(fen))


def split_gross(gross_fen: int, rate_bp: int = CLOUD_SERVICE_RATE_BP) -> Tuple[int, int]:
    """Price–tax separation of a tax-inclusive amount: (net_fen, tax_fen), half up."""
    net, tax = _fapiao.split_gross(int(gross_fen), int(rate_bp))
    return net, tax


def due_date(submitted: _dt.datetime, working_days: int = lifecycle.DUE_WORKING_DAYS) -> _dt.datetime:
    """23:59:59 Asia/Shanghai at the end of the n-th working day after the
    submission day, on China's calendar with its make-up days (R15)."""
    if submitted.tzinfo is None:
        raise ValueError("submitted must be timezone-aware")
    at, _outside = _fapiao.due_date(int(submitted.timestamp()), working_days)
    return _dt.datetime.fromtimestamp(at, _dt.timezone(_dt.timedelta(hours=8)))


def _report(text: str) -> ValidationReport:
    data = _json.loads(text)

    def convert(items: List[Dict[str, Any]]) -> List[FieldError]:
        return [FieldError(i["field"], i["code"], i.get("message") or "") for i in items]
    return ValidationReport(convert(data["errors"]), convert(data["warnings"]))


def validate_application(application: InvoiceApplication, *, strict_uscc: bool = False,
                         names_only_ordinary: bool = False) -> ValidationReport:
    """Every problem of an application, without a network: the service's own rules."""
    try:
        return _report(_fapiao.validate_application(_json.dumps(application.to_dict()), strict_uscc,
                                                    names_only_ordinary))
    except _fapiao.NativeError as e:
        raise errors.from_native(str(e.args[0])) from None


def validate_buyer(kind: Union[InvoiceKind, str], buyer: Buyer, *, strict_uscc: bool = False,
                   names_only_ordinary: bool = False) -> ValidationReport:
    """The title (抬头) on its own, for the invoice kind it goes on: a title
    change sends only a Buyer. Fields are named buyer.*, as in an application."""
    try:
        return _report(_fapiao.validate_buyer(str(kind), _json.dumps(buyer.to_dict()), strict_uscc,
                                              names_only_ordinary))
    except _fapiao.NativeError as e:
        raise errors.from_native(str(e.args[0])) from None


def validate_support_ticket(ticket: NewSupportTicket) -> ValidationReport:
    """A ticket's own rules (a split needs two or more positive amounts...)."""
    try:
        return _report(_fapiao.validate_support_ticket(_json.dumps(ticket.to_dict())))
    except _fapiao.NativeError as e:
        raise errors.from_native(str(e.args[0])) from None


def validate_password(password: str, *, field: str = "password") -> ValidationReport:
    """The service's password rule (WEAK_PASSWORD), reported at `field`."""
    return _report(_fapiao.validate_password(password, field))


def validate_taxpayer_id(taxpayer_id: str, *, individual: bool = False, strict_uscc: bool = False) -> ValidationReport:
    """USCC (with its organisation code), resident ID or other taxpayer ID shapes."""
    return _report(_fapiao.validate_taxpayer_id(taxpayer_id, individual, strict_uscc))


__all__ = [
    "Account", "AccountStatus", "Announcement", "AnnouncementCategory", "Bill", "BillState", "Buyer", "BuyerType",
    "CLOUD_SERVICE_RATE_BP", "Client", "Delivery", "DeliveryMethod", "Document", "Event", "EventData", "EventType",
    "FapiaoError", "FieldError", "NewWebhookEndpoint", "WebhookEndpoint", "WebhookEndpointStatus", "webhooks",
    "HistoryEntry", "InvoiceApplication", "InvoiceKind", "InvoiceLine", "InvoiceOperation", "InvoicePreview",
    "InvoiceProfile", "InvoiceRequest", "NewSupportTicket", "OrganizationKind", "Pager", "PaymentMethod",
    "RequestOptions", "RequestStatus", "Session", "Subscription", "SupportTicket", "TicketStatus", "TicketType", "ValidationReport",
    "Warning", "due_date", "errors", "format_yuan", "lifecycle", "split_gross", "validate_application", "validate_buyer",
    "validate_password", "validate_support_ticket", "validate_taxpayer_id",
]
