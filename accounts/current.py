"""The signed-in person of a request, as our User (narrows the type for the services)."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from rest_framework.request import Request

from accounts.models import User


def signed_in(request: HttpRequest) -> User:
    """The request's user, for page views behind login_required."""
    user = request.user
    if not user.is_authenticated:  # pragma: no cover - login_required runs first
        raise PermissionError("login required")
    return user


def me(request: Request) -> User:
    """The request's user, for API views (IsAuthenticated has already answered 401)."""
    return cast(User, request.user)
