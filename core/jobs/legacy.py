"""The English texts jobs stored before stages and errors became codes, and the way between them.

Until then a job's `stage` and `error_message` held English words, written by the worker. The
migrations that made them codes (vision 0009, recipes 0008) turn each stored text into its code
and parameters, and back when they are reversed. This module is frozen with those texts: it
imports nothing of the site, so the migrations keep working whatever the site's words become.
A text it does not know becomes the stage its status implies, and an error keeps its code with
no parameters (it then reads as what that code says).
"""

from __future__ import annotations

import re
from typing import Any

Params = dict[str, Any]

# The service a job names in its words, and what it promised while it waited for the AI.
_SERVICES = {"photo": "photo service", "recipe": "recipe service", "": "AI service"}
_PROMISES = {
    "photo": "your photo is safe and will be processed",
    "recipe": "your request is safe and your recipes will be written",
    "": "your request is safe and will be handled",
}
_WAITING = {
    True: ("The AI is busy right now", "it has room"),
    False: ("The AI is not reachable right now", "it is back"),
}

_STAGES = {
    "Queued": "queued",
    "Waiting for the job queue": "waiting_for_queue",
    "Preparing your photo": "preparing_photo",
    "Looking at your photo": "reading_photo",
    "Waiting for the same photo to be read": "following_same_photo",
    "Waiting for the same request to finish": "following_same_request",
    "Writing your recipes": "writing_recipes",
    "Replacing recipes that broke your rules": "replacing_recipes",
    "The worker running this job stopped; starting it again": "worker_lost",
    "Done": "done",
    "Cancelled": "cancelled",
    "Failed": "failed",
}
_REUSED = {
    "Done (same photo as before)": ("done_reused", "photo"),
    "Done (same request as before)": ("done_reused", "recipe"),
    "Done (same photo as a moment ago)": ("done_joined", "photo"),
    "Done (same request as a moment ago)": ("done_joined", "recipe"),
}
_DATABASE_LOST = "Our database connection dropped; retrying in {delay} s"
_DATABASE_LOST_RE = re.compile(r"Our database connection dropped; retrying in (\d+) s")
_STAGE_FOR_STATUS = {
    "queued": "queued",
    "waiting": "waiting_for_ai",
    "running": "running",
    "succeeded": "done",
    "failed": "failed",
    "cancelled": "cancelled",
}


def _waiting_text(*, busy: bool, service: str) -> str:
    reason, until = _WAITING[busy]
    return f"{reason}; {_PROMISES.get(service, _PROMISES[''])} as soon as {until}"


def stage_from_text(text: str, *, status: str) -> tuple[str, Params]:
    """The stage code and parameters an old stage text stands for."""
    if text in _STAGES:
        return _STAGES[text], {}
    if text in _REUSED:
        return _REUSED[text][0], {}
    for busy in (True, False):
        for service in _PROMISES:
            if text == _waiting_text(busy=busy, service=service):
                return "waiting_for_ai", {"busy": busy, "service": service}
    found = _DATABASE_LOST_RE.fullmatch(text)
    if found:
        return "retrying", {"seconds": int(found.group(1))}
    return _STAGE_FOR_STATUS.get(status, "queued"), {}


def text_from_stage(code: str, params: Params, *, service: str) -> str:
    """The old English text of a stage, for a migration that is reversed."""
    for text, (reused, its_service) in _REUSED.items():
        if code == reused and its_service == ("photo" if service == "photo" else "recipe"):
            return text
    if code == "waiting_for_ai":
        return _waiting_text(busy=bool(params.get("busy")), service=params.get("service", service))
    if code == "retrying":
        return _DATABASE_LOST.format(delay=params.get("seconds", 1))
    if code == "running":
        return "Working on it"
    texts = {stage: text for text, stage in _STAGES.items()}
    return texts.get(code, "Queued")[:120]


_NOT_REACHABLE = "The AI is not reachable right now"
_ERRORS: dict[str, Params] = {
    (
        "This job stopped before finishing several times in a row, so we gave up on it. "
        "Press Retry to try again."
    ): {"reason": "too_many_attempts"},
    "This job waited too long in the queue and was stopped. Press Retry to try again.": {
        "reason": "queued_too_long"
    },
    "This took too long and was stopped. Press Retry to try again.": {},
    "Something went wrong on our side. Press Retry to try again.": {},
    f"{_NOT_REACHABLE}; we will try again as soon as it is back.": {"fault": "unavailable"},
    "The AI model this needs is not installed yet. Press Retry later.": {"fault": "model_missing"},
    "The AI service refused the request.": {"fault": "refused"},
    "The AI service failed while answering. Press Retry to try again.": {"fault": "server_error"},
    (
        "The AI gave an answer we could not read, even after asking again. "
        "Press Retry to try once more."
    ): {"fault": "invalid_reply"},
    "The AI reply was cut off before it was complete.": {"fault": "truncated"},
    "The AI service failed unexpectedly.": {"fault": "unexpected"},
    (
        "We could not see any food in this photo. Try a brighter, closer photo, "
        "or type your ingredients instead."
    ): {},
    (
        "The recipes we got did not respect your allergies, diet or time limit, so we "
        "did not show them. Press Retry to ask again."
    ): {},
}
# What each code said when no finer reason was stored with it.
_ERROR_FOR_CODE = {
    "ai_unavailable": "The AI was not reachable, so we stopped waiting. Press Retry to try again.",
    "ai_busy": "The AI stayed busy, so we stopped waiting. Press Retry to try again.",
    "model_missing": "The AI model this needs is not installed yet. Press Retry later.",
    "ai_error": "The AI service failed unexpectedly.",
    "invalid_reply": (
        "The AI gave an answer we could not read, even after asking again. "
        "Press Retry to try once more."
    ),
    "reply_truncated": "The AI reply was cut off before it was complete.",
    "no_ingredients": (
        "We could not see any food in this photo. Try a brighter, closer photo, "
        "or type your ingredients instead."
    ),
    "no_safe_recipes": (
        "The recipes we got did not respect your allergies, diet or time limit, so we "
        "did not show them. Press Retry to ask again."
    ),
    "ai_too_slow": "This took too long and was stopped. Press Retry to try again.",
    "timed_out": "This took too long and was stopped. Press Retry to try again.",
    "internal": "Something went wrong on our side. Press Retry to try again.",
}
_SERVICE_RE = "(photo service|recipe service|AI service)"
_BUSY_RE = re.compile(
    f"The {_SERVICE_RE} is busy right now; we will try again as soon as it has room\\."
)
_TOO_SLOW_RE = re.compile(
    f"The {_SERVICE_RE} took too long to answer, so we stopped waiting after "
    r"([0-9.e+-]+) s\. Press Retry to try again\."
)
_WAIT_OVER_RE = re.compile(
    r"The AI (?:stayed busy|was not reachable)(?: for (\d+) (second|seconds|minutes|hours))?, "
    r"so we stopped waiting\. Press Retry to try again\."
)
_UNIT_SECONDS = {"second": 1, "seconds": 1, "minutes": 60, "hours": 3600}


