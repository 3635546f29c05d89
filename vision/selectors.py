"""Reads of scans that pages, the API and the history share, always scoped to one user."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from core.ids import parse_id
from vision.models import Scan


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
