"""Request and job context in every log line (request_id, client_ip, user_id, job_id, task_id)."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.functional import empty

from core.client_ip import client_ip

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "request", default=None
)
_job_id: contextvars.ContextVar[str] = contextvars.ContextVar("job_id", default="")
_task_id: contextvars.ContextVar[str] = contextvars.ContextVar("task_id", default="")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class ContextFilter(logging.Filter):
    """Adds the current request/job context to every record (empty strings when absent)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        record.request_id = _request_id.get()
        record.client_ip = getattr(record, "client_ip", "") or _client_of(request)
        record.user_id = getattr(record, "user_id", "") or _user_of(request)
        record.job_id = getattr(record, "job_id", "") or _job_id.get()
        record.task_id = _task_id.get()
        return True


class RequestIDMiddleware:
    """Accept X-Request-ID (when well-formed) or generate one; echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        request_token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            _request.reset(request_token)
        response["X-Request-ID"] = request_id
        return response


def _user_of(request: HttpRequest | None) -> str:
    """The user id once authentication has run; never triggers a query from a log call."""
    if request is None:
        return ""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return ""
    return str(user.pk) if getattr(user, "is_authenticated", False) else ""


def _client_of(request: HttpRequest | None) -> str:
    """The client address as lockouts and throttles see it (behind nginx: not nginx's)."""
    if request is None:
        return ""
    return client_ip(request)


def current_request_id() -> str:
    return _request_id.get()


@contextmanager
def job_context(*, job_id: int | str, task_id: str = "") -> Iterator[None]:
    tokens = (_job_id.set(str(job_id)), _task_id.set(task_id))
    try:
        yield
    finally:
        _job_id.reset(tokens[0])
        _task_id.reset(tokens[1])
