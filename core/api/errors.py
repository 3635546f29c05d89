"""The one error body of the API, and the handler that gives every error that shape."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample
from rest_framework import exceptions
from rest_framework import serializers
from rest_framework.response import Response
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
        code, message, details = "invalid", _("Some fields are invalid."), response.data
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
            message = _("Too many requests. Try again in %(seconds)d s.") % {
                "seconds": details["retry_after"]
            }
    response.data = {"error": {"code": str(code), "message": message, "details": details}}
    return response


def error_example(
    name: str, code: str, message: str, details: Any = None, status: int = 400
) -> OpenApiExample:
    """An example of the one error body, for the documentation of a response."""
    return OpenApiExample(
        name,
        value={"error": {"code": code, "message": message, "details": details}},
        response_only=True,
        status_codes=[str(status)],
    )
