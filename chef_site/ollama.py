"""The only module that talks to Ollama.

It owns the client (host, timeouts — the official client has none by default —, keep_alive and
model names from settings), structured outputs (`format` = the JSON schema of a pydantic model,
the reply validated with the same model and repaired once), the shared circuit breaker, the
classification of faults into transient and permanent, and the record of every call.
"""

from __future__ import annotations

import functools
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import httpx
import ollama
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from pydantic import BaseModel, ValidationError

from chef_site import metrics
from chef_site.jobs import ErrorCode
from chef_site.models import ModelCall

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
Message = dict[str, Any]


# --- errors -----------------------------------------------------------------------------------


class Breaker(StrEnum):
    """What a failed call tells the shared circuit breaker about the host."""

    FAILURE = "failure"  # unreachable or failing: counts towards opening the breaker
    ALIVE = "alive"  # it answered (a 4xx, an error line): the host works, failures reset
    NEUTRAL = "neutral"  # busy or slow: back off this job, but say nothing about the host


class AIServiceError(Exception):
    """A model call failed. `transient` faults are retried with backoff; others fail the job.

    `breaker` is separate from `transient`: a busy host (503) is worth retrying for this job
    but must not open the breaker that every other job shares.
    """

    code: str = ErrorCode.AI_ERROR
    outcome: str = ModelCall.Outcome.ERROR
    transient: bool = False
    breaker: Breaker = Breaker.ALIVE

    def __init__(self, user_message: str, *, detail: str = "") -> None:
        super().__init__(detail or user_message)
        self.user_message = user_message
        self.detail = detail or user_message


class AIUnavailable(AIServiceError):
    """Connection refused or dropped, a timeout: the host is not there for anyone."""

    code = ErrorCode.AI_UNAVAILABLE
    outcome = ModelCall.Outcome.UNAVAILABLE
    transient = True
    breaker = Breaker.FAILURE


class AIServerError(AIServiceError):
    """A 5xx other than busy: the job fails at once, and the host counts as failing."""

    breaker = Breaker.FAILURE


class AIBusy(AIServiceError):
    """429/503: this job backs off and retries; the host is up, so the breaker is untouched."""

    code = ErrorCode.AI_BUSY
    outcome = ModelCall.Outcome.BUSY
    transient = True
    breaker = Breaker.NEUTRAL


class BreakerOpen(AIUnavailable):
    def __init__(self, retry_in: int) -> None:
        super().__init__(
            f"The AI service is unavailable, retrying in {retry_in} s.",
            detail="circuit breaker open",
        )
        self.retry_in = retry_in


class AITooSlow(AIServiceError):
    """The model kept answering, but not within OLLAMA_CALL_DEADLINE_SECONDS.

    Not retried: a model that drips for the whole budget would most likely do it again, and the
    job would hold its worker for several budgets. Not a breaker failure either: the host is
    reachable and answering, so other people's jobs are not held back because of it.
    """

    code = ErrorCode.AI_TOO_SLOW
    outcome = ModelCall.Outcome.TOO_SLOW
    breaker = Breaker.NEUTRAL


class ModelMissing(AIServiceError):
    code = ErrorCode.MODEL_MISSING
    outcome = ModelCall.Outcome.MODEL_MISSING


class InvalidReply(AIServiceError):
    code = ErrorCode.INVALID_REPLY
    outcome = ModelCall.Outcome.INVALID_REPLY


class ReplyTruncated(InvalidReply):
    code = ErrorCode.REPLY_TRUNCATED
    outcome = ModelCall.Outcome.TRUNCATED


def unavailable_message() -> str:
    return (
        "The AI service is not reachable right now. We will retry automatically; if you run "
        "this site yourself, make sure Ollama is running (`ollama serve`) at "
        f"{settings.OLLAMA_HOST}."
    )


def too_slow_message(seconds: float) -> str:
    return (
        "The recipe service took too long to answer, so we stopped waiting after "
        f"{seconds:g} s. Press Retry to try again."
    )


def model_missing_message(model: str) -> str:
    return (
        f'The AI model "{model}" is not installed on the AI server. '
        f"An administrator can install it with `ollama pull {model}`, then press Retry."
    )


# --- circuit breaker (shared by every worker process through the cache) -----------------------

_FAILS = "ollama:breaker:failures"
_OPEN_UNTIL = "ollama:breaker:open_until"
_PROBE = "ollama:breaker:probe"


