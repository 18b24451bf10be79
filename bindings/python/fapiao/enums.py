"""The service's enumerations. Each is a `str` enum that keeps values it does
not know: a status added by a newer service becomes a pseudo-member with
that value instead of an error, and round-trips unchanged. The enums are
generated from api/openapi.yaml (_generated_enums.py)."""

from __future__ import annotations

from ._generated_enums import *  # noqa: F401,F403 - the enums of the contract
from ._generated_enums import __all__ as _generated
from ._open_enum import OpenEnum

__all__ = ["OpenEnum", *_generated]


def __getattr__(name: str) -> object:
    # FINAL_STATUSES lived here before the status machine moved to
    # fapiao.lifecycle (which imports this module, hence the lazy lookup).
    if name == "FINAL_STATUSES":
        from .lifecycle import FINAL_STATUSES

        return FINAL_STATUSES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
