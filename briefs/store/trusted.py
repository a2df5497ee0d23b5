"""Stored rows read back as models without validating them again: the program validated them on the
way in, and a stored row never changes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from enum import Enum
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import from_json

M = TypeVar("M", bound=BaseModel)


def _or_none(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes the field's Python value without validation (None: as it is)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        inner = [_converter(a) for a in args if a is not type(None)]
        if len(inner) != 1:
            return None
        return None if inner[0] is None else _or_none(inner[0])
    if origin is list:
        convert = _converter(args[0])
        return None if convert is None else (lambda values: [convert(v) for v in values])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _trusted_builder(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members, enum = annotation._value2member_map_, annotation  # a dict look-up, not Enum.__call__

        def member(value: Any) -> Any:
            found = members.get(value)
            return enum(value) if found is None else found

        return member
    if annotation is float:
        return float
    if annotation is date:  # stored as YYYY-MM-DD, as pydantic dumps a date
        return date.fromisoformat
    return None


@functools.cache
def _trusted_builder(model: type[M]) -> Callable[[dict[str, Any]], M]:
    """A builder of `model` from its own `model_dump(mode="json")`: nested models, enums and floats
    made as validation would, but no validator run. It does what `model_construct` does, minus
    that method's per-call look-ups of aliases and defaults (it cost more than validating). A dict
    missing a required field (written by another version) is validated instead."""
    fields = model.model_fields
    converted = [
        (name, convert) for name, field in fields.items() if (convert := _converter(field.annotation)) is not None
    ]
    required = frozenset(name for name, field in fields.items() if field.is_required())
    defaults = {
        name: field.get_default(call_default_factory=True) for name, field in fields.items() if not field.is_required()
    }
    new, set_attribute = model.__new__, object.__setattr__
    every_field = set(fields)

    def build(data: dict[str, Any]) -> M:
        if not required <= data.keys():
            return model.model_validate(data)
        # `data` is a fresh parse (from_json): used as it is unless it holds keys the model has not.
        values = data if data.keys() <= fields.keys() else {name: data[name] for name in fields if name in data}
        for name, convert in converted:
            if name in values:
                values[name] = convert(values[name])
        instance = new(model)
        if len(values) < len(fields):
            set_attribute(instance, "__dict__", {**defaults, **values})
            set_attribute(instance, "__pydantic_fields_set__", set(values))
        else:  # every field set: one set shared by all such instances (setting a field again adds nothing to it)
            set_attribute(instance, "__dict__", values)
            set_attribute(instance, "__pydantic_fields_set__", every_field)
        set_attribute(instance, "__pydantic_extra__", None)
        set_attribute(instance, "__pydantic_private__", None)
        return instance

    return build


def trusted_builder(model: type[M]) -> Callable[[dict[str, Any]], M]:
    """The maker of `model` from a dict parsed from its stored JSON (what `trusted` calls)."""
    return _trusted_builder(model)


def trusted(model: type[M], data: str) -> M:
    """A model from JSON this program wrote after validating it (a stored incident): read, not
    re-validated. A stored row never changes; validation happened on the way in."""
    build: Callable[[dict[str, Any]], M] = _trusted_builder(model)
    return build(from_json(data))


def trusted_list(model: type[M], data: str) -> list[M]:
    """A JSON array of such models (a stored incident's counts), read the same way."""
    build: Callable[[dict[str, Any]], M] = _trusted_builder(model)
    return [build(item) for item in from_json(data)]


def builder(model: type[M]) -> Callable[..., M]:
    """A maker of `model` from values this program made itself, of the fields' types (the merge's
    figures, a brief's parts): set, not validated. Every field must be given, by name."""
    every_field = set(model.model_fields)  # shared by all its instances, as `_trusted_builder` shares it
    new, set_attribute = model.__new__, object.__setattr__

    def build(**values: Any) -> M:
        instance = new(model)
        set_attribute(instance, "__dict__", values)
        set_attribute(instance, "__pydantic_fields_set__", every_field)
        set_attribute(instance, "__pydantic_extra__", None)
        set_attribute(instance, "__pydantic_private__", None)
        return instance

    return build
