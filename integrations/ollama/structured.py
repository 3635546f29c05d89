"""Structured replies: the JSON schema of a pydantic model as `format`, validated, repaired once.

A reply wrapped in a code fence or prose, or with a trailing comma, is salvaged locally first
(salvage.py): no second call for an answer that can be read.

Every call is classified (transient or permanent, and what it says about the host), counted by
the circuit breaker and handed to the caller's recorder; nothing here is worded for people.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from dataclasses import replace
from typing import Any
from typing import TypeVar

import httpx
import ollama
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError
from pydantic import BaseModel
from pydantic import ValidationError

from integrations.ollama import metrics
from integrations.ollama.breaker import breaker_record_failure
from integrations.ollama.breaker import breaker_record_success
from integrations.ollama.client import configured_hosts
from integrations.ollama.client import get_client
from integrations.ollama.client import host_label
from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import AIServerError
from integrations.ollama.errors import AIServiceError
from integrations.ollama.errors import AIUnavailable
from integrations.ollama.errors import Breaker
from integrations.ollama.errors import BreakerOpen
from integrations.ollama.errors import Fault
from integrations.ollama.errors import InvalidReply
from integrations.ollama.errors import ModelMissing
from integrations.ollama.errors import Outcome
from integrations.ollama.errors import ReplyTruncated
from integrations.ollama.errors import StopReading
from integrations.ollama.hosts import choose_host
from integrations.ollama.hosts import forget_models
from integrations.ollama.hosts import in_flight
from integrations.ollama.recording import CallResult
from integrations.ollama.recording import Recorder
from integrations.ollama.recording import observe
from integrations.ollama.salvage import salvage
from integrations.ollama.streaming import IDLE_TICK_SECONDS
from integrations.ollama.streaming import Reply
from integrations.ollama.streaming import ReplyStats
from integrations.ollama.streaming import StreamProgress
from integrations.ollama.streaming import read_stream
from integrations.ollama.streaming import within_deadline

T = TypeVar("T", bound=BaseModel)
Message = dict[str, Any]
OnProgress = Callable[[StreamProgress], None]


def classify(exc: BaseException, model: str) -> AIServiceError:
    """The fault an exception of the client stands for."""
    if isinstance(exc, AIServiceError):
        return exc
    if isinstance(exc, ollama.ResponseError):
        status = exc.status_code
        text = str(exc.error)
        if status == 404 or "not found" in text.lower():
            return ModelMissing(text, model=model)
        if status in (429, 503):
            return AIBusy(f"{status} {text}")
        if status == 400:
            return AIServiceError(f"400 {text}", fault=Fault.REFUSED)
        failed = AIServerError if status >= 500 else AIServiceError
        return failed(f"{status} {text}", fault=Fault.SERVER_ERROR)
    if isinstance(exc, httpx.TimeoutException):
        return AIUnavailable(f"timeout: {exc}")
    if isinstance(exc, httpx.HTTPError | ConnectionError | OSError):
        return AIUnavailable(f"{type(exc).__name__}: {exc}")
    return AIServiceError(repr(exc))


def _record(
    recorder: Recorder,
    *,
    model: str,
    outcome: str,
    started: float,
    host: str,
    reply: Reply | None = None,
    error: str = "",
) -> None:
    result = CallResult(
        model=model,
        purpose=recorder.purpose,
        attempt=recorder.attempt,
        outcome=outcome,
        wall_ms=int((time.monotonic() - started) * 1000),
        error=error[:500],
        stats=reply.stats if reply else ReplyStats(),
        host=host_label(host),
    )
    recorder.record(result)
    observe(result)


# A host that could not even be connected to got nothing of the call: another may take it.
_NEVER_CONNECTED = (httpx.ConnectError, httpx.ConnectTimeout, ConnectionError)


@dataclass(frozen=True)
class _Call:
    """One call of a model: what it is asked, the reply's JSON schema, and who hears of it."""

    model: str
    messages: Sequence[Message]
    schema: dict[str, Any]
    record: Recorder
    options: dict[str, Any] | None
    on_progress: OnProgress | None
    attempt: int = 1


def _call_once(call: _Call) -> Reply:
    """One call of `model` on the least busy host that has it (`hosts.choose_host`).

    A host that cannot be connected to is left at once for another healthy host, if there is
    one: each try is recorded as its own call and counted by its own host's breaker.
    """
    model = call.model
    host = choose_host(model)
    tried = [host]
    while True:
        try:
            with in_flight(host):
                return _call_host(host, call)
        except ModelMissing:
            forget_models(host)  # it listed the model a moment ago: ask it again next time
            raise
        except AIUnavailable as exc:
            if not isinstance(exc.__cause__, _NEVER_CONNECTED):
                raise
            if (other := _another_host(model, tried)) is None:
                raise
            host = other
            tried.append(host)


