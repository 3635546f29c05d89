"""A poll that costs almost nothing: `ETag` on a job, and `304 Not Modified` when it is unchanged.

A client polls a job every second or two, and most polls find it as it was. Each answer carries
an ETag; a poll that sends it back in `If-None-Match` gets a bodiless 304 while the job is the
same.

Two tags, so the cheap one is never wrong:
- While the job is queued, waiting or running and has written nothing below it yet (no recipe,
  no ingredient), everything its body shows comes from its own row, the time left and the
  reader's language. Its tag is made of exactly those, and `not_modified` checks it with one
  query that also checks the token: no DRF request, no serializer, no second query.
- Otherwise (a finished job, or one with recipes, whose favourites and warnings live elsewhere)
  the tag is a digest of the body itself, so the full answer is built and a 304 saves only the
  bytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Exists
from django.db.models import OuterRef
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotModified
from django.urls import Resolver404
from django.urls import resolve
from django.utils.cache import patch_cache_control
from django.utils.cache import patch_vary_headers

from core.estimates import job_eta_seconds
from core.jobs import ACTIVE
from core.jobs import Job
from core.metrics import POLLS_NOT_MODIFIED

# Columns a poller never sees change: the worker's heartbeat moves every few seconds.
UNSEEN_FIELDS = frozenset({"heartbeat_at"})
TOKEN_PREFIX = "Token "  # noqa: S105 (the scheme, not a secret)


def _digest(*parts: object) -> str:
    text = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@functools.cache
def _row_fields(model: type[Job]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if f.name not in UNSEEN_FIELDS)


def _language(request: HttpRequest, profile_language: object) -> tuple[str, str]:
    return (request.headers.get("Accept-Language", ""), str(profile_language or ""))


def row_tag(job: Job, *, request: HttpRequest, profile_language: object) -> str:
    """The tag of a job whose body is its row alone (see the module's docstring)."""
    values = {name: getattr(job, name) for name in _row_fields(type(job))}
    parts = (job._meta.label, values, job_eta_seconds(job), _language(request, profile_language))
    return f'W/"r{_digest(*parts)}"'


def body_tag(body: Mapping[str, Any], *, request: HttpRequest) -> str:
    """The tag of an answer as it is: any change of what it shows changes it."""
    return f'W/"b{_digest(body, request.headers.get("Accept-Language", ""))}"'


# A form's CSRF token is masked anew at each render; any of them stays valid for the session.
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def page_tag(html: str, *, language: str) -> str:
    """The tag of a page's progress fragment as rendered, but for its forms' CSRF tokens (a
    copy the browser keeps holds valid ones)."""
    shown = CSRF_VALUE.sub(r'\1"', html)
    return f'W/"h{_digest(shown, language)}"'


def row_only(job: Job, body: Mapping[str, Any]) -> bool:
    """Whether the row alone makes the body: active, and nothing written below it yet."""
    return job.status in ACTIVE and not body.get(job.etag_children)


def request_has_tag(request: HttpRequest, tag: str) -> bool:
    """Whether the request's If-None-Match names `tag` (or `*`)."""
    sent = request.headers.get("If-None-Match", "")
    return any(candidate.strip() in (tag, "*") for candidate in sent.split(","))


def tagged(response: HttpResponse, tag: str) -> HttpResponse:
    """Put the tag on an answer; the browser and any cache must ask again every time."""
    response["ETag"] = tag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Authorization", "Accept-Language", "Cookie"))
    return response


def answer(request: HttpRequest, tag: str, full: HttpResponse) -> HttpResponse:
    """A 304 if the poller has this tag already, else the full answer; tagged either way."""
    if request_has_tag(request, tag):
        return tagged(HttpResponseNotModified(), tag)
    return tagged(full, tag)


_PK, _KEY = -7_340_033, "\x00token\x00"  # stand-ins, replaced by the request's values


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[object, ...]
    # Per column of the row: how the database's value becomes the field's (datetimes on
    # SQLite, JSON), as the ORM would convert it.
    converters: tuple[tuple[str, Any, tuple[Callable[..., Any], ...]], ...]


@functools.cache
def _statement(model: type[Job]) -> _Statement:
    """The poll's one query for `model`, compiled by the ORM once per process.

    Compiling a query costs more than running it on this path, so it is built once with
    stand-ins for the id and the token, and run with the request's values in their place.
    """
    children = model._meta.get_field(model.etag_children)
    below = children.related_model._default_manager.filter(  # type: ignore[union-attr]
        **{children.field.name: OuterRef("pk")}  # type: ignore[union-attr]
    )
    owned: Any = model._default_manager  # every concrete job has `user` (mypy sees the base)
    columns = _row_fields(model)
    query = (
        owned.filter(
            pk=_PK,
            status__in=ACTIVE,
            user__is_active=True,
            user__auth_token__key=_KEY,
        )
        .annotate(_has_below=Exists(below))
        .values(*columns, "_has_below", "user__profile__language")[:1]
    )
    sql, params = query.query.sql_with_params()
    connection = connections[owned.db]
    converters = []
    for field in model._meta.concrete_fields:
        if field.attname in columns:
            column = field.get_col(model._meta.db_table)
            found = (
                *connection.ops.get_db_converters(column),
                *field.get_db_converters(connection),
            )
            if found:
                converters.append((field.attname, column, tuple(found)))
    return _Statement(sql=sql, params=tuple(params), converters=tuple(converters))


def _poll_row(model: type[Job], pk: int, key: str) -> dict[str, Any] | None:
    statement = _statement(model)
    params: list[Any] = [pk if p == _PK else key if p == _KEY else p for p in statement.params]
    connection = connections[model._default_manager.db]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        found = cursor.fetchone()
        names = [column[0] for column in cursor.description]  # the ORM aliases every column
    if found is None:
        return None
    row = dict(zip(names, found, strict=True))
    for name, column, converters in statement.converters:
        for convert in converters:
            row[name] = convert(row[name], column, connection)
    return row


def not_modified(request: HttpRequest, *, model: type[Job], pk: object) -> HttpResponse | None:
    """The cheap 304 to a GET with `If-None-Match`, or None when the full path must answer.

    Only with a token: one query finds the job if that token's active user owns it, with what
    its tag is made of. Anything else (a session, an unknown token, another person's job, a
    finished job) goes the full way, which also authenticates and answers 401 or 404 as usual.
    """
    auth = request.headers.get("Authorization", "")
    if not auth.startswith(TOKEN_PREFIX) or not model.etag_children or not isinstance(pk, int):
        return None
    row = _poll_row(model, pk, auth[len(TOKEN_PREFIX) :].strip())
    if row is None or row.pop("_has_below"):
        return None
    profile_language = row.pop("user__profile__language")
    tag = row_tag(model(**row), request=request, profile_language=profile_language)
    if not request_has_tag(request, tag):
        return None
    POLLS_NOT_MODIFIED.labels(kind=model.kind).inc()
    return tagged(HttpResponseNotModified(), tag)


class NotModifiedMiddleware:
    """Answers an unchanged job's poll with 304 before the rest of the stack runs.

    First in MIDDLEWARE: the sessions, CSRF, security headers and request metrics of the stack
    are for answers with a body; a 304 of an API poll has none (it is counted in
    chef_job_polls_not_modified_total instead). Anything it does not answer goes on as usual.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and "If-None-Match" in request.headers:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            view = getattr(match.func, "view_class", None) if match else None
            model = getattr(view, "job_model", None)
            if match is not None and model is not None and getattr(view, "conditional_poll", False):
                cheap = not_modified(request, model=model, pk=match.kwargs.get("pk"))
                if cheap is not None:
                    return cheap
        return self.get_response(request)
