"""The words a person reads about a job: its stage and why it failed, in the reader's language.

A job stores codes and parameters (core.jobs.stages, ErrorCode, `stage_params`,
`error_params`); they become words here, when a page, the admin or the API shows them, so a
Russian reader of a job a worker wrote reads Russian. Each job names its AI service ("photo",
"recipe"), so a message describes what the person was waiting for. A person never reads how to
run the site (`ollama serve`, a host address): that goes to the operator, in the logs
(core.ai_messages.operator_hint). An unknown code or a broken parameter gives a plain, generic
phrase, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from core.ai_messages import fault_params
from core.jobs.models import ErrorCode
from core.jobs.models import JobStatus
from core.jobs.stages import ErrorReason
from core.jobs.stages import Stage
from integrations.ollama.errors import AIServiceError

Params = Mapping[str, Any] | None

PHOTO = "photo"
RECIPE = "recipe"

_STAGES: dict[str, Promise] = {
    Stage.QUEUED: gettext_lazy("Queued"),
    Stage.WAITING_FOR_QUEUE: gettext_lazy("Waiting for the job queue"),
    Stage.RUNNING: gettext_lazy("Working on it"),
    Stage.PREPARING_PHOTO: gettext_lazy("Preparing your photo"),
    Stage.READING_PHOTO: gettext_lazy("Looking at your photo"),
    Stage.FOLLOWING_SAME_PHOTO: gettext_lazy("Waiting for the same photo to be read"),
    Stage.FOLLOWING_SAME_REQUEST: gettext_lazy("Waiting for the same request to finish"),
    Stage.REPLACING_RECIPES: gettext_lazy("Replacing recipes that broke your rules"),
    Stage.WORKER_LOST: gettext_lazy("The worker running this job stopped; starting it again"),
    Stage.DONE: gettext_lazy("Done"),
    Stage.CANCELLED: gettext_lazy("Cancelled"),
    Stage.FAILED: gettext_lazy("Failed"),
}


def _int(params: Params, key: str) -> int | None:
    """A whole number parameter, or None when it is missing or not a number."""
    try:
        return int((params or {})[key])
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


def _service(params: Params, default: str) -> str:
    value = (params or {}).get("service", default)
    return value if isinstance(value, str) else default


def stage_words(stage: str, params: Params = None, *, service: str = "", status: str = "") -> str:
    """What the job is doing now. An unknown stage reads as its status (or "Working on it")."""
    service = _service(params, service)
    match stage:
        case Stage.WRITING_RECIPES:
            return _writing(params)
        case Stage.WAITING_FOR_AI:
            return _waiting(busy=bool((params or {}).get("busy")), service=service)
        case Stage.RETRYING:
            return _retrying(params)
        case Stage.DONE_REUSED:
            if service == PHOTO:
                return _("Done (same photo as before)")
            return _("Done (same request as before)")
        case Stage.DONE_JOINED:
            if service == PHOTO:
                return _("Done (same photo as a moment ago)")
            return _("Done (same request as a moment ago)")
    if stage in _STAGES:
        return str(_STAGES[stage])
    if status in JobStatus.values:
        return str(JobStatus(status).label)
    return str(_STAGES[Stage.RUNNING])


def _writing(params: Params) -> str:
    """ "Writing recipe 2 of 3" while a generation streams; the whole when the count is unknown."""
    done, total = _int(params, "done"), _int(params, "total")
    if done is None or total is None or total < 2 or done < 0:
        return _("Writing your recipes")
    return _("Writing recipe %(number)d of %(total)d") % {
        "number": min(done + 1, total),
        "total": total,
    }


def _waiting(*, busy: bool, service: str) -> str:
    """The stage of a job waiting for the AI: what is wrong, and what it is waiting for."""
    if busy:
        if service == PHOTO:
            return _(
                "The AI is busy right now; your photo is safe and will be processed as soon "
                "as it has room"
            )
        if service == RECIPE:
            return _(
                "The AI is busy right now; your request is safe and your recipes will be "
                "written as soon as it has room"
            )
        return _(
            "The AI is busy right now; your request is safe and will be handled as soon as it "
            "has room"
        )
    if service == PHOTO:
        return _(
            "The AI is not reachable right now; your photo is safe and will be processed as "
            "soon as it is back"
        )
    if service == RECIPE:
        return _(
            "The AI is not reachable right now; your request is safe and your recipes will be "
            "written as soon as it is back"
        )
    return _(
        "The AI is not reachable right now; your request is safe and will be handled as soon "
        "as it is back"
    )


def _retrying(params: Params) -> str:
    seconds = _int(params, "seconds")
    if seconds is None:
        return _("Our database connection dropped; retrying shortly")
    return _("Our database connection dropped; retrying in %(seconds)d s") % {"seconds": seconds}


def duration_words(seconds: float) -> str:
    """How long, in the words of "for 30 minutes": seconds under two minutes, whole hours from
    two hours, minutes otherwise."""
    whole = round(seconds)
    if whole < 120:
        return ngettext("%(count)d second", "%(count)d seconds", whole) % {"count": whole}
    if whole >= 7200 and whole % 3600 == 0:
        hours = whole // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = round(whole / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _number(value: float) -> str:
    """A number as the reader writes it: 1.5 in English, 1,5 in Russian; 90, not 90.0."""
    return f"{value:g}".replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


# The words of each fault of a model call (integrations.ollama.errors.Fault, in
# `error_params["fault"]`) that need no parameter.
_FAULTS: dict[str, Promise] = {
    "unavailable": gettext_lazy(
        "The AI is not reachable right now; we will try again as soon as it is back."
    ),
    "breaker_open": gettext_lazy(
        "The AI is not reachable right now; we will try again as soon as it is back."
    ),
    "model_missing": gettext_lazy(
        "The AI model this needs is not installed yet. Press Retry later."
    ),
    "refused": gettext_lazy("The AI service refused the request."),
    "server_error": gettext_lazy(
        "The AI service failed while answering. Press Retry to try again."
    ),
    "invalid_reply": gettext_lazy(
        "The AI gave an answer we could not read, even after asking again. "
        "Press Retry to try once more."
    ),
    "truncated": gettext_lazy("The AI reply was cut off before it was complete."),
    "unexpected": gettext_lazy("The AI service failed unexpectedly."),
}

# What each error code says when its parameters say nothing finer.
_ERRORS: dict[str, Promise] = {
    ErrorCode.AI_UNAVAILABLE: gettext_lazy(
        "The AI was not reachable, so we stopped waiting. Press Retry to try again."
    ),
    ErrorCode.AI_BUSY: gettext_lazy(
        "The AI stayed busy, so we stopped waiting. Press Retry to try again."
    ),
    ErrorCode.MODEL_MISSING: _FAULTS["model_missing"],
    ErrorCode.AI_ERROR: _FAULTS["unexpected"],
    ErrorCode.INVALID_REPLY: _FAULTS["invalid_reply"],
    ErrorCode.REPLY_TRUNCATED: _FAULTS["truncated"],
    ErrorCode.NO_INGREDIENTS: gettext_lazy(
        "We could not see any food in this photo. Try a brighter, closer photo, or type your "
        "ingredients instead."
    ),
    ErrorCode.NO_SAFE_RECIPES: gettext_lazy(
        "The recipes we got did not respect your allergies, diet or time limit, so we did not "
        "show them. Press Retry to ask again."
    ),
    ErrorCode.AI_TOO_SLOW: gettext_lazy(
        "This took too long and was stopped. Press Retry to try again."
    ),
    ErrorCode.TIMED_OUT: gettext_lazy(
        "This took too long and was stopped. Press Retry to try again."
    ),
    ErrorCode.BROKER_UNAVAILABLE: gettext_lazy(
        "The job queue is not reachable right now. Press Retry in a minute."
    ),
    ErrorCode.INTERNAL: gettext_lazy("Something went wrong on our side. Press Retry to try again."),
}

_REASONS: dict[str, Promise] = {
    ErrorReason.TOO_MANY_ATTEMPTS: gettext_lazy(
        "This job stopped before finishing several times in a row, so we gave up on it. "
        "Press Retry to try again."
    ),
    ErrorReason.QUEUED_TOO_LONG: gettext_lazy(
        "This job waited too long in the queue and was stopped. Press Retry to try again."
    ),
}


def error_words(code: str, params: Params = None, *, service: str = "") -> str:
    """Why the job failed, to show a person; "" when it has no error code.

    The finest thing the parameters say wins: how long the job waited for the AI, else the
    fault of the model call, else a reason of our own, else what the code says.
    """
    if not code:
        return ""
    params = params or {}
    service = _service(params, service)
    waited = _int(params, "waited")
    if waited is not None and code in (ErrorCode.AI_BUSY, ErrorCode.AI_UNAVAILABLE):
        return _wait_over(busy=code == ErrorCode.AI_BUSY, seconds=waited)
    fault = params.get("fault")
    if fault == "busy":
        return _busy(service)
    seconds = _seconds(params)
    if fault == "too_slow" and seconds is not None:
        return _too_slow(service, seconds=seconds)
    if isinstance(fault, str) and fault in _FAULTS:
        return str(_FAULTS[fault])
    reason = params.get("reason")
    if isinstance(reason, str) and reason in _REASONS:
        return str(_REASONS[reason])
    if code in _ERRORS:
        return str(_ERRORS[code])
    return _("Something went wrong. Press Retry to try again.")


def _seconds(params: Mapping[str, Any]) -> float | None:
    value = params.get("seconds")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _wait_over(*, busy: bool, seconds: int) -> str:
    """A job that waited for the AI for its whole budget (OLLAMA_WAIT_MAX_SECONDS) and failed."""
    if seconds < 1:
        return str(_ERRORS[ErrorCode.AI_BUSY if busy else ErrorCode.AI_UNAVAILABLE])
    words = {"duration": duration_words(seconds)}
    if busy:
        return (
            _(
                "The AI stayed busy for %(duration)s, so we stopped waiting. Press Retry to "
                "try again."
            )
            % words
        )
    return (
        _(
            "The AI was not reachable for %(duration)s, so we stopped waiting. Press Retry to "
            "try again."
        )
        % words
    )


def _busy(service: str) -> str:
    if service == PHOTO:
        return _("The photo service is busy right now; we will try again as soon as it has room.")
    if service == RECIPE:
        return _("The recipe service is busy right now; we will try again as soon as it has room.")
    return _("The AI service is busy right now; we will try again as soon as it has room.")


def _too_slow(service: str, *, seconds: float) -> str:
    words = {"seconds": _number(seconds)}
    if service == PHOTO:
        text = _(
            "The photo service took too long to answer, so we stopped waiting after "
            "%(seconds)s s. Press Retry to try again."
        )
    elif service == RECIPE:
        text = _(
            "The recipe service took too long to answer, so we stopped waiting after "
            "%(seconds)s s. Press Retry to try again."
        )
    else:
        text = _(
            "The AI service took too long to answer, so we stopped waiting after "
            "%(seconds)s s. Press Retry to try again."
        )
    return text % words


def fault_words(exc: AIServiceError, *, service: str = "") -> str:
    """What a person reads about a failed model call that ended their job."""
    return error_words(exc.code, fault_params(exc, service=service), service=service)
