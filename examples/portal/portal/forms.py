"""Forms <-> SDK models, and SDK problems -> the inputs they belong to.

Every input is named by the contract's field path (`buyer.taxpayer_id`,
`delivery.mobile`), so a FieldError from the SDK's local validation or from
the service lands at its input without a mapping table: `bill_ids[0]`
belongs to the `bill_ids` checkboxes."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Dict, Iterable, Iterator, List, Mapping, Optional

import fapiao
from fapiao import errors

from .messages import error_message, field_message

BUYER_FIELDS = ("type", "organization_kind", "name", "taxpayer_id", "address", "phone", "bank_name", "bank_account")
DELIVERY_FIELDS = ("method", "recipient", "mobile", "province", "city", "district", "street", "postal_code", "email")


class FormErrors:
    """Problems by input name, plus those that belong to no input."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.by_input: Dict[str, List[str]] = {}
        self.general: List[str] = []

    def __bool__(self) -> bool:
        return bool(self.by_input or self.general)

    def add_field(self, path: str, code: str, english: str) -> None:
        name = re.sub(r"\[\d+\]$", "", path)
        self.by_input.setdefault(name, []).append(field_message(code, english, self.lang))

    def add_fields(self, problems: Iterable[fapiao.FieldError]) -> None:
        """From a refused call, local validation or a preview: the same FieldError."""
        for p in problems:
            self.add_field(p.field, p.code, p.message or "")

    def add_error(self, error: errors.FapiaoError, input_name: Optional[str] = None) -> None:
        """A refused call: its field problems at their inputs, or the whole error at
        `input_name` (e.g. ORDER_NOT_FOUND at order_id), or above the form."""
        if error.field_errors:
            self.add_fields(error.field_errors)
            return
        text = error_message(error.service_code, error.message, self.lang)
        if input_name:
            self.by_input.setdefault(input_name, []).append(text)
        else:
            self.general.append(text)

    @contextmanager
    def refusals(self, where: Optional[Mapping[str, str]] = None) -> Iterator[None]:
        """Around an SDK call: a refusal becomes problems (a whole-call code at the
        input `where` names for it) and the block ends; check `if problems:` after.
        A session that ended is not the form's problem: it goes on to needs_fapiao."""
        try:
            yield
        except (errors.AuthenticationError, errors.PermissionDeniedError):
            raise
        except errors.FapiaoError as e:
            self.add_error(e, (where or {}).get(e.service_code))

    def at(self, name: str) -> List[str]:
        return self.by_input.get(name, [])


def _value(form: Mapping[str, str], name: str) -> Optional[str]:
    value = (form.get(name) or "").strip()
    return value or None


def buyer_from_form(form: Mapping[str, str], prefix: str = "buyer.") -> fapiao.Buyer:
    values = {f: _value(form, prefix + f) for f in BUYER_FIELDS}
    return fapiao.Buyer.from_dict({k: v for k, v in values.items() if v is not None})


def application_from_form(form: Mapping[str, str], bill_ids: List[str]) -> fapiao.InvoiceApplication:
    delivery = {f: _value(form, "delivery." + f) for f in DELIVERY_FIELDS}
    data = {
        "kind": _value(form, "kind"),
        "bill_ids": bill_ids,
        "buyer": buyer_from_form(form).to_dict(),
        "delivery": {k: v for k, v in delivery.items() if v is not None},
    }
    if _value(form, "remark"):
        data["remark"] = _value(form, "remark")
    return fapiao.InvoiceApplication.from_dict({k: v for k, v in data.items() if v is not None})


def form_from_application(application: fapiao.InvoiceApplication) -> Dict[str, str]:
    """The inputs' values for an application (a draft, or the last used profile)."""
    values: Dict[str, str] = {"kind": str(application.kind or "")}
    for f in BUYER_FIELDS:
        v = getattr(application.buyer, f)
        values["buyer." + f] = "" if v is None else str(v)
    for f in DELIVERY_FIELDS:
        v = getattr(application.delivery, f)
        values["delivery." + f] = "" if v is None else str(v)
    values["remark"] = application.remark or ""
    return values


def form_from_profile(profile: fapiao.InvoiceProfile) -> Dict[str, str]:
    return form_from_application(fapiao.InvoiceApplication(kind=profile.kind, buyer=profile.buyer,
                                                           delivery=profile.delivery))


def yuan_to_fen(text: str) -> int:
    """'1,234.5' -> 123450; ValueError on anything that is not an amount."""
    cleaned = text.replace(",", "").replace("¥", "").strip()
    if not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    whole, _, cents = cleaned.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])
