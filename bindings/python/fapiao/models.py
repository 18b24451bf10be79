"""Models: plain dataclasses with the contract's field names. Money is integer
fen (format with `format_yuan`), times are timezone-aware datetimes, enums keep
unknown values. Build them with keyword arguments or `from_dict`; `to_dict`
gives the JSON shape back. The dataclasses are generated from
api/openapi.yaml (_generated_models.py); Document, ValidationReport and
Session are written here."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Dict, List

from . import _fapiao
from ._generated_models import *  # noqa: F401,F403 - the objects of the contract
from ._generated_models import EVENT_OBJECT_MODELS, Account, Event
from ._generated_models import __all__ as _generated
from ._model import Model
from .errors import FieldError

__all__ = ["Document", "FieldProblem", "Model", "Session", "ValidationReport", "event_from_dict", *_generated]

#: The name InvoicePreview.field_errors' items had before they became FieldError: kept for old code.
FieldProblem = FieldError


def event_from_dict(data: Dict[str, Any]) -> Event:
    """An Event whose data.object is the model its type names (Bill, InvoiceRequest...),
    or the plain dict for a type this version does not know."""
    event = Event.from_dict(data)
    model = EVENT_OBJECT_MODELS.get(str(event.type))
    if model is not None and isinstance(event.data.object, dict):
        event.data.object = model.from_dict(event.data.object)
    return event


#: The issued e-invoice file: `content_type`, `file_name` (a safe base name) and
#: `data` (bytes). The C++ object itself, not a copy.
Document = _fapiao.Document


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

    __slots__ = ("_text", "_token", "_native", "account", "expires_at", "must_change_password")

    def __init__(self, text: str) -> None:
        import json

        if not text.startswith("fapiao-session-v1:"):
            raise ValueError("not a serialised fapiao session")
        data = json.loads(text[len("fapiao-session-v1:"):])
        self._text = text
        self._token = str(data.get("token", ""))
        self._native: _fapiao.NativeSession = _fapiao.NativeSession(text)  # parsed once, not per call
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
