"""The base classes and helpers every API view of v1 shares.

Every view answers with the rate-limit headers (so a client can pace itself before it meets a
429), and the views that create jobs are throttled per user and per address, because each job
costs minutes of model time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.urls import Resolver404
from django.urls import resolve
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ParseError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from core import languages
from core.api.errors import ERROR_EXAMPLES
from core.api.errors import ErrorSerializer
from core.api.errors import error_example
from core.api.errors import error_response
from core.api.paging import Pagination
from core.api.throttles import JobIPThrottle
from core.api.throttles import JobUserThrottle
from core.api.throttles import RateLimitHeadersMixin


class RequestTooLarge(APIException):
    status_code = 413
    default_detail = _("The request is too large.")
    default_code = "too_large"


class BaseApi(RateLimitHeadersMixin, APIView):
    """An authenticated JSON endpoint that reports its rate-limit numbers."""

    pagination_class: type[Pagination] | None = Pagination

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Answer in the language of Accept-Language, else the profile's, else the default.

        The header's language (or the default) is active before authentication, so that a 401
        is in it too; the profile's replaces the default once the user is known.
        """
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        languages.activate(
            request._request, languages.from_accept_language(header) or settings.LANGUAGE_CODE
        )
        super().initial(request, *args, **kwargs)

    def perform_authentication(self, request: Request) -> None:
        super().perform_authentication(request)
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        languages.activate(request._request, languages.api_language(header, request.user))

    def handle_exception(self, exc: Exception) -> Response:
        """Turn the few Django exceptions DRF leaves alone into the one error body.

        A selector's DoesNotExist (not found, or not the caller's) is a 404, never a 500; a body
        over Django's size or field-count limits is a 413 or 400 in our shape, not an HTML page.
        """
        if isinstance(exc, ObjectDoesNotExist):
            exc = NotFound()
        elif isinstance(exc, RequestDataTooBig):
            exc = RequestTooLarge()
        elif isinstance(exc, SuspiciousOperation):
            exc = ParseError(_("The request could not be read."))
        return super().handle_exception(exc)

    def paginate(
        self,
        *,
        queryset: QuerySet[Any] | Sequence[Any],
        serializer_class: type[serializers.BaseSerializer[Any]],
    ) -> Response:
        """One page of `queryset` in the standard {count, next, previous, results} envelope."""
        paginator = (self.pagination_class or Pagination)()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        data = serializer_class(page, many=True, context={"request": self.request}).data
        return paginator.get_paginated_response(data)


@extend_schema(exclude=True)
class UnknownAddressApi(BaseApi):
    """Any other address under /api/: a JSON 404 in the error body, never the HTML 404 page.

    It also catches ids that are not numbers (`/api/v1/scans/abc/`) and a missing trailing slash,
    which Django would otherwise answer with a redirect that drops a POST body.
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        path = request.path
        if not path.endswith("/"):
            try:
                match = resolve(f"{path}/")
            except Resolver404:
                match = None
            if match is not None and match.url_name != "api-not-found":
                raise NotFound(
                    _("Not found. Did you mean %(path)s (with the slash)?") % {"path": f"{path}/"}
                )
        raise NotFound()

    get = post = put = patch = delete = not_found


class JobCreateApi(BaseApi):
    """A view whose POST starts (or restarts) a scan or a generation: throttled per user and IP.

    Both throttles ignore GET, so a list view that also creates jobs can use this base too.
    """

    throttle_classes: Sequence[type[BaseThrottle]] = (JobUserThrottle, JobIPThrottle)


def validated(serializer_class: type[serializers.Serializer[Any]], data: Any, **kwargs: Any) -> Any:
    """Validate input with an input serializer; a bad value raises the standard 400."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def query_params(request: Request) -> dict[str, str]:
    """Query parameters as a plain dict: the last value wins, absent means absent.

    A plain dict keeps DRF's HTML-form rules away (a missing boolean would become False).
    """
    return {key: request.query_params.get(key, "") for key in request.query_params}


def field_error(field: str, message: str, *, code: str = "invalid") -> Response:
    """A 400 in the standard error body, naming the field at fault."""
    return error_response(code, message, 400, details={field: [message]})


def conflict(message: str) -> Response:
    return error_response("conflict", message, 409)


# --- schema helpers ------------------------------------------------------------------------


def error(description: str, *examples: OpenApiExample) -> OpenApiResponse:
    """An error response in the schema: always the one error body."""
    return OpenApiResponse(ErrorSerializer, description=description, examples=list(examples))


NOT_FOUND = error(
    "Not found, or not yours (another person's objects are invisible), or a page past the end.",
    *[e for e in ERROR_EXAMPLES if e.name == "Not found"],
)
INVALID = error(
    "Some fields are invalid; `details` maps each field to its messages.",
    error_example(
        "Invalid field",
        "invalid",
        "Some fields are invalid.",
        {"page_size": ["Ensure this value is less than or equal to 100."]},
    ),
)
UNAUTHENTICATED = error(
    "No valid credentials: send `Authorization: Token <key>`.",
    error_example(
        "Not authenticated",
        "not_authenticated",
        "Authentication credentials were not provided.",
        None,
        401,
    ),
)
THROTTLED = error(
    "Too many requests; `Retry-After` says when to try again.",
    error_example(
        "Throttled", "throttled", "Too many requests. Try again in 42 s.", {"retry_after": 42}, 429
    ),
)
CONFLICT = error(
    "The job is not in a state that allows this.",
    error_example("Not failed", "conflict", "Only a failed job can be retried.", None, 409),
)


def finished_conflict(message: str) -> OpenApiResponse:
    """The 409 of a cancel: the job has already finished (succeeded, failed or cancelled)."""
    return error(
        "The job has already finished.",
        error_example("Finished", "conflict", message, None, 409),
    )


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The standard error responses for the given status codes (401 is always included)."""
    table = {400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND, 409: CONFLICT, 429: THROTTLED}
    return {code: table[code] for code in sorted({401, *codes})}


def job_headers() -> list[OpenApiParameter]:
    """Response headers of a job-creating POST: where to poll, and the rate-limit numbers."""
    return [
        OpenApiParameter(
            "Location",
            str,
            OpenApiParameter.HEADER,
            response=[202],
            description="The address to poll until the job has finished.",
        ),
        *[
            OpenApiParameter(name, int, OpenApiParameter.HEADER, response=True, description=text)
            for name, text in (
                ("X-RateLimit-Limit", "Jobs allowed per hour."),
                ("X-RateLimit-Remaining", "Jobs left in the current hour."),
                ("X-RateLimit-Reset", "Unix time when the allowance is full again."),
            )
        ],
    ]


def response_example(name: str, value: Any, status: int = 200) -> OpenApiExample:
    """An example of a response body with one status code (the common case in the docs)."""
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])
