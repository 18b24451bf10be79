"""OpenEnum: the base of the service's enumerations (fapiao.enums)."""

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
