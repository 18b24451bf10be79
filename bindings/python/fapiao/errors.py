"""The exception hierarchy of fapiao, mirroring the shared error table
(docs/errors.md). Built-in bases where they fit, so generic handlers work:
validation problems are ValueError, deadlines TimeoutError, network failures
ConnectionError, missing objects LookupError."""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Type

from ._generated_models import FieldError as _FieldError


#: One bad field: path ("buyer.taxpayer_id"), stable code, English message. The
#: contract's FieldError, the same class whether it came in an error, from local
#: validation, or in a preview's field_errors.
FieldError = _FieldError


class FapiaoError(Exception):
    """Every error the SDK raises. Quote `request_id` to support."""

    code: str = "internal"

    def __init__(self, message: str = "", *, code: Optional[str] = None, http_status: int = 0,
                 service_code: str = "", request_id: str = "", idempotency_key: str = "",
                 retryable: bool = False, attempts: int = 0, retry_after: Optional[int] = None,
                 field_errors: Optional[List[FieldError]] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.http_status = http_status
        self.service_code = service_code
        self.request_id = request_id
        self.idempotency_key = idempotency_key
        self.retryable = retryable
        self.attempts = attempts
        self.retry_after = retry_after
        self.field_errors: List[FieldError] = list(field_errors or [])

    def __str__(self) -> str:
        text = self.message
        if self.service_code:
            text = f"{self.service_code}: {text}"
        for f in self.field_errors:
            text += f"\n  {f.field}: {f.code} - {f.message}"
        if self.request_id:
            text += f"\n  request id: {self.request_id}"
        return text


class InternalError(FapiaoError):
    code = "internal"


class InvalidRequestError(FapiaoError, ValueError):
    """Input failed validation, locally or at the service (`field_errors` lists every field)."""

    code = "invalid_argument"


class AuthenticationError(FapiaoError):
    code = "unauthenticated"


class PermissionDeniedError(FapiaoError, PermissionError):
    code = "permission_denied"


class NotFoundError(FapiaoError, LookupError):
    code = "not_found"


class ConflictError(FapiaoError):
    code = "conflict"


class IdempotencyError(ConflictError):
    code = "idempotency"


class RateLimitError(FapiaoError):
    code = "rate_limited"


class ServiceUnavailableError(FapiaoError):
    code = "unavailable"


class APIConnectionError(FapiaoError, ConnectionError):
    code = "transport"


class TLSError(APIConnectionError):
    code = "tls"


class DeadlineExceededError(FapiaoError, TimeoutError):
    code = "timeout"


class CancelledError(FapiaoError):
    code = "cancelled"


class ProtocolError(FapiaoError):
    code = "protocol"


class RejectedError(FapiaoError):
    """A business rule refused the request (EMPTY_SELECTION, SPLIT_REQUIRES_SUPPORT...)."""

    code = "rejected"


#: Error category (docs/errors.md) -> exception class.
CLASSES: Dict[str, Type[FapiaoError]] = {
    cls.code: cls
    for cls in (InternalError, InvalidRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
                ConflictError, IdempotencyError, RateLimitError, ServiceUnavailableError, APIConnectionError,
                TLSError, DeadlineExceededError, CancelledError, ProtocolError, RejectedError)
}


def from_native(payload: str) -> FapiaoError:
    """The exception for an error reported by the native core (its JSON)."""
    data = json.loads(payload)
    cls = CLASSES.get(data.get("code", ""), InternalError)
    return cls(
        data.get("message", ""),
        http_status=data.get("http_status", 0),
        service_code=data.get("service_code", ""),
        request_id=data.get("request_id", ""),
        idempotency_key=data.get("idempotency_key", ""),
        retryable=bool(data.get("retryable", False)),
        attempts=data.get("attempts", 0),
        retry_after=data.get("retry_after"),
        field_errors=[FieldError(f.get("field", ""), f.get("code", ""), f.get("message") or "")
                      for f in data.get("field_errors") or []],
    )
