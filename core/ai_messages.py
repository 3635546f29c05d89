"""What a failed model call leaves on its job: codes and parameters, put into words only when
they are shown (core.job_words), and a hint for the operator, in the logs.

The gateway raises codes (integrations.ollama.errors); a job stores the fault and what its words
need (its AI service, a deadline in seconds, how long it waited). A person never reads how to
run the site (`ollama serve`, `ollama pull`, a host address): those go to the operator
(`operator_hint`), in English.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import AIServiceError
from integrations.ollama.errors import Fault


def waiting_params(exc: AIServiceError, *, service: str) -> dict[str, Any]:
    """The stage parameters of a job waiting for the AI: busy (it has no room) or away."""
    return {"busy": isinstance(exc, AIBusy), "service": service}


def wait_over_params(*, seconds: float) -> dict[str, Any]:
    """The error parameters of a job that waited for the AI for its whole budget."""
    return {"waited": round(seconds)}


def fault_params(exc: AIServiceError, *, service: str = "") -> dict[str, Any]:
    """The error parameters of a failed call that ends (or pauses) a job."""
    params: dict[str, Any] = {"fault": exc.fault.value, "service": service}
    if exc.fault == Fault.TOO_SLOW:
        params["seconds"] = exc.seconds
    return params


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
