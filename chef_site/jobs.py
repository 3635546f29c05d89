"""The abstract job row (Scan, Generation) and its state transitions.

The row is the source of truth; Celery carries only its id. Every transition is a conditional
UPDATE, so a redelivered or duplicated task is a no-op or a safe re-run, and progress is written in
short committed updates that pollers see at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


TERMINAL = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class ErrorCode(models.TextChoices):
    """Machine-readable reasons a job failed; the user-facing message goes with each."""

    AI_UNAVAILABLE = "ai_unavailable", "AI service unreachable"
    AI_BUSY = "ai_busy", "AI service busy"
    MODEL_MISSING = "model_missing", "Model not installed"
    AI_ERROR = "ai_error", "AI service error"
    INVALID_REPLY = "invalid_reply", "Model reply invalid"
    REPLY_TRUNCATED = "reply_truncated", "Model reply cut off"
    NO_INGREDIENTS = "no_ingredients", "Nothing recognised"
    NO_SAFE_RECIPES = "no_safe_recipes", "No recipe passed the safety checks"
    AI_TOO_SLOW = "ai_too_slow", "AI reply over its deadline"
    TIMED_OUT = "timed_out", "Took too long"
    BROKER_UNAVAILABLE = "broker_unavailable", "Queue unavailable"
    INTERNAL = "internal", "Internal error"


class JobQuerySet(models.QuerySet["Job"]):
    def active(self) -> Self:
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


class Job(models.Model):
    """Columns and transitions shared by every long-running job."""

    kind: ClassVar[str] = "job"
    task_name: ClassVar[str] = ""

    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, default="Queued")
    error_code = models.CharField(max_length=32, choices=ErrorCode.choices, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    model_name = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When set, the job waits for the AI service until then (backoff after a transient fault).
    retry_at = models.DateTimeField(null=True, blank=True)
    # Refreshed by the worker while the job runs; a stale one means the worker is gone.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints: ClassVar[list[Any]] = []

    @property
    def is_finished(self) -> bool:
        return self.status in TERMINAL

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def progress_constraint(self) -> None:  # pragma: no cover - documented invariant
        """progress is 0–100; the DB check constraint is declared on each concrete model."""


def progress_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(progress__gte=0) & Q(progress__lte=100), name=f"{name}_progress_0_100"
    )


# --- transitions ------------------------------------------------------------------------------


def job_claim(*, model: type[Job], job_id: int, redelivered: bool = False) -> Job | None:
    """Move a job to running for the message in hand; None when this message has nothing to do.

    A queued job is always claimed. A running job is claimed again only by a *redelivered*
    message: the broker hands an unacknowledged message (acks_late) to another worker after the
    one running it died, and that re-run is the point. A second, fresh message for a job that is
    already running (a duplicate publish by the sweeper) is a no-op, so one job never runs twice
    at once because of it. A finished job is never touched.
    """
    claimable = Q(status=JobStatus.QUEUED)
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
        error_message="",
    )
    if not updated:
        return None
    return model.objects.get(pk=job_id)


def job_set_progress(*, job: Job, progress: int, stage: str) -> None:
    """Write progress in its own short committed update (pollers must see it at once)."""
    progress = max(0, min(100, progress))
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        progress=progress, stage=stage[:120]
    )
    job.progress, job.stage = progress, stage[:120]


def job_succeed(*, job: Job, stage: str = "Done", write: Callable[[], None] | None = None) -> bool:
    """Finish a running job, writing its results in the same transaction.

    Returns False (and writes nothing) when the job was finished by someone else meanwhile, so a
    duplicate run never creates a second set of results.
    """
    with transaction.atomic():
        updated = (
            type(job)
            .objects.filter(pk=job.pk, status=JobStatus.RUNNING)
            .update(
                status=JobStatus.SUCCEEDED,
                progress=100,
                stage=stage,
                finished_at=timezone.now(),
                error_code="",
                error_message="",
            )
        )
        if not updated:
            return False
        if write is not None:
            write()
    job.refresh_from_db()
    _observe_finished(job)
    return True


def job_fail(
    *, job: Job, code: str, message: str, statuses: tuple[str, ...] = (JobStatus.RUNNING,)
) -> bool:
    updated = (
        type(job)
        .objects.filter(pk=job.pk, status__in=statuses)
        .update(
            status=JobStatus.FAILED,
            stage="Failed",
            error_code=code,
            error_message=message[:500],
            finished_at=timezone.now(),
            retry_at=None,
        )
    )
    if updated:
        job.refresh_from_db()
        logger.warning(
            "job failed",
            extra={"job_id": job.pk, "job_kind": job.kind, "error_code": code},
        )
        _observe_finished(job)
    return bool(updated)


def job_wait_for_retry(*, job: Job, delay_seconds: float, message: str) -> None:
    """Put a job back in the queue after a transient fault, telling the user when it retries."""
    now = timezone.now()
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED,
        stage=message[:120],
        retry_at=now + timedelta(seconds=delay_seconds),
        published_at=now,
    )


def job_reset_for_retry(*, job: Job) -> bool:
    """Staff or user retry of a failed job: back to queued with a fresh budget, then published.

    `attempts` starts again from zero: a job that failed because the AI service stayed down gets
    its full set of automatic retries when someone presses Retry, not a single try.
    """
    updated = (
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.FAILED)
        .update(
            status=JobStatus.QUEUED,
            progress=0,
            stage="Queued",
            error_code="",
            error_message="",
            attempts=0,
            started_at=None,
            finished_at=None,
            published_at=None,
            retry_at=None,
            created_at=timezone.now(),
        )
    )
    if updated:
        job.refresh_from_db()
        job_publish_on_commit(job=job)
    return bool(updated)


# --- publishing -------------------------------------------------------------------------------

WAITING_FOR_QUEUE = "Waiting for the job queue"


def job_publish(*, job: Job) -> bool:
    """Publish the job's id on its queue; a broker outage leaves the row queued for the sweeper.

    The upload and the row are already committed, so nothing is lost: `jobs_sweep` re-publishes
    queued rows that were never published. Publishing does not retry (the request would hang for
    the whole outage); the broker connection timeout bounds how long a request waits.
    """
    from chef_site.celery import app

    try:
        # No time limits in the message: Celery would otherwise copy the publisher's settings
        # into it, and the worker's own JOB_*_TIME_LIMIT would be ignored for web-made jobs.
        app.send_task(
            job.task_name, args=[job.pk], retry=False, time_limit=None, soft_time_limit=None
        )
    except Exception as exc:  # kombu raises several families of connection errors
        logger.warning(
            "broker unavailable; job kept for re-publishing",
            extra={"job_id": job.pk, "job_kind": job.kind, "error": str(exc)},
        )
        job_mark_unpublished(job=job)
        return False
    type(job).objects.filter(pk=job.pk).update(published_at=timezone.now())
    return True


def job_mark_unpublished(*, job: Job) -> None:
    """No message for this queued job is in the broker: the next sweep publishes it."""
    type(job).objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        stage=WAITING_FOR_QUEUE, published_at=None
    )


def job_publish_on_commit(*, job: Job) -> None:
    transaction.on_commit(lambda: job_publish(job=job))


def job_unpublished(*, model: type[Job]) -> models.QuerySet[Job]:
    """Queued jobs with no message in the broker: the publish failed or never happened."""
    return model.objects.filter(status=JobStatus.QUEUED, published_at__isnull=True)


def job_overdue(*, model: type[Job]) -> models.QuerySet[Job]:
    """Queued jobs published long ago (or due for a retry long ago) and still not started.

    Their message may be lost, or merely waiting behind others: the sweeper tells the two apart
    by the queue's backlog before publishing again.
    """
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_QUEUED_SECONDS)
    return model.objects.filter(status=JobStatus.QUEUED, published_at__lt=stale).filter(
        Q(retry_at__isnull=True) | Q(retry_at__lt=stale)
    )


def queue_backlog(*, model: type[Job]) -> int | None:
    """Messages ready in the job's queue, or None when the broker cannot tell us."""
    from chef_site.celery import app

    try:
        queue = app.amqp.router.route({}, model.task_name)["queue"]
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
            _, ready, _ = queue.bind(conn.default_channel).queue_declare(passive=True)
    except Exception as exc:  # kombu's transports raise different families of errors
        if "NOT_FOUND" in str(exc):
            return 0  # no queue at all: nothing can be waiting in it
        logger.info("queue backlog unknown", extra={"job_kind": model.kind, "error": str(exc)})
        return None
    return int(ready)


def _observe_finished(job: Job) -> None:
    from chef_site import metrics

    metrics.job_finished(job)


WORKER_LOST = "The worker running this job stopped; starting it again"


def job_requeue_lost(*, model: type[Job], older_than: timedelta) -> int:
    """Put running jobs whose heartbeat stopped back in the queue, unpublished (the sweep
    publishes them). Some brokers (the embedded filesystem one) never hand a dead worker's
    message to another worker; the heartbeat finds those jobs on every broker."""
    cutoff = timezone.now() - older_than
    return model.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).update(
        status=JobStatus.QUEUED,
        stage=WORKER_LOST,
        published_at=None,
        retry_at=None,
        heartbeat_at=None,
    )
