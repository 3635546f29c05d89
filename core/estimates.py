"""How long a model takes on this site, from the model-call log: the source of every estimate.

For a model and a purpose, the recent successful calls (ModelCall rows with `outcome=ok`) give
how many tokens such a reply takes (the median `eval_count`, per item written: per recipe for a
generation) and how many seconds of the person's time a token costs here (the median of
`wall_ms / eval_count`, so the model's load and prompt time are in it). Progress compares the
tokens received with the first; "about N s left" multiplies the tokens still to come by the
second. With no recorded call there is no estimate, and the page shows no number rather than a
made-up one.
"""

from __future__ import annotations

import math
import statistics
import threading
import time
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs.models import Job
from core.jobs.models import JobStatus
from core.models import ModelCall

# How many recent calls make an estimate, and how long one process keeps it before asking again
# (a poll should not pay for a median: the estimate moves slowly).
SAMPLE_CALLS = 50
MEMO_SECONDS = 30.0


@dataclass(frozen=True)
class ModelSpeed:
    """What the log says about one model doing one kind of work."""

    tokens_per_unit: float  # output tokens of a usual reply, per item it writes
    seconds_per_token: float  # wall-clock seconds per output token, call overhead included
    samples: int

    def seconds_for(self, tokens: float) -> float:
        return max(0.0, tokens) * self.seconds_per_token


_memo: dict[tuple[str, str, str], tuple[float, ModelSpeed | None]] = {}
_memo_lock = threading.Lock()


def forget() -> None:
    """Drop every remembered estimate (the tests start each case from the log as it is)."""
    with _memo_lock:
        _memo.clear()


def model_speed(
    *, model: str, purpose: str, units_lookup: str = "", fresh: bool = False
) -> ModelSpeed | None:
    """The recorded speed of `model` for `purpose`, or None when it never answered here.

    `units_lookup` names the field of a call that holds how many items its reply wrote (the
    job kind says which, e.g. a generation's recipe count); without it a reply is one item.
    A poll takes what this process measured in the last MEMO_SECONDS; `fresh` (a worker
    about to call the model, once per call) reads the log now.
    """
    key = (model, purpose, units_lookup)
    now = time.monotonic()
    with _memo_lock:
        memo = _memo.get(key)
    if not fresh and memo is not None and memo[0] > now:
        return memo[1]
    speed = _measure(model=model, purpose=purpose, units_lookup=units_lookup)
    with _memo_lock:
        _memo[key] = (now + MEMO_SECONDS, speed)
    return speed


def _measure(*, model: str, purpose: str, units_lookup: str) -> ModelSpeed | None:
    fields = ["eval_count", "wall_ms", *([units_lookup] if units_lookup else [])]
    rows = list(
        ModelCall.objects.filter(
            model=model,
            purpose=purpose,
            outcome__in=(ModelCall.Outcome.OK, ModelCall.Outcome.SALVAGED),
            eval_count__gt=0,
            wall_ms__gt=0,
        )
        .order_by("-created_at")
        .values_list(*fields)[:SAMPLE_CALLS]
    )
    if not rows:
        return None
    per_unit = [row[0] / max(1, (row[2] if units_lookup else 1) or 1) for row in rows]
    per_token = [row[1] / 1000 / row[0] for row in rows]
    return ModelSpeed(
        tokens_per_unit=statistics.median(per_unit),
        seconds_per_token=statistics.median(per_token),
        samples=len(rows),
    )


def speed_for(job: Job, *, fresh: bool = False) -> ModelSpeed | None:
    """The recorded speed of the model this job uses, for the work it does."""
    model = job.model_name
    if not model or not job.model_purpose:
        return None
    return model_speed(
        model=model, purpose=job.model_purpose, units_lookup=job.units_lookup, fresh=fresh
    )


def job_eta_seconds(job: Job) -> int | None:
    """Seconds until the job is expected to be done, or None when there is no estimate.

    A running job carries the estimate its worker wrote from the tokens received so far
    (`eta_at`). A queued job is expected to take what such a job usually takes here, after its
    retry time if it is waiting for one (the queue ahead of it is not counted). A finished job
    has none.
    """
    if job.status == JobStatus.RUNNING:
        if job.eta_at is None:
            return None
        return max(0, math.ceil((job.eta_at - timezone.now()).total_seconds()))
    if job.status != JobStatus.QUEUED:
        return None
    speed = speed_for(job)
    if speed is None:
        return None
    wait = 0.0
    if job.retry_at is not None:
        wait = max(0.0, (job.retry_at - timezone.now()).total_seconds())
    return math.ceil(wait + speed.seconds_for(speed.tokens_per_unit * job.estimate_units))


def eta_words(seconds: int | None) -> str:
    """An estimate in words for the page: "about 40 s left", "about 2 min left"."""
    if seconds is None:
        return ""
    if seconds <= 2:
        return _("almost done")
    if seconds < 90:
        return _("about %(seconds)d s left") % {"seconds": seconds}
    return _("about %(minutes)d min left") % {"minutes": round(seconds / 60)}