def _service_of(words: str) -> str:
    return {text: service for service, text in _SERVICES.items()}[words]


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() else value


def error_params_from_text(text: str) -> Params:
    """The error parameters an old error message stands for ({} when it says nothing finer
    than its code, or is not known)."""
    if text in _ERRORS:
        return dict(_ERRORS[text])
    if found := _BUSY_RE.fullmatch(text):
        return {"fault": "busy", "service": _service_of(found.group(1))}
    if found := _TOO_SLOW_RE.fullmatch(text):
        service, seconds = _service_of(found.group(1)), _number(found.group(2))
        return {"fault": "too_slow", "service": service, "seconds": seconds}
    if found := _WAIT_OVER_RE.fullmatch(text):
        amount, unit = found.groups()
        return {"waited": int(amount) * _UNIT_SECONDS[unit]} if amount else {"waited": 0}
    return {}


def _duration(seconds: float) -> str:
    whole = round(seconds)
    if whole < 120:
        return f"{whole} second{'s' if whole != 1 else ''}"
    if whole >= 7200 and whole % 3600 == 0:
        return f"{whole // 3600} hours"
    return f"{round(whole / 60)} minutes"


def _fault_text(fault: str, params: Params, *, service: str) -> str | None:
    words = _SERVICES.get(params.get("service", service), _SERVICES[""])
    if fault == "busy":
        return f"The {words} is busy right now; we will try again as soon as it has room."
    if fault == "too_slow" and "seconds" in params:
        return (
            f"The {words} took too long to answer, so we stopped waiting after "
            f"{float(params['seconds']):g} s. Press Retry to try again."
        )
    if fault == "breaker_open":
        fault = "unavailable"
    for text, its_params in _ERRORS.items():
        if its_params == {"fault": fault}:
            return text
    return None


def text_from_error(code: str, params: Params, *, service: str) -> str:
    """The old English error message of a failed job, for a migration that is reversed."""
    if not code:
        return ""
    if "waited" in params and code in ("ai_busy", "ai_unavailable"):
        state = "stayed busy" if code == "ai_busy" else "was not reachable"
        seconds = int(params["waited"])
        how_long = f" for {_duration(seconds)}" if seconds >= 1 else ""
        return f"The AI {state}{how_long}, so we stopped waiting. Press Retry to try again."
    if "fault" in params and (text := _fault_text(params["fault"], params, service=service)):
        return text
    for text, its_params in _ERRORS.items():
        if its_params and its_params == {"reason": params.get("reason")}:
            return text
    return _ERROR_FOR_CODE.get(code, "Something went wrong. Press Retry to try again.")


_BATCH = 500


def _dict(value: Any) -> Params:
    return value if isinstance(value, dict) else {}


def _rewrite(model: Any, *, read: list[str], write: list[str], change: Any) -> None:
    """Change every row of `model` with `change(row)`, saving `write` in batches."""
    batch = []
    for row in model.objects.only("pk", *read).iterator(chunk_size=_BATCH):
        change(row)
        batch.append(row)
        if len(batch) >= _BATCH:
            model.objects.bulk_update(batch, write)
            batch = []
    if batch:
        model.objects.bulk_update(batch, write)


def rows_to_codes(model: Any) -> None:
    """Migrate forward: every row's stage and error message become codes and parameters.

    `model` is the migration's historical model (it still has `error_message`).
    """

    def change(row: Any) -> None:
        row.stage, row.stage_params = stage_from_text(row.stage, status=row.status)
        row.error_params = error_params_from_text(row.error_message) if row.error_code else {}

    _rewrite(
        model,
        read=["status", "stage", "error_code", "error_message"],
        write=["stage", "stage_params", "error_params"],
        change=change,
    )


def rows_to_texts(model: Any, *, service: str) -> None:
    """Migrate backward: every row's codes and parameters become the old English texts."""

    def change(row: Any) -> None:
        row.stage = text_from_stage(row.stage, row.stage_params or {}, service=service)
        row.error_message = text_from_error(row.error_code, row.error_params or {}, service=service)

    _rewrite(
        model,
        read=["stage", "stage_params", "error_code", "error_params"],
        write=["stage", "error_message"],
        change=change,
    )
