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

from chef_site.client_ip import client_ip

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


PAGE_MESSAGE = "The page number must be a whole number from 1."
PAGE_SIZE_MESSAGE = "The page size must be a whole number from 1 to {maximum}."


def _whole_number(raw: str, *, field: str, message: str, maximum: int | None = None) -> int:
    """`raw` as an int from 1 (to `maximum`), else the standard 400 naming `field`.

    Only ASCII digits count: int() would also take " 3", "+3", "3_000" and other scripts' digits.
    """
    number = 0
    if raw.isascii() and raw.isdigit():
        try:
            number = int(raw)
        except ValueError:  # more digits than Python converts: out of range all the same
            number = 0
    if number < 1 or (maximum is not None and number > maximum):
        raise exceptions.ValidationError({field: [message]})
    return number


class Pagination(PageNumberPagination):
    """`page` and `page_size` are whole numbers; anything else is a 400 naming the parameter.

    DRF would answer a page of "x" with a 404 and quietly replace a page size of "x", 0 or 500
    with another one, so a client's mistake looked like an empty or a different page.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()
    page_query_description = (
        "Page number, from 1. Anything else is a 400 (`details.page`); a page past the last one "
        "is a 404."
    )
    page_size_query_description = (
        f"Results per page, from 1 to {max_page_size} (default {page_size}). Anything else is a "
        "400 (`details.page_size`)."
    )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param or "page_size")
        if raw is None:
            return self.page_size
        maximum = self.max_page_size or self.page_size
        return _whole_number(
            raw,
            field="page_size",
            message=PAGE_SIZE_MESSAGE.format(maximum=maximum),
            maximum=maximum,
        )

    def get_page_number(self, request: Request, paginator: Any) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return _whole_number(raw, field=self.page_query_param, message=PAGE_MESSAGE)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["schema"]["default"] = self.page_size
        return parameters


PAGING_ERROR_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "Some fields are invalid.",
        "details": {"page_size": [PAGE_SIZE_MESSAGE.format(maximum=Pagination.max_page_size)]},
    }
}


def schema_document_paging_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular hook: every paginated operation documents the 400 of a bad page number.

    Lists are declared in each app; the paginator is shared, so its error is documented here
    once instead of in every view.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            names = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"
            }
            if {"page", "page_size"} <= names and "400" not in operation.get("responses", {}):
                operation["responses"]["400"] = {
                    "description": "`page` or `page_size` is not a whole number in range; "
                    "`details` names it.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"},
                            "examples": {
                                "BadPageSize": {
                                    "value": PAGING_ERROR_EXAMPLE,
                                    "summary": "Bad page size",
                                }
                            },
                        }
                    },
                }
                operation["responses"] = dict(
                    sorted(operation["responses"].items(), key=lambda item: item[0])
                )
    return result


class RateLimitHeadersThrottle(SimpleRateThrottle):
    """A throttle that also reports X-RateLimit-Limit/Remaining/Reset on the response.

    Per-address budgets use the site's one client address (`chef_site.client_ip`), the same
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
