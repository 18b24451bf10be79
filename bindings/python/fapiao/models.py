"""Models: plain dataclasses with the contract's field names. Money is integer
fen (format with `format_yuan`), times are timezone-aware datetimes, enums keep
unknown values. Build them with keyword arguments or `from_dict`; `to_dict`
gives the JSON shape back."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar

from .enums import (AccountStatus, AnnouncementCategory, BillState, BuyerType, DeliveryMethod, InvoiceKind,
                    OrganizationKind, PaymentMethod, RequestStatus, TicketStatus, TicketType)
from .errors import FieldError

T = TypeVar("T", bound="Model")


class Model:
    """Conversion to and from the contract's JSON shape, for every model."""

    @classmethod
    def from_dict(cls: Type[T], data: Dict[str, Any]) -> T:
        fields = _FIELD_LOADERS.get(cls)
        if fields is None:
            fields = _compile_fields(cls)
        kwargs = {}
        for name, load in fields:
            value = data.get(name)
            if value is not None:
                kwargs[name] = value if load is None else load(value)
        return cls(**kwargs)

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None or (isinstance(value, str) and value == "" and not isinstance(value, enum.Enum)):
                continue
            out[f.name] = _dump(value)
        return out


# Per model class: (field name, loader) pairs, worked out from the type hints
# once, so decoding a response does no reflection (the benchmarks showed
# typing.get_type_hints on every call costing more than the HTTPS call itself).
_FIELD_LOADERS: Dict[type, List[Tuple[str, Optional[Callable[[Any], Any]]]]] = {}


def _compile_fields(cls: type) -> List[Tuple[str, Optional[Callable[[Any], Any]]]]:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _loader(hints[f.name])) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    _FIELD_LOADERS[cls] = fields
    return fields