def breaker_check() -> None:
    """Raise BreakerOpen while the breaker is open; let one probe through when it half-opens."""
    open_until = cache.get(_OPEN_UNTIL)
    if open_until is None:
        metrics.BREAKER_OPEN.set(0)
        return
    remaining = float(open_until) - time.time()
    if remaining > 0:
        metrics.BREAKER_OPEN.set(1)
        raise BreakerOpen(retry_in=max(1, round(remaining)))
    # Half-open: exactly one caller probes; the others keep waiting.
    if not cache.add(_PROBE, 1, timeout=settings.BREAKER_RESET_SECONDS):
        raise BreakerOpen(retry_in=settings.BREAKER_RESET_SECONDS)


def _failure_keys() -> list[str]:
    return [f"{_FAILS}:{n}" for n in range(1, settings.BREAKER_FAILURE_THRESHOLD + 1)]


def breaker_record_success() -> None:
    cache.delete_many([*_failure_keys(), _OPEN_UNTIL, _PROBE])
    metrics.BREAKER_OPEN.set(0)


def breaker_record_failure() -> None:
    """Count one failure; open the breaker at the threshold.

    Each failure claims the next free numbered key with `add()`, which is atomic on every cache
    backend: the database cache's `incr()` is a read then a write, so two worker processes
    failing at the same moment would count once.
    """
    reset = settings.BREAKER_RESET_SECONDS
    keys = _failure_keys()
    claimed = any(cache.add(key, 1, timeout=reset * 10) for key in keys)
    failures = len(cache.get_many(keys)) if claimed else len(keys)
    if failures >= settings.BREAKER_FAILURE_THRESHOLD:
        cache.set(_OPEN_UNTIL, time.time() + reset, timeout=reset * 10)
        cache.delete(_PROBE)
        metrics.BREAKER_OPEN.set(1)
        logger.warning("AI-service circuit breaker opened", extra={"failures": failures})


def breaker_state() -> dict[str, Any]:
    open_until = cache.get(_OPEN_UNTIL)
    remaining = (float(open_until) - time.time()) if open_until else 0.0
    return {
        "open": remaining > 0,
        "retry_in": max(0, round(remaining)),
        "failures": len(cache.get_many(_failure_keys())),
    }


# --- the client -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _client_for(pid: int, host: str, timeout: float, connect: float) -> ollama.Client:
    """One client (and connection pool) per process and configuration.

    Building a client costs ~30 ms (httpx loads the CA bundle), half of a whole recognition
    with an instant model; the pid in the key keeps forked pool children from sharing sockets.
    """
    return ollama.Client(host=host, timeout=httpx.Timeout(timeout, connect=connect))


def get_client() -> ollama.Client:
    return _client_for(
        os.getpid(),
        settings.OLLAMA_HOST,
        settings.OLLAMA_TIMEOUT,
        settings.OLLAMA_CONNECT_TIMEOUT,
    )


def ping(*, timeout: float = 2.0) -> tuple[bool, set[str], str]:
    """Is Ollama reachable, and which models does it have? Cheap enough for /readyz."""
    client = _client_for(os.getpid(), settings.OLLAMA_HOST, timeout, timeout)
    try:
        listed = client.list()
    except (httpx.HTTPError, ConnectionError, ollama.ResponseError) as exc:
        metrics.OLLAMA_UP.set(0)
        return False, set(), str(exc)
    metrics.OLLAMA_UP.set(1)
    names = {m.model for m in listed.models if m.model}
    # "mistral" and "mistral:latest" are the same model.
    names |= {n.removesuffix(":latest") for n in names}
    return True, names, ""


def loaded_models(*, timeout: float = 2.0) -> list[str] | None:
    """The models Ollama holds in memory now (`/api/ps`), or None when it cannot be asked."""
    client = _client_for(os.getpid(), settings.OLLAMA_HOST, timeout, timeout)
    try:
        running = client.ps()
    except (httpx.HTTPError, ConnectionError, ollama.ResponseError):
        return None
    return sorted(m.model for m in running.models if m.model)


