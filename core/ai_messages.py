"""The words a person reads when a model call failed: the gateway gives codes, this words them.

Each job names its own AI service ("photo service", "recipe service") and what it promises while
it waits ("your photo is safe and will be processed"), so a message describes what the person
was waiting for. A person never reads how to run the site (`ollama serve`, `ollama pull`, a host
address): those go to the operator, in the logs (`operator_hint`).
"""

from __future__ import annotations

from django.conf import settings

from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import AIServiceError
from integrations.ollama.errors import Fault

NOT_REACHABLE = "The AI is not reachable right now"
BUSY = "The AI is busy right now"


def _waiting_reason(exc: AIServiceError) -> tuple[str, str]:
    """What is wrong, and what the job waits for: reachable again, or free again."""
    if isinstance(exc, AIBusy):
        return BUSY, "it has room"
    return NOT_REACHABLE, "it is back"


def waiting_message(exc: AIServiceError, *, promise: str) -> str:
    """The stage shown while a job waits for the AI (status `waiting`)."""
    reason, until = _waiting_reason(exc)
    return f"{reason}; {promise} as soon as {until}"


def _duration(seconds: float) -> str:
    whole = round(seconds)
    if whole < 120:
        return f"{whole} second{'s' if whole != 1 else ''}"
    if whole >= 7200 and whole % 3600 == 0:
        return f"{whole // 3600} hours"
    return f"{round(whole / 60)} minutes"


def wait_over_message(exc: AIServiceError | None, *, seconds: float) -> str:
    """A job that waited for the AI for its whole budget (OLLAMA_WAIT_MAX_SECONDS) and failed."""
    state = "stayed busy" if isinstance(exc, AIBusy) else "was not reachable"
    how_long = f" for {_duration(seconds)}" if seconds >= 1 else ""
    return f"The AI {state}{how_long}, so we stopped waiting. Press Retry to try again."


def fault_message(exc: AIServiceError, *, service: str = "AI service") -> str:
    """What to tell the person about a failed call that ends (or pauses) their job."""
    match exc.fault:
        case Fault.UNAVAILABLE | Fault.BREAKER_OPEN:
            return f"{NOT_REACHABLE}; we will try again as soon as it is back."
        case Fault.BUSY:
            return f"The {service} is busy right now; we will try again as soon as it has room."
        case Fault.TOO_SLOW:
            return (
                f"The {service} took too long to answer, so we stopped waiting after "
                f"{exc.seconds:g} s. Press Retry to try again."
            )
        case Fault.MODEL_MISSING:
            return "The AI model this needs is not installed yet. Press Retry later."
        case Fault.REFUSED:
            return "The AI service refused the request."
        case Fault.SERVER_ERROR:
            return "The AI service failed while answering. Press Retry to try again."
        case Fault.INVALID_REPLY:
            return (
                "The AI gave an answer we could not read, even after asking again. "
                "Press Retry to try once more."
            )
        case Fault.TRUNCATED:
            return "The AI reply was cut off before it was complete."
    return "The AI service failed unexpectedly."


def operator_hint(exc: AIServiceError) -> str:
    """What the operator can do about a fault, for the logs; never shown to a person."""
    match exc.fault:
        case Fault.UNAVAILABLE | Fault.BREAKER_OPEN:
            return f"make sure Ollama is running (`ollama serve`) at {settings.OLLAMA_HOST}"
        case Fault.BUSY:
            return "Ollama is at capacity: lower the load or raise OLLAMA_NUM_PARALLEL"
        case Fault.MODEL_MISSING:
            return f"install the model on {settings.OLLAMA_HOST}: `ollama pull {exc.model}`"
    return ""
