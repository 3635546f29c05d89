"""What can go wrong with a model call, as codes: the gateway never words a fault for people.

Each fault carries a machine-readable `code` (stored on the job), a `fault` (the finer reason,
which the core turns into words), an `outcome` (stored with the call record) and what the retry
logic and the circuit breaker need to know. `detail` is for logs and operators only.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class Breaker(StrEnum):
    """What a failed call tells the shared circuit breaker about the host."""

    FAILURE = "failure"  # unreachable or failing: counts towards opening the breaker
    ALIVE = "alive"  # it answered (a 4xx, an error line): the host works, failures reset
    NEUTRAL = "neutral"  # busy or slow: back off this job, but say nothing about the host


class Fault(StrEnum):
    """The reason of a failed call, finer than its code."""

    UNAVAILABLE = "unavailable"
    BREAKER_OPEN = "breaker_open"
    BUSY = "busy"
    TOO_SLOW = "too_slow"
    MODEL_MISSING = "model_missing"
    REFUSED = "refused"
    SERVER_ERROR = "server_error"
    UNEXPECTED = "unexpected"
    INVALID_REPLY = "invalid_reply"
    TRUNCATED = "truncated"


class Code(StrEnum):
    """The job error codes a model call can end with (a subset of the core's ErrorCode)."""

    AI_UNAVAILABLE = "ai_unavailable"
    AI_BUSY = "ai_busy"
    MODEL_MISSING = "model_missing"
    AI_ERROR = "ai_error"
    INVALID_REPLY = "invalid_reply"
    REPLY_TRUNCATED = "reply_truncated"
    AI_TOO_SLOW = "ai_too_slow"


class Outcome(StrEnum):
    """How one call ended, as recorded with the call."""

    OK = "ok"
    # Answered, but wrapped (code fence, prose, trailing comma): read locally (salvage.py).
    SALVAGED = "salvaged"
    UNAVAILABLE = "unavailable"
    BUSY = "busy"
    MODEL_MISSING = "model_missing"
    INVALID_REPLY = "invalid_reply"
    TRUNCATED = "truncated"
    TOO_SLOW = "too_slow"
    ERROR = "error"
    CANCELLED = "cancelled"  # the caller stopped reading (StopReading)


class StopReading(Exception):
    """Raised by a caller's progress callback to stop a call in the middle of its stream.

    The gateway closes the stream (so Ollama stops generating), records the call as
    `cancelled` and re-raises the exception unchanged: it is the caller's, never a fault of
    the AI service, and it counts neither for nor against the circuit breaker.
    """


class AIServiceError(Exception):
    """A model call failed. `transient` faults are retried with backoff; others fail the job.

    `breaker` is separate from `transient`: a busy host (503) is worth retrying for this job
    but must not open the breaker that every other job shares.
    """

    code: ClassVar[str] = Code.AI_ERROR
    outcome: ClassVar[str] = Outcome.ERROR
    default_fault: ClassVar[Fault] = Fault.UNEXPECTED
    transient: ClassVar[bool] = False
    breaker: ClassVar[Breaker] = Breaker.ALIVE

    def __init__(
        self,
        detail: str = "",
        *,
        fault: Fault | None = None,
        model: str = "",
        seconds: float = 0.0,
        retry_in: int = 0,
    ) -> None:
        self.fault = fault or self.default_fault
        self.detail = detail or self.fault.value
        super().__init__(self.detail)
        self.model = model
        self.seconds = seconds
        self.retry_in = retry_in


class AIUnavailable(AIServiceError):
    """Connection refused or dropped, a timeout: the host is not there for anyone."""

    code = Code.AI_UNAVAILABLE
    outcome = Outcome.UNAVAILABLE
    default_fault = Fault.UNAVAILABLE
    transient = True
    breaker = Breaker.FAILURE


class AIServerError(AIServiceError):
    """A 5xx other than busy: the job fails at once, and the host counts as failing."""

    default_fault = Fault.SERVER_ERROR
    breaker = Breaker.FAILURE


class AIBusy(AIServiceError):
    """429/503: this job backs off and retries; the host is up, so the breaker is untouched."""

    code = Code.AI_BUSY
    outcome = Outcome.BUSY
    default_fault = Fault.BUSY
    transient = True
    breaker = Breaker.NEUTRAL


class BreakerOpen(AIUnavailable):
    default_fault = Fault.BREAKER_OPEN

    def __init__(self, retry_in: int) -> None:
        super().__init__("circuit breaker open", retry_in=retry_in)


class AITooSlow(AIServiceError):
    """The model kept answering, but not within OLLAMA_CALL_DEADLINE_SECONDS.

    Not retried: a model that drips for the whole budget would most likely do it again, and the
    job would hold its worker for several budgets. Not a breaker failure either: the host is
    reachable and answering, so other people's jobs are not held back because of it.
    """

    code = Code.AI_TOO_SLOW
    outcome = Outcome.TOO_SLOW
    default_fault = Fault.TOO_SLOW
    breaker = Breaker.NEUTRAL


class ModelMissing(AIServiceError):
    code = Code.MODEL_MISSING
    outcome = Outcome.MODEL_MISSING
    default_fault = Fault.MODEL_MISSING


class InvalidReply(AIServiceError):
    code = Code.INVALID_REPLY
    outcome = Outcome.INVALID_REPLY
    default_fault = Fault.INVALID_REPLY


class ReplyTruncated(InvalidReply):
    code = Code.REPLY_TRUNCATED
    outcome = Outcome.TRUNCATED
    default_fault = Fault.TRUNCATED