def _another_host(model: str, tried: list[str]) -> str | None:
    if len(tried) >= len(configured_hosts()):
        return None
    try:
        return choose_host(model, exclude=tried)
    except BreakerOpen:
        return None


def _call_host(host: str, call: _Call) -> Reply:
    model, record = call.model, call.record
    started = time.monotonic()
    try:
        chunks = get_client(host).chat(
            model=model,
            messages=list(call.messages),
            format=call.schema,
            stream=True,
            keep_alive=settings.OLLAMA_KEEP_ALIVE,
            options=call.options or {"temperature": 0.2},
        )
        # Closed on the way out whatever happens, so a stopped call closes its stream now.
        stream = within_deadline(
            chunks,
            settings.OLLAMA_CALL_DEADLINE_SECONDS,
            tick=IDLE_TICK_SECONDS if call.on_progress else None,
        )
        with closing(stream):
            reply = read_stream(stream, call.on_progress, attempt=call.attempt)
    except StopReading as exc:
        _record(
            record,
            model=model,
            outcome=Outcome.CANCELLED,
            started=started,
            host=host,
            error=f"stopped by the caller: {exc}"[:500],
        )
        raise
    except (SoftTimeLimitExceeded, DatabaseError):
        raise  # the job's time is up, or our database failed: not a fault of the AI service
    except Exception as exc:  # classified below: every failure is recorded, none swallowed
        error = classify(exc, model)
        _record(
            record,
            model=model,
            outcome=error.outcome,
            started=started,
            host=host,
            error=error.detail,
        )
        if error.breaker is Breaker.FAILURE:
            breaker_record_failure(host)
        elif error.breaker is Breaker.ALIVE:
            breaker_record_success(host)
        raise error from exc
    breaker_record_success(host)
    if reply.stats.done_reason == "length":
        _record(
            record,
            model=model,
            outcome=Outcome.TRUNCATED,
            started=started,
            host=host,
            reply=reply,
            error="reply cut off (done_reason=length)",
        )
        raise ReplyTruncated("done_reason=length")
    _record(record, model=model, outcome=Outcome.OK, started=started, host=host, reply=reply)
    return reply


def chat_structured(
    *,
    model: str,
    messages: Sequence[Message],
    schema: type[T],
    record: Recorder,
    options: dict[str, Any] | None = None,
    on_progress: OnProgress | None = None,
) -> T:
    """Ask `model` for a reply that validates against `schema`, with one repair attempt.

    A reply that is not JSON or does not match the schema is shown back to the model with its
    validation error once; a second failure raises InvalidReply. `on_progress` sees each
    stream as it comes (`StreamProgress.attempt` tells a repair's stream from the first).
    """
    first = _Call(
        model=model,
        messages=list(messages),
        schema=schema.model_json_schema(),
        record=record,
        options=options,
        on_progress=on_progress,
    )
    conversation = first.messages
    for attempt in (1, 2):
        try:
            reply = _call_once(replace(first, messages=conversation, attempt=attempt))
            valid = _validated(schema, reply.content, record=record, model=model)
            if attempt > 1:
                metrics.REPLIES_REPAIRED.labels(purpose=record.purpose, model=model).inc()
            return valid
        except ValidationError as exc:
            metrics.VALIDATION_FAILURES.labels(kind=record.purpose).inc()
            record.amend_last(outcome=Outcome.INVALID_REPLY, error=_short_errors(exc)[:500])
            if attempt == 2:
                raise InvalidReply(_short_errors(exc)) from exc
            conversation = [
                *messages,
                {"role": "assistant", "content": reply.content[:8000]},
                {
                    "role": "user",
                    "content": (
                        "Your reply did not match the required JSON schema. Validation errors:\n"
                        f"{_short_errors(exc)}\n"
                        "Reply again with only the corrected JSON object."
                    ),
                },
            ]
        except ReplyTruncated:
            metrics.VALIDATION_FAILURES.labels(kind=record.purpose).inc()
            if attempt == 2:
                raise
        record.attempt += 1
    raise AssertionError("unreachable")  # pragma: no cover


def _validated(schema: type[T], content: str, *, record: Recorder, model: str) -> T:
    """The reply as `schema`; one that is not JSON as it stands is salvaged locally if it can
    be (salvage.py), and its call recorded as such. Raises the reply's own ValidationError."""
    try:
        return schema.model_validate_json(content)
    except ValidationError:
        salvaged = salvage(content)
        if salvaged is None:
            raise
        # Its schema errors, if any, are what the repair round shows the model.
        valid = schema.model_validate_json(salvaged)
    record.amend_last(outcome=Outcome.SALVAGED, error="")
    metrics.REPLIES_SALVAGED.labels(purpose=record.purpose, model=model).inc()
    return valid


def _short_errors(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:10]:
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        lines.append(f"- {loc}: {err['msg']}")
    return "\n".join(lines)
