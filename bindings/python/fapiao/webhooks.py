"""Receiving webhooks: verify a delivery before trusting it (docs/webhooks.md).

    event = fapiao.webhooks.construct_event(request_body, headers.get("Fapiao-Signature"), [secret])
    if event.id in seen: return 200          # delivered at least once: dedupe by id
    if isinstance(event.data.object, fapiao.InvoiceRequest): ...

The same code as C++'s fapiao::webhooks::construct_event (the native core
runs it): HMAC-SHA256 over the raw body with each secret, compared in
constant time; a signature time more than `tolerance` seconds from now is
refused. Unknown event types and fields are tolerated: data.object is then
the plain dict."""

from __future__ import annotations

import json
import time
from typing import Optional, Sequence, Union

from . import _fapiao, errors
from .models import Event, event_from_dict

#: The HTTP header a delivery's signature comes in: pass its value to construct_event.
SIGNATURE_HEADER: str = _fapiao.WEBHOOK_SIGNATURE_HEADER

#: How far (seconds) the signature's time may be from now, by default.
DEFAULT_TOLERANCE = 300

#: The stable codes of a delivery that fails verification (FapiaoError.service_code).
SIGNATURE_MISSING = "WEBHOOK_SIGNATURE_MISSING"
SIGNATURE_MISMATCH = "WEBHOOK_SIGNATURE_MISMATCH"
TIMESTAMP_OUTSIDE_TOLERANCE = "WEBHOOK_TIMESTAMP_OUTSIDE_TOLERANCE"
PAYLOAD_MALFORMED = "WEBHOOK_PAYLOAD_MALFORMED"

class SignatureVerificationError(errors.AuthenticationError):
    """The delivery is not proven to come from the service: answer 400 and drop it.
    `service_code` is SIGNATURE_MISSING, SIGNATURE_MISMATCH or TIMESTAMP_OUTSIDE_TOLERANCE."""


def _error(native: _fapiao.NativeError) -> errors.FapiaoError:
    e = errors.from_native(str(native.args[0]))
    if isinstance(e, errors.AuthenticationError) and e.service_code.startswith("WEBHOOK_"):
        return SignatureVerificationError(e.message, service_code=e.service_code)
    return e  # WEBHOOK_PAYLOAD_MALFORMED: a ProtocolError


def construct_event(payload: bytes, header: Optional[str], secrets: Union[str, Sequence[str]], *,
                    tolerance: int = DEFAULT_TOLERANCE, now: Optional[int] = None) -> Event:
    """The verified Event of a delivery. `payload` is the raw body (bytes, exactly as
    received: never a re-serialised dict); `header` is Fapiao-Signature (None when
    absent); `secrets` one secret or several (during a rotation). `now` (Unix
    seconds) is for tests. Raises SignatureVerificationError, or ProtocolError
    when a signed body is not an event."""
    if not isinstance(payload, (bytes, bytearray, memoryview)):
        raise TypeError("payload must be the raw request body as bytes")
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    try:
        text = _fapiao.webhook_construct_event(bytes(payload), header or "", keys, int(tolerance), now)
    except _fapiao.NativeError as native:
        raise _error(native) from None
    return event_from_dict(json.loads(text))


def sign(payload: bytes, secrets: Union[str, Sequence[str]], timestamp: Optional[int] = None) -> str:
    """The Fapiao-Signature value the service would send (for testing a receiver)."""
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    return _fapiao.webhook_sign(bytes(payload), keys, int(time.time()) if timestamp is None else int(timestamp))


__all__ = ["DEFAULT_TOLERANCE", "PAYLOAD_MALFORMED", "SIGNATURE_HEADER", "SIGNATURE_MISMATCH", "SIGNATURE_MISSING",
           "SignatureVerificationError", "TIMESTAMP_OUTSIDE_TOLERANCE", "construct_event", "sign"]