def warm_up(models: list[str]) -> dict[str, str]:
    """Ask Ollama to load each model now and keep it for OLLAMA_KEEP_ALIVE.

    An empty generate request loads a model without generating (Ollama's documented way to
    preload), so the first person after a deploy or a restart does not wait for the load.
    Returns each model's outcome ("loaded" or the error); it never raises.
    """
    outcome: dict[str, str] = {}
    for model in dict.fromkeys(models):
        try:
            get_client().generate(model=model, prompt="", keep_alive=settings.OLLAMA_KEEP_ALIVE)
        except (httpx.HTTPError, ConnectionError, ollama.ResponseError) as exc:
            outcome[model] = f"not loaded: {str(exc)[:200]}"
        else:
            outcome[model] = "loaded"
    return outcome


@dataclass
class CallRecord:
    """Where a call is recorded: the job it served and the prompt version used."""

    purpose: str
    prompt_version: str
    scan_id: int | None = None
    generation_id: int | None = None
    attempt: int = 1
    calls: list[ModelCall] = field(default_factory=list)


@dataclass
class _Reply:
    content: str = ""
    done_reason: str = ""
    prompt_eval_count: int | None = None
    eval_count: int | None = None
    load_duration: int | None = None
    total_duration: int | None = None


def _classify(exc: BaseException, model: str) -> AIServiceError:
    if isinstance(exc, AIServiceError):
        return exc
    if isinstance(exc, ollama.ResponseError):
        status = exc.status_code
        text = str(exc.error)
        if status == 404 or "not found" in text.lower():
            return ModelMissing(model_missing_message(model), detail=text)
        if status in (429, 503):
            return AIBusy(
                "The recipe service is busy, we will retry in a minute.", detail=f"{status} {text}"
            )
        if status == 400:
            return AIServiceError("The AI service refused the request.", detail=f"400 {text}")
        failed = AIServerError if status >= 500 else AIServiceError
        return failed(
            "The AI service failed while answering. Press Retry to try again.",
            detail=f"{status} {text}",
        )
    if isinstance(exc, httpx.TimeoutException):
        return AIUnavailable(unavailable_message(), detail=f"timeout: {exc}")
    if isinstance(exc, httpx.HTTPError | ConnectionError | OSError):
        return AIUnavailable(unavailable_message(), detail=f"{type(exc).__name__}: {exc}")
    return AIServiceError("The AI service failed unexpectedly.", detail=repr(exc))


_END = object()


def _within_deadline(chunks: Iterator[Any], seconds: float) -> Iterator[Any]:
    """The chunks of a streamed reply, as long as the whole reply is not older than `seconds`.

    The client's timeout is per read: a model that sends one chunk every few seconds never
    trips it and would hold the job until the task's time limit. The stream is read in a
    helper thread and handed over through a queue, so the caller's wait is bounded by the
    deadline even while a read is blocked; once the caller gives up, the helper stops at its
    next chunk (or read timeout) and closes the response. Errors of the stream are re-raised
    here, in the caller's thread, to be classified as usual.
    """
    handoff: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()

    def read() -> None:
        try:
            for chunk in chunks:
                if stop.is_set():
                    break
                handoff.put(chunk)
            handoff.put(_END)
        except Exception as exc:  # handed to the caller, which classifies and raises it
            handoff.put(exc)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="ollama-stream", daemon=True)
    ends_at = time.monotonic() + seconds
    reader.start()
    try:
        while True:
            try:
                item = handoff.get(timeout=max(0.0, ends_at - time.monotonic()))
            except queue.Empty:
                raise AITooSlow(
                    too_slow_message(seconds), detail=f"no complete reply within {seconds:g} s"
                ) from None
            if item is _END:
                return
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        stop.set()


def _stream(chunks: Iterator[Any], on_progress: Callable[[int], None] | None) -> _Reply:
    reply = _Reply()
    parts: list[str] = []
    received = 0
    last_report = 0.0
    for chunk in chunks:
        piece = chunk.message.content or ""
        parts.append(piece)
        received += len(piece)
        now = time.monotonic()
        if on_progress is not None and now - last_report >= 0.5:
            last_report = now
            on_progress(received)
        if chunk.done:
            reply.done_reason = chunk.done_reason or ""
            reply.prompt_eval_count = chunk.prompt_eval_count
            reply.eval_count = chunk.eval_count
            reply.load_duration = chunk.load_duration
            reply.total_duration = chunk.total_duration
    reply.content = "".join(parts)
    return reply


