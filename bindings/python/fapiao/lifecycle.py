"""The invoice request's status machine, answered by the SDK's C++ core
(fapiao/lifecycle.hpp): which status may follow which, when a request is
final, when its title may change and when it has an e-invoice file. Nothing
here restates a rule; each function asks the core.

    from fapiao import lifecycle
    if lifecycle.can_change_title(request.status, request.kind): ...
"""

from __future__ import annotations

from typing import FrozenSet, List, Union

from . import _fapiao
from .enums import DeliveryMethod, InvoiceKind, RequestStatus

StatusLike = Union[RequestStatus, str, None]
KindLike = Union[InvoiceKind, str, None]
MethodLike = Union[DeliveryMethod, str, None]

#: A request is due this many working days after submission (R14).
DUE_WORKING_DAYS: int = _fapiao.DUE_WORKING_DAYS
#: A payment appears as a bill this many days after it was paid (R7).
BILL_SYNC_DAYS: int = _fapiao.BILL_SYNC_DAYS

#: Where SELF_PICKUP invoices are collected, whom to ask for and the phone (R13).
PICKUP_ADDRESS: str = _fapiao.PICKUP_ADDRESS
PICKUP_CONTACT: str = _fapiao.PICKUP_CONTACT
PICKUP_PHONE: str = _fapiao.PICKUP_PHONE

#: Statuses after which a request moves no further by itself.
FINAL_STATUSES: FrozenSet[RequestStatus] = frozenset(RequestStatus(s) for s in _fapiao.final_statuses())


def _wire(value: Union[str, None]) -> str:
    return "" if value is None else str(value)


def is_final(status: StatusLike) -> bool:
    """DELIVERED, PICKED_UP, REJECTED, CANCELLED or REVERSED."""
    return _fapiao.is_final(_wire(status))


def can_advance(from_status: StatusLike, to_status: StatusLike, kind: KindLike, delivery_method: MethodLike) -> bool:
    """Whether the issuer may move a request from `from_status` to `to_status`."""
    return _fapiao.can_advance(_wire(from_status), _wire(to_status), _wire(kind), _wire(delivery_method))


def can_cancel(status: StatusLike) -> bool:
    """Only a SUBMITTED request can be cancelled."""
    return _fapiao.can_cancel(_wire(status))


def can_change_title(status: StatusLike, kind: KindLike) -> bool:
    """A title change needs an issued invoice (paper: PRINTED onwards; digital: ISSUED, DELIVERED)."""
    return _fapiao.can_change_title(_wire(status), _wire(kind))


def has_document(status: StatusLike, kind: KindLike) -> bool:
    """An e-invoice file exists for digital kinds once ISSUED."""
    return _fapiao.has_document(_wire(status), _wire(kind))


def status_path(kind: KindLike, delivery_method: MethodLike) -> List[RequestStatus]:
    """The steps from SUBMITTED to the final status when all goes well."""
    return [RequestStatus(s) for s in _fapiao.status_path(_wire(kind), _wire(delivery_method))]


__all__ = ["BILL_SYNC_DAYS", "DUE_WORKING_DAYS", "FINAL_STATUSES", "PICKUP_ADDRESS", "PICKUP_CONTACT", "PICKUP_PHONE", "can_advance", "can_cancel", "can_change_title",
           "has_document", "is_final", "status_path"]
