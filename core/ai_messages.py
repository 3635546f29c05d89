"""The words a person reads when a model call failed: the gateway gives codes, this words them.

Each job names its own AI service ("photo service", "recipe service"), so a busy or slow model
is described as what the person was waiting for.
"""

from __future__ import annotations

from django.conf import settings

from integrations.ollama.errors import AIBusy, AIServiceError, Fault


def unavailable_message() -> str:
    return (
        "The AI service is not reachable right now. We will retry automatically; if you run "
        "this site yourself, make sure Ollama is running (`ollama serve`) at "
        f"{settings.OLLAMA_HOST}."
    )


def fault_message(exc: AIServiceError, *, service: str = "AI service") -> str:
    """What to tell the person about a failed call that ends (or pauses) their job."""
    match exc.fault:
        case Fault.UNAVAILABLE:
            return unavailable_message()
        case Fault.BREAKER_OPEN:
            return f"The AI service is unavailable, retrying in {exc.retry_in} s."
        case Fault.BUSY:
            return f"The {service} is busy, we will retry in a minute."
        case Fault.TOO_SLOW:
            return (
                f"The {service} took too long to answer, so we stopped waiting after "
                f"{exc.seconds:g} s. Press Retry to try again."
            )
        case Fault.MODEL_MISSING:
            return (
                f'The AI model "{exc.model}" is not installed on the AI server. '
                f"An administrator can install it with `ollama pull {exc.model}`, then press Retry."
            )
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


def gave_up_message(exc: AIServiceError) -> str:
    """A transient fault that outlasted every automatic retry."""
    if isinstance(exc, AIBusy):
        return "The AI service stayed busy after several tries. Press Retry in a few minutes."
    return (
        "The AI service could not be reached after several tries. If you run this site "
        f"yourself, make sure Ollama is running (`ollama serve`) at {settings.OLLAMA_HOST}. "
        "Press Retry when it is back."
    )


def waiting_message(exc: AIServiceError, delay: int) -> str:
    """The stage shown while a job waits to retry a transient fault."""
    state = "busy" if isinstance(exc, AIBusy) else "unavailable"
    return f"The AI service is {state}, retrying in {delay} s"
