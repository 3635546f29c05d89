"""Throttles of the API (and of the job pages), with X-RateLimit-* headers on every response."""

from __future__ import annotations

import time
from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from core.client_ip import client_ip


class RateLimitHeadersThrottle(SimpleRateThrottle):
    """A throttle that also reports X-RateLimit-Limit/Remaining/Reset on the response.

    Per-address budgets use the site's one client address (`core.client_ip`), the same
    one as the lockouts and the logs; DRF's own reading would trust a forged X-Forwarded-For.
    """

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: APIView) -> bool:
        allowed = super().allow_request(request, view)
        if self.key is not None and self.rate is not None:
            limit, duration = self.parse_rate(self.rate)
            remaining = max(0, (limit or 0) - len(self.history))
            window = duration or 0
            reset = int(window - (self.now - self.history[-1])) if self.history else window
            current = getattr(request, "_ratelimit", None)
            if current is None or remaining < current[1]:
                numbers = (limit, remaining, int(time.time()) + max(0, reset))
                setattr(request, "_ratelimit", numbers)  # noqa: B010
        return allowed


class JobUserThrottle(RateLimitHeadersThrottle):
    scope = "jobs_user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class JobIPThrottle(RateLimitHeadersThrottle):
    scope = "jobs_ip"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthThrottle(RateLimitHeadersThrottle):
    scope = "auth"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def add_rate_limit_headers(request: Any, response: Any) -> None:
    """The tightest throttle's numbers (kept on the request by allow_request) as headers."""
    numbers = getattr(request, "_ratelimit", None)
    if numbers is not None:
        limit, remaining, reset = numbers
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        response["X-RateLimit-Reset"] = str(reset)


class RateLimitHeadersMixin:
    """Copies the tightest throttle's numbers into X-RateLimit-* headers (and Retry-After)."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        add_rate_limit_headers(request, response)
        if (
            response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
            and "Retry-After" not in response
        ):
            response["Retry-After"] = "60"
        return response
