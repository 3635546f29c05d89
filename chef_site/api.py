"""API plumbing shared by every app: one error body, pagination, throttles."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiExample
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True)


class ErrorSerializer(serializers.Serializer[Any]):
    """The one error body of the API: {"error": {"code", "message", "details"}}."""

    error = ErrorDetailSerializer()


ERROR_EXAMPLES = [
    OpenApiExample(
        "Validation error",
        value={
            "error": {
                "code": "invalid",
                "message": "Some fields are invalid.",
                "details": {"rating": ["Ensure this value is less than or equal to 5."]},
            }
        },
        response_only=True,
        status_codes=["400"],
    ),
    OpenApiExample(
        "Not found",
        value={"error": {"code": "not_found", "message": "Not found.", "details": None}},
        response_only=True,
        status_codes=["404"],
    ),
]


def error_response(
    code: str,
    message: str,
    status_code: int,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return Response(
        {"error": {"code": code, "message": message, "details": details}},
        status=status_code,
        headers=headers,
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        code, message, details = "invalid", "Some fields are invalid.", response.data
        if isinstance(details, list):
            details = {"non_field_errors": details}
    else:
        detail = getattr(exc, "detail", None)
        code = str(getattr(detail, "code", None) or getattr(exc, "default_code", "error"))
        message = str(detail) if detail is not None else str(exc)
        details = None
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            details = {"retry_after": int(wait + 0.999)}
            message = f"Too many requests. Try again in {details['retry_after']} s."
    response.data = {"error": {"code": str(code), "message": message, "details": details}}
    return response


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class RateLimitHeadersThrottle(SimpleRateThrottle):
    """A throttle that also reports X-RateLimit-Limit/Remaining/Reset on the response."""

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


class RateLimitHeadersMixin:
    """Copies the tightest throttle's numbers into X-RateLimit-* headers (and Retry-After)."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        numbers = getattr(request, "_ratelimit", None)
        if numbers is not None:
            limit, remaining, reset = numbers
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(remaining)
            response["X-RateLimit-Reset"] = str(reset)
        if (
            response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
            and "Retry-After" not in response
        ):
            response["Retry-After"] = "60"
        return response
