"""The service's enumerations. Each is a `str` enum that keeps values it does
not know: a status added by a newer service becomes a pseudo-member with
that value instead of an error, and round-trips unchanged."""

from __future__ import annotations

import enum


class OpenEnum(str, enum.Enum):
    """A str enum that accepts unknown values (see `is_known`)."""

    @classmethod
    def _missing_(cls, value: object) -> "OpenEnum":
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a valid {cls.__name__}")
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value this version of the SDK does not know."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)


class AccountStatus(OpenEnum):
    PENDING_ACTIVATION = "PENDING_ACTIVATION"
    ACTIVE = "ACTIVE"


class PaymentMethod(OpenEnum):
    ALIPAY = "ALIPAY"
    UNIONPAY = "UNIONPAY"
    WIRE_TRANSFER = "WIRE_TRANSFER"


class BillState(OpenEnum):
    UNINVOICED = "UNINVOICED"
    RESERVED = "RESERVED"
    INVOICED = "INVOICED"
    SPLIT = "SPLIT"


class BuyerType(OpenEnum):
    ORGANIZATION = "ORGANIZATION"
    INDIVIDUAL = "INDIVIDUAL"


class OrganizationKind(OpenEnum):
    ENTERPRISE = "ENTERPRISE"
    NON_ENTERPRISE = "NON_ENTERPRISE"


class DeliveryMethod(OpenEnum):
    YUNDA = "YUNDA"
    SF_FREIGHT_COLLECT = "SF_FREIGHT_COLLECT"
    SELF_PICKUP = "SELF_PICKUP"
    EMAIL = "EMAIL"


class InvoiceKind(OpenEnum):
    VAT_ORDINARY = "VAT_ORDINARY"
    VAT_SPECIAL = "VAT_SPECIAL"
    DIGITAL_ORDINARY = "DIGITAL_ORDINARY"
    DIGITAL_SPECIAL = "DIGITAL_SPECIAL"


class RequestStatus(OpenEnum):
    SUBMITTED = "SUBMITTED"
    PROCESSING = "PROCESSING"
    PRINTED = "PRINTED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    READY_FOR_PICKUP = "READY_FOR_PICKUP"
    PICKED_UP = "PICKED_UP"
    ISSUED = "ISSUED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
    AWAITING_RETURN = "AWAITING_RETURN"
    REVERSED = "REVERSED"


#: Statuses after which a request moves no further by itself.
FINAL_STATUSES = frozenset({RequestStatus.DELIVERED, RequestStatus.PICKED_UP, RequestStatus.REJECTED,
                            RequestStatus.CANCELLED, RequestStatus.REVERSED})


class AnnouncementCategory(OpenEnum):
    STOCK_SHORTAGE = "STOCK_SHORTAGE"
    HOLIDAY_SCHEDULE = "HOLIDAY_SCHEDULE"
    MAINTENANCE = "MAINTENANCE"
    OTHER = "OTHER"


class TicketType(OpenEnum):
    SPLIT_BILL = "SPLIT_BILL"
    TITLE_CHANGE = "TITLE_CHANGE"
    NOT_RECEIVED = "NOT_RECEIVED"
    PROGRESS = "PROGRESS"
    OTHER = "OTHER"


class TicketStatus(OpenEnum):
    OPEN = "OPEN"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
