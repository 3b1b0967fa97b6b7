"""Saying which field of a stored payload could not be decoded, and why (the codec's errors)."""

from __future__ import annotations

from typing import Any

import cattrs
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.v import format_exception

from hom_core.errors import CorruptRecordError, HomError

__all__ = ["described"]


def described(
    converter: cattrs.Converter, data: Any, cls: type, error: Exception, position: int | None
) -> CorruptRecordError:
    """The error for a payload ``data`` that failed to structure into ``cls`` with ``error``,
    naming the field that made it fail (found by structuring it again with detailed
    validation)."""
    extra_keys: list[str | None] = []  # per message: the first unknown key it reports, if any

    def describe(failure: BaseException, kind: type | None) -> str:
        if isinstance(failure, ForbiddenExtraKeysError):
            extra_keys.append(min(failure.extra_fields))
        else:
            extra_keys.append(None)
        if isinstance(failure, HomError):  # our value types say what is wrong and what to do
            return str(failure)
        if isinstance(failure, TypeError | ValueError) and str(failure):
            return f"{format_exception(failure, kind)} ({failure})"
        return format_exception(failure, kind)

    try:
        converter.copy(detailed_validation=True).structure(data, cls)
    except Exception as detailed:
        messages = cattrs.transform_error(detailed, path="payload", format_exception=describe)
        reason, _, path = messages[0].rpartition(" @ ")
        if extra_keys and extra_keys[0] is not None:  # name the unknown key itself
            path = f"{path}.{extra_keys[0]}"
        field = path.removeprefix("payload").lstrip(".") or None
        return CorruptRecordError(
            position, field, "; ".join(messages) if len(messages) > 1 else reason
        )
    return CorruptRecordError(position, None, f"{type(error).__name__}: {error}")
