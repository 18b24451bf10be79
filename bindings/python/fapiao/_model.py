"""Model: conversion to and from the contract's JSON shape, the base of every
generated model (fapiao.models)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import typing
from typing import Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar

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
        for f in dataclasses.fields(self):
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
    fields = [(f.name, _loader(hints[f.name])) for f in dataclasses.fields(cls)]
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
        load: Callable[[Any], Any] = inner
        return lambda value: None if value is None else load(value)
    if origin in (list, List):
        item = _loader(typing.get_args(hint)[0])
        if item is None:
            return list
        load_item: Callable[[Any], Any] = item
        return lambda value: [load_item(v) for v in value]
    if origin in (dict, Dict):
        entry = _loader(typing.get_args(hint)[1])
        if entry is None:
            return dict
        load_entry: Callable[[Any], Any] = entry
        return lambda value: {k: load_entry(v) for k, v in value.items()}
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
