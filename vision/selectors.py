"""Reads of scans that pages, the API and the history share, always scoped to one user."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from vision.models import Scan

_MAX_ID = 2**63 - 1


def scan_list_for(*, user: User) -> QuerySet[Scan]:
    """The user's scans, newest first, with their ingredients in one extra query (not per row)."""
    return (
        Scan.objects.filter(user=user)
        .prefetch_related("ingredients")
        .order_by("-created_at", "-id")
    )


def scan_get_for(*, user: User, pk: object) -> Scan:
    """One of the user's scans; another person's scan is reported as missing, never shown.

    Raises Scan.DoesNotExist for an unknown id, another user's id or an id that is not a number,
    so every caller answers 404 the same way.
    """
    scan_id = parse_id(pk)
    if scan_id is None:
        raise Scan.DoesNotExist
    return scan_list_for(user=user).get(pk=scan_id)


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