def _ns_to_ms(value: int | None) -> int | None:
    return None if value is None else int(value // 1_000_000)


def _record(
    record: CallRecord,
    *,
    model: str,
    outcome: str,
    started: float,
    reply: _Reply | None = None,
    error: str = "",
) -> ModelCall:
    wall = time.monotonic() - started
    call = ModelCall.objects.create(
        purpose=record.purpose,
        scan_id=record.scan_id,
        generation_id=record.generation_id,
        model=model,
        prompt_version=record.prompt_version,
        attempt=record.attempt,
        outcome=outcome,
        error=error[:500],
        prompt_eval_count=reply.prompt_eval_count if reply else None,
        eval_count=reply.eval_count if reply else None,
        load_duration_ms=_ns_to_ms(reply.load_duration) if reply else None,
        total_duration_ms=_ns_to_ms(reply.total_duration) if reply else None,
        wall_ms=int(wall * 1000),
        done_reason=reply.done_reason if reply else "",
    )
    record.calls.append(call)
    metrics.MODEL_CALL.labels(model=model, purpose=record.purpose, outcome=outcome).observe(wall)
    if reply is not None:
        for kind, count in (("prompt", reply.prompt_eval_count), ("eval", reply.eval_count)):
            if count:
                metrics.MODEL_TOKENS.labels(model=model, purpose=record.purpose, type=kind).inc(
                    count
                )
    return call


def _call_once(
    *,
    model: str,
    messages: Sequence[Message],
    schema: dict[str, Any],
    record: CallRecord,
    options: dict[str, Any] | None,
    on_progress: Callable[[int], None] | None,
) -> _Reply:
    breaker_check()
    started = time.monotonic()
    try:
        chunks = get_client().chat(
            model=model,
            messages=list(messages),
            format=schema,
            stream=True,
            keep_alive=settings.OLLAMA_KEEP_ALIVE,
            options=options or {"temperature": 0.2},
        )
        reply = _stream(
            _within_deadline(chunks, settings.OLLAMA_CALL_DEADLINE_SECONDS), on_progress
        )
    except (SoftTimeLimitExceeded, DatabaseError):
        raise  # the job's time is up, or our database failed: not a fault of the AI service
    except Exception as exc:  # classified below: every failure is recorded, none swallowed
        error = _classify(exc, model)
        _record(record, model=model, outcome=error.outcome, started=started, error=error.detail)
        if error.breaker is Breaker.FAILURE:
            breaker_record_failure()
        elif error.breaker is Breaker.ALIVE:
            breaker_record_success()
        raise error from exc
    breaker_record_success()
    if reply.done_reason == "length":
        _record(
            record,
            model=model,
            outcome=ModelCall.Outcome.TRUNCATED,
            started=started,
            reply=reply,
            error="reply cut off (done_reason=length)",
        )
        raise ReplyTruncated(
            "The AI reply was cut off before it was complete.", detail="done_reason=length"
        )
    _record(record, model=model, outcome=ModelCall.Outcome.OK, started=started, reply=reply)
    return reply


def chat_structured(
    *,
    model: str,
    messages: Sequence[Message],
    schema: type[T],
    record: CallRecord,
    options: dict[str, Any] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> T:
    """Ask `model` for a reply that validates against `schema`, with one repair attempt.

    A reply that is not JSON or does not match the schema is shown back to the model with its
    validation error once; a second failure raises InvalidReply.
    """
    json_schema = schema.model_json_schema()
    conversation = list(messages)
    for attempt in (1, 2):
        try:
            reply = _call_once(
                model=model,
                messages=conversation,
                schema=json_schema,
                record=record,
                options=options,
                on_progress=on_progress,
            )
            return schema.model_validate_json(reply.content)
        except ValidationError as exc:
            metrics.VALIDATION_FAILURES.labels(kind=record.purpose).inc()
            last_call = record.calls[-1]
            last_call.outcome = ModelCall.Outcome.INVALID_REPLY
            last_call.error = _short_errors(exc)[:500]
            last_call.save(update_fields=["outcome", "error"])
            if attempt == 2:
                raise InvalidReply(
                    "The AI gave an answer we could not read, even after asking again. "
                    "Press Retry to try once more.",
                    detail=_short_errors(exc),
                ) from exc
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


def _short_errors(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:10]:
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        lines.append(f"- {loc}: {err['msg']}")
    return "\n".join(lines)
