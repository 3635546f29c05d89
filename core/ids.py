"""Ids from URLs, forms and query strings."""

from __future__ import annotations

_MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A database id from a URL or a form, or None for anything that cannot be one.

    Out-of-range numbers are refused here because PostgreSQL rejects them with an error, not an
    empty result, and a malformed id must read as "not found", never as a server error.
    """
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= _MAX_ID else None