def _parse_datetime(value: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _loader(hint: Any) -> Optional[Callable[[Any], Any]]:
    """A function from JSON data to `hint`, or None when the data is the value."""
    origin = typing.get_origin(hint)
    if origin is typing.Union:  # Optional[X]
        inner = _loader([a for a in typing.get_args(hint) if a is not type(None)][0])
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin in (list, List):
        item = _loader(typing.get_args(hint)[0])
        if item is None:
            return list
        return lambda value: [item(v) for v in value]
    if origin in (dict, Dict):
        entry = _loader(typing.get_args(hint)[1])
        if entry is None:
            return dict
        return lambda value: {k: entry(v) for k, v in value.items()}
    if hint is _dt.datetime:
        return _parse_datetime
    if hint is _dt.date:
        return _dt.date.fromisoformat
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if isinstance(hint, type) and issubclass(hint, Model):
        return hint.from_dict
    return None


def _dump(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


@dataclass
class Account(Model):
    id: str = ""
    email: str = ""
    status: Optional[AccountStatus] = None
    created_at: Optional[_dt.datetime] = None
    activated_at: Optional[_dt.datetime] = None


@dataclass
class Subscription(Model):
    id: str = ""
    name: str = ""
    order_id: str = ""


@dataclass
class Bill(Model):
    id: str = ""
    order_id: str = ""
    subscription_name: str = ""
    amount_fen: int = 0
    currency: str = "CNY"
    paid_at: Optional[_dt.datetime] = None
    available_at: Optional[_dt.datetime] = None
    payment_method: Optional[PaymentMethod] = None
    payer_name: str = ""
    state: Optional[BillState] = None
    invoice_request_id: Optional[str] = None
    parent_bill_id: Optional[str] = None
    child_bill_ids: List[str] = field(default_factory=list)


@dataclass
class Buyer(Model):
    """The invoice title (抬头)."""

    type: Optional[BuyerType] = None
    organization_kind: Optional[OrganizationKind] = None
    name: str = ""
    taxpayer_id: Optional[str] = None
    address: Optional[str] = None
    phone: Optional[str] = None
    bank_name: Optional[str] = None
    bank_account: Optional[str] = None


@dataclass
class Delivery(Model):
    method: Optional[DeliveryMethod] = None
    recipient: Optional[str] = None
    mobile: Optional[str] = None
    province: Optional[str] = None
    city: Optional[str] = None
    district: Optional[str] = None
    street: Optional[str] = None
    postal_code: Optional[str] = None
    email: Optional[str] = None


@dataclass
class InvoiceLine(Model):
    bill_id: str = ""
    description: str = ""
    gross_fen: int = 0
    net_fen: int = 0
    tax_fen: int = 0
    tax_rate_bp: int = 0


@dataclass
class HistoryEntry(Model):
    status: Optional[RequestStatus] = None
    at: Optional[_dt.datetime] = None
    note: Optional[str] = None


@dataclass
class Warning(Model):  # noqa: A001 - the contract's name
    code: str = ""
    message: str = ""
    field: Optional[str] = None


@dataclass
class InvoiceApplication(Model):
    """What the customer confirms: the body of preview and create."""

    kind: Optional[InvoiceKind] = None
    bill_ids: List[str] = field(default_factory=list)
    buyer: Buyer = field(default_factory=Buyer)
    delivery: Delivery = field(default_factory=Delivery)
    remark: Optional[str] = None
    amounts_fen: Dict[str, int] = field(default_factory=dict)


@dataclass
class FieldProblem(Model):
    field: str = ""
    code: str = ""
    message: str = ""


@dataclass
class InvoicePreview(Model):
    lines: List[InvoiceLine] = field(default_factory=list)
    total_fen: int = 0
    net_fen: int = 0
    tax_fen: int = 0
    due_at: Optional[_dt.datetime] = None
    warnings: List[Warning] = field(default_factory=list)
    field_errors: List[FieldProblem] = field(default_factory=list)


@dataclass
class InvoiceRequest(Model):
    id: str = ""
    kind: Optional[InvoiceKind] = None
    bill_ids: List[str] = field(default_factory=list)
    buyer: Buyer = field(default_factory=Buyer)
    delivery: Delivery = field(default_factory=Delivery)
    remark: Optional[str] = None
    lines: List[InvoiceLine] = field(default_factory=list)
    total_fen: int = 0
    net_fen: int = 0
    tax_fen: int = 0
    status: Optional[RequestStatus] = None
    status_label: str = ""
    history: List[HistoryEntry] = field(default_factory=list)
    submitted_at: Optional[_dt.datetime] = None
    due_at: Optional[_dt.datetime] = None
    tracking_number: Optional[str] = None
    fapiao_number: Optional[str] = None
    rejection_reason: Optional[str] = None
    replaces_request_id: Optional[str] = None
    replaced_by_request_id: Optional[str] = None
    warnings: List[Warning] = field(default_factory=list)


@dataclass
class InvoiceProfile(Model):
    kind: Optional[InvoiceKind] = None
    buyer: Buyer = field(default_factory=Buyer)
    delivery: Delivery = field(default_factory=Delivery)


@dataclass
class Announcement(Model):
    id: str = ""
    category: Optional[AnnouncementCategory] = None
    title: str = ""
    body: Optional[str] = None
    affects_kinds: List[InvoiceKind] = field(default_factory=list)
    expected_ship_date: Optional[_dt.date] = None
    starts_at: Optional[_dt.datetime] = None
    ends_at: Optional[_dt.datetime] = None


@dataclass
class NewSupportTicket(Model):
    type: Optional[TicketType] = None
    bill_ids: List[str] = field(default_factory=list)
    request_id: Optional[str] = None
    description: Optional[str] = None
    split_amounts_fen: List[int] = field(default_factory=list)


@dataclass
class SupportTicket(Model):
    id: str = ""
    type: Optional[TicketType] = None
    status: Optional[TicketStatus] = None
    bill_ids: List[str] = field(default_factory=list)
    request_id: Optional[str] = None
    description: Optional[str] = None
    split_amounts_fen: List[int] = field(default_factory=list)
    resolution_note: Optional[str] = None
    created_at: Optional[_dt.datetime] = None
    resolved_at: Optional[_dt.datetime] = None


@dataclass
class Document:
    """The issued e-invoice file."""

    content_type: str
    file_name: str
    data: bytes


@dataclass
class ValidationReport:
    errors: List[FieldError]
    warnings: List[FieldError]

    @property
    def ok(self) -> bool:
        return not self.errors


class Session:
    """A signed-in customer. A value: `session.to_text()` (or pickle) stores it,
    `Session.parse(text)` restores it, and any Client can use it. The text
    holds the session token: keep it as secret as a password. `str()` and
    `repr()` never show it, so `print(session)` or an f-string in a log line
    is safe."""

    __slots__ = ("_text", "_token", "account", "expires_at", "must_change_password")

    def __init__(self, text: str) -> None:
        import json

        if not text.startswith("fapiao-session-v1:"):
            raise ValueError("not a serialised fapiao session")
        data = json.loads(text[len("fapiao-session-v1:"):])
        self._text = text
        self._token = str(data.get("token", ""))
        self.account = Account.from_dict(data.get("account") or {})
        self.expires_at = _dt.datetime.fromisoformat(data["expires_at"])
        self.must_change_password = bool(data.get("must_change_password", False))

    @classmethod
    def parse(cls, text: str) -> "Session":
        return cls(text)

    def to_text(self) -> str:
        """The whole session as text, token included, for storage (Session.parse restores it)."""
        return self._text

    def serialize(self) -> str:
        """The same as to_text()."""
        return self._text

    @property
    def token(self) -> str:
        """The bearer token itself: a secret."""
        return self._token

    def __str__(self) -> str:  # never the token
        return self.__repr__()

    def __repr__(self) -> str:  # never the token
        return f"Session(account={self.account.email!r}, expires_at={self.expires_at.isoformat()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Session) and other._text == self._text

    def __hash__(self) -> int:
        return hash(self._text)

    def __reduce__(self) -> Any:
        return (Session, (self._text,))
