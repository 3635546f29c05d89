"""Job state transitions, each a conditional UPDATE of the row.

A redelivered or duplicated task is a no-op or a safe re-run, and progress is written in short
committed updates that pollers see at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models import Q
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import metrics
from core.jobs.models import ACTIVE
from core.jobs.models import RETRYABLE
from core.jobs.models import Job
from core.jobs.models import JobStatus
from core.jobs.queue import job_publish_on_commit
from core.jobs.stages import Stage
from integrations.ollama.errors import StopReading

logger = logging.getLogger(__name__)


def job_claim(*, model: type[Job], job_id: int, redelivered: bool = False) -> Job | None:
    """Move a job to running for the message in hand; None when this message has nothing to do.

    A queued job is always claimed. A running job is claimed again only by a *redelivered*
    message: the broker hands an unacknowledged message (acks_late) to another worker after the
    one running it died, and that re-run is the point. A second, fresh message for a job that is
    already running (a duplicate publish by the sweeper) is a no-op, so one job never runs twice
    at once because of it. A finished job is never touched. A job waiting for the AI is claimed
    like a queued one: its retry came due.
    """
    claimable = Q(status__in=(JobStatus.QUEUED, JobStatus.WAITING))
    if redelivered:
        claimable |= Q(status=JobStatus.RUNNING)
    now = timezone.now()
    updated = model.objects.filter(claimable, pk=job_id).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        retry_at=None,
        error_code="",
        error_params={},
    )
    if not updated:
        return None
    return model.objects.get(pk=job_id)


def job_set_progress(
    *,
    job: Job,
    progress: int,
    stage: str,
    params: dict[str, Any] | None = None,
    eta_seconds: float | bool | None = False,
) -> bool:
    """Write progress in its own short committed update (pollers must see it at once).

    Progress never goes backwards: the update is conditional on the stored value being lower
    or equal, so a retry starting again at 5 % or a late writer cannot lower what a person
    already saw (the stage and its `params` are still written). `eta_seconds` sets when the
    model is expected to finish (None clears it, False leaves it). Returns False when the job is
    no longer running (cancelled, or finished by another run of it).
    """
    progress = max(0, min(100, progress))
    changes: dict[str, Any] = {"stage": stage, "stage_params": params or {}}
    if eta_seconds is not False:
        changes["eta_at"] = (
            None
            if eta_seconds is None
            else timezone.now() + timedelta(seconds=max(0.0, float(eta_seconds)))
        )
    rows = type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING)
    if rows.filter(progress__lte=progress).update(progress=progress, **changes):
        job.progress = progress
    elif not rows.update(**changes):
        return False
    job.stage, job.stage_params = stage, changes["stage_params"]
    if "eta_at" in changes:
        job.eta_at = changes["eta_at"]
    return True


class JobStopped(StopReading):
    """The job was cancelled (or deleted) while this worker ran it: stop at once and write
    nothing. Raised from a stream's progress callback it also closes the model's stream (the
    gateway's StopReading), so the model stops generating.
    """

    def __init__(self, job: Job, status: str) -> None:
        super().__init__(f"{job.kind} {job.pk} is {status}")
        self.status = status


def job_check_cancelled(job: Job) -> None:
    """Raise JobStopped if the job was cancelled or deleted (one indexed read).

    A job finished by another run of it (a redelivery) is left to finish: its writes are
    conditional on `running` and change nothing.
    """
    status = type(job).objects.filter(pk=job.pk).values_list("status", flat=True).first()
    if status is None or status == JobStatus.CANCELLED:
        raise JobStopped(job, status or "deleted")


def job_write_while_running(*, job: Job, write: Callable[[], None]) -> bool:
    """Write part of a running job's result now (a recipe as soon as it is written).

    The write shares one transaction with a conditional update of the row, which holds the
    row's lock until it commits: a cancel either comes first (nothing is written, False) or
    waits for the write. Nothing is ever written for a job that is no longer running.
    """
    with transaction.atomic():
        touched = (
            type(job)
            .objects.filter(pk=job.pk, status=JobStatus.RUNNING)
            .update(heartbeat_at=timezone.now())
        )
        if not touched:
            return False
        write()
    return True


def _finish(
    job: Job,
    statuses: Iterable[str],
    status: str,
    *,
    stage: str,
    code: str = "",
    params: dict[str, Any] | None = None,
    **columns: Any,
) -> int:
    """End a job that is in one of `statuses`, in one conditional update: its last status and
    stage, its error and what its words need (none unless it failed), when it finished, and
    nothing left to wait for (no retry, no estimate). The number of rows changed: 0 when
    someone else ended it first."""
    return (
        type(job)
        .objects.filter(pk=job.pk, status__in=statuses)
        .update(
            status=status,
            stage=stage,
            stage_params={},
            error_code=code,
            error_params=params or {},
            finished_at=timezone.now(),
            retry_at=None,
            eta_at=None,
            **columns,
        )
    )


def job_cancel(*, job: Job) -> bool:
    """Its owner stops a queued or running job: `cancelled` at once; False if it had finished.

    The worker running it sees the status at its next progress report (within a second while
    the model streams), closes the model's stream and writes nothing more: every write of a
    result is conditional on `running`.
    """
    updated = _finish(job, ACTIVE, JobStatus.CANCELLED, stage=Stage.CANCELLED)
    if updated:
        job.refresh_from_db()
        logger.info("job cancelled", extra={"job_id": job.pk, "job_kind": job.kind})
        _observe_finished(job)
    return bool(updated)


def job_succeed(
    *, job: Job, stage: str = Stage.DONE, write: Callable[[], None] | None = None
) -> bool:
    """Finish a running job, writing its results in the same transaction.

    Returns False (and writes nothing) when the job was finished by someone else meanwhile, so a
    duplicate run never creates a second set of results.
    """
    with transaction.atomic():
        if not _finish(job, (JobStatus.RUNNING,), JobStatus.SUCCEEDED, stage=stage, progress=100):
            return False
        if write is not None:
            write()
    job.refresh_from_db()
    _observe_finished(job)
    return True


def job_fail(
    *,
    job: Job,
    code: str,
    params: dict[str, Any] | None = None,
    statuses: tuple[str, ...] = (JobStatus.RUNNING,),
) -> bool:
    """Fail a job with an error code and what its words need (core.job_words)."""
    updated = _finish(job, statuses, JobStatus.FAILED, stage=Stage.FAILED, code=code, params=params)
    if updated:
        job.refresh_from_db()
        logger.warning(
            "job failed",
            extra={"job_id": job.pk, "job_kind": job.kind, "error_code": code},
        )
        _observe_finished(job)
    return bool(updated)


def _run_again_later(
    job: Job,
    status: str,
    *,
    now: datetime,
    delay_seconds: float,
    stage: str,
    params: dict[str, Any],
    **columns: Any,
) -> None:
    """A running job leaves its worker to run again in `delay_seconds` (the caller publishes
    its message now, with that countdown); the stage says why and when."""
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=status,
        stage=stage,
        stage_params=params,
        retry_at=now + timedelta(seconds=delay_seconds),
        published_at=now,
        **columns,
    )


def job_wait_for_retry(
    *, job: Job, delay_seconds: float, stage: str, params: dict[str, Any] | None = None
) -> None:
    """Put a job back in the queue after a fault of our own, telling the user when it retries."""
    _run_again_later(
        job,
        JobStatus.QUEUED,
        now=timezone.now(),
        delay_seconds=delay_seconds,
        stage=stage,
        params=params or {},
        eta_at=None,
    )


def job_wait_for_ai(*, job: Job, delay_seconds: float, params: dict[str, Any]) -> None:
    """The AI is unreachable, busy or loading: the job waits (keeping its place) and retries.

    The stage is Stage.WAITING_FOR_AI with `params` saying whether the AI is busy and which
    service waits. `waiting_since` keeps the first wait (the budget counts from there); `waits`
    counts them, so the claims they cause are not taken for crashes.
    """
    now = timezone.now()
    _run_again_later(
        job,
        JobStatus.WAITING,
        now=now,
        delay_seconds=delay_seconds,
        stage=Stage.WAITING_FOR_AI,
        params=params,
        waiting_since=Coalesce(F("waiting_since"), Value(now)),
        waits=F("waits") + 1,
    )


def job_waited_seconds(job: Job) -> float:
    """How long the job has waited for the AI so far: since its first wait, and at least one
    second per wait (each wait lasts at least that long, even when the clock says less, as for a
    task run in-process where Celery does not sleep the countdown)."""
    since = job.waiting_since
    clock = (timezone.now() - since).total_seconds() if since else 0.0
    return max(clock, float(job.waits))


def job_reset_for_retry(*, job: Job) -> bool:
    """Staff or user retry of a failed or cancelled job: back to queued with a fresh budget,
    then published.

    `attempts` and the waiting budget start again from zero: a job that failed because the AI
    service stayed down waits its full time again when someone presses Retry.
    """
    updated = (
        type(job)
        .objects.filter(pk=job.pk, status__in=RETRYABLE)
        .update(
            status=JobStatus.QUEUED,
            progress=0,
            stage=Stage.QUEUED,
            stage_params={},
            error_code="",
            error_params={},
            attempts=0,
            waits=0,
            waiting_since=None,
            started_at=None,
            finished_at=None,
            published_at=None,
            retry_at=None,
            eta_at=None,
            created_at=timezone.now(),
        )
    )
    if updated:
        job.refresh_from_db()
        job_publish_on_commit(job=job)
    return bool(updated)


def _observe_finished(job: Job) -> None:
    metrics.job_finished(job)


def job_requeue_lost(*, model: type[Job], older_than: timedelta) -> int:
    """Put running jobs whose heartbeat stopped back in the queue, unpublished (the sweep
    publishes them). Some brokers (the embedded filesystem one) never hand a dead worker's
    message to another worker; the heartbeat finds those jobs on every broker."""
    cutoff = timezone.now() - older_than
    return model.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).update(
        status=JobStatus.QUEUED,
        stage=Stage.WORKER_LOST,
        stage_params={},
        published_at=None,
        retry_at=None,
        heartbeat_at=None,
        eta_at=None,
    )
